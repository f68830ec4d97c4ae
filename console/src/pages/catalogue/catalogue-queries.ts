import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';

export type StoredProduct = components['schemas']['StoredProduct'];
export type CatalogueImportReport = components['schemas']['CatalogueImportReport'];

/** Every category's product count, with and without its subcategories, and the total. */
export function useProductCounts() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['categories', 'product-counts'],
    queryFn: async () => dataOf(await client.GET('/v1/categories/product-counts')),
  });
}

export interface ProductFilter {
  /** The category, subcategories included; null: every product. */
  categoryId: string | null;
  /** A part of the name or SKU; empty: no search. */
  q: string;
  /** The previous page's last SKU (keyset paging). */
  after: string | undefined;
}

export const productsPageSize = 20;

/** A page of products by SKU; the page shown stays while the next one loads. */
export function useCatalogueProducts({ categoryId, q, after }: ProductFilter) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['products', 'catalogue', categoryId, q, after],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(
        await client.GET('/v1/products', {
          params: {
            query: {
              limit: productsPageSize,
              ...(categoryId ? { categoryId } : {}),
              ...(q ? { q } : {}),
              ...(after ? { after } : {}),
            },
          },
        }),
      ),
  });
}
