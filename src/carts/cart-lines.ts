import type { CategoryTree } from '../catalogue/category-tree.ts';
import type { ProductFacts } from '../catalogue/product-facts.ts';
import type { CartLine } from '../engine/model/cart.ts';
import { ProblemCollector } from '../errors.ts';

/** Product facts a line may carry inline, for products the catalogue does not (yet) know. */
export interface InlineFacts {
  categoryId?: string;
  brand?: string;
  attributes?: Record<string, string | number | boolean>;
  tags?: string[];
  minPriceMinor?: number;
  noDiscount?: boolean;
  noPointsPayment?: boolean;
  noAccrual?: boolean;
}

export interface RequestLine {
  lineId: string;
  sku: string;
  unitPriceMinor: number;
  quantity?: number;
  quantityMilli?: number;
  product?: InlineFacts;
}

/**
 * Turns request lines into engine lines with product facts. The catalogue is the source of truth;
 * inline facts fill what it does not know. Restrictions only add up: a flag set on either side
 * holds, and the higher minimum price wins, so a till can tighten but never loosen a legal minimum.
 */
export function buildCartLines(
  lines: readonly RequestLine[],
  catalogue: ReadonlyMap<string, ProductFacts>,
  tree: CategoryTree,
): CartLine[] {
  const problems = new ProblemCollector();
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (seen.has(line.lineId))
      problems.add(
        `/lines/${i}/lineId`,
        'duplicate_line_id',
        `lineId "${line.lineId}" appears twice`,
      );
    seen.add(line.lineId);
    if ((line.quantity === undefined) === (line.quantityMilli === undefined)) {
      problems.add(
        `/lines/${i}/quantity`,
        'quantity_required',
        'give exactly one of quantity (units) or quantityMilli (weighted goods, thousandths)',
      );
    }
    const categoryId = line.product?.categoryId;
    if (
      categoryId !== undefined &&
      !catalogue.has(line.sku) &&
      tree.withAncestors(categoryId).length === 0
    ) {
      problems.add(
        `/lines/${i}/product/categoryId`,
        'unknown_category',
        `no category "${categoryId}"`,
      );
    }
  });
  problems.throwIfAny();
  return lines.map((line) => toCartLine(line, catalogue.get(line.sku), tree));
}

function toCartLine(
  line: RequestLine,
  known: ProductFacts | undefined,
  tree: CategoryTree,
): CartLine {
  const inline = line.product ?? {};
  const inlineCategories =
    inline.categoryId === undefined ? [] : tree.withAncestors(inline.categoryId);
  const minPrices = [known?.minPriceMinor, inline.minPriceMinor].filter(
    (p): p is number => typeof p === 'number',
  );
  const brand = known?.brand ?? inline.brand;
  const cartLine: CartLine = {
    lineId: line.lineId,
    sku: line.sku,
    unitPriceMinor: line.unitPriceMinor,
    categoryIds: [
      ...(known && known.categoryIds.length > 0 ? known.categoryIds : inlineCategories),
    ],
    attributes: { ...inline.attributes, ...known?.attributes },
    tags: [...new Set([...(known?.tags ?? []), ...(inline.tags ?? [])])],
    noDiscount: Boolean(known?.noDiscount || inline.noDiscount),
    noPointsPayment: Boolean(known?.noPointsPayment || inline.noPointsPayment),
    noAccrual: Boolean(known?.noAccrual || inline.noAccrual),
  };
  if (line.quantity !== undefined) cartLine.quantity = line.quantity;
  if (line.quantityMilli !== undefined) cartLine.quantityMilli = line.quantityMilli;
  if (brand != null) cartLine.brand = brand;
  if (minPrices.length > 0) cartLine.minPriceMinor = Math.max(...minPrices);
  return cartLine;
}
