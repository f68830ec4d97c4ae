import type { CatalogueWriter } from '../catalogue/catalogue-writer.ts';
import { maxCategoriesPerCall, type UpsertSummary } from '../catalogue/categories.ts';
import { type Category, parentsFirst } from '../catalogue/category-tree.ts';
import type { ServerApi } from './server-api.ts';

/** Catalogue writes through the server's bulk endpoints, `PUT /v1/categories` and `/v1/products`. */
export function httpCatalogue(api: ServerApi): CatalogueWriter {
  const categoryLinks = async () =>
    (await api.call<{ items: Category[] }>('GET', '/v1/categories')).items.map(
      ({ id, parentId }) => ({ id, parentId }),
    );
  return {
    categoryLinks,
    async putCategories(batch) {
      if (batch.length <= maxCategoriesPerCall) {
        return api.call<UpsertSummary>('PUT', '/v1/categories', { categories: batch });
      }
      // Over one call's limit: parents go in an earlier call than their children.
      const ordered = parentsFirst(await categoryLinks(), batch);
      const total: UpsertSummary = { received: 0, created: 0, updated: 0, unchanged: 0 };
      for (let i = 0; i < ordered.length; i += maxCategoriesPerCall) {
        const categories = ordered.slice(i, i + maxCategoriesPerCall);
        const part = await api.call<UpsertSummary>('PUT', '/v1/categories', { categories });
        for (const key of ['received', 'created', 'updated', 'unchanged'] as const) {
          total[key] += part[key];
        }
      }
      return total;
    },
    upsertProducts: (batch) => api.call<UpsertSummary>('PUT', '/v1/products', { products: batch }),
  };
}
