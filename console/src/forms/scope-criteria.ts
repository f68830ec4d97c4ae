import type { ProductScope } from './product-fields';

/** The criteria the form draws; others (brands, tags, attributes) are kept from a stored scope. */
const drawn = new Set(['categoryIds', 'skus']);

/** Whether a scope names no criterion at all, and so reaches every product. */
export function isEverything(scope: ProductScope | undefined): boolean {
  return Object.values(scope ?? {}).every((criterion) => criterion === undefined);
}

/** Whether a scope has criteria the form does not draw. */
export function hasOtherCriteria(scope: ProductScope | undefined): boolean {
  return Object.entries(scope ?? {}).some(
    ([key, criterion]) => !drawn.has(key) && criterion !== undefined,
  );
}
