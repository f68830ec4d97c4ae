import { MAX_UNIT_PRICE_MINOR } from '../engine/money/bounds.ts';
import { attributeNamePattern, codePattern, codeRule, maxNameLength } from './catalogue-codes.ts';

export type AttributeValue = string | number | boolean;

/** A product as sent to the upsert; omitted fields take their empty value (a full replacement). */
export interface ProductInput {
  sku: string;
  name: string;
  categoryId?: string | null;
  brand?: string | null;
  attributes?: Record<string, AttributeValue>;
  tags?: string[];
  /** Lowest price a discount may bring one unit to, in minor units (kopecks); `null`: none. */
  minPriceMinor?: number | null;
  noDiscount?: boolean;
  noPointsPayment?: boolean;
  noAccrual?: boolean;
}

export type Product = Required<ProductInput>;

/** A problem of one product; `field` is a path inside the product, e.g. `minPriceMinor`. */
export interface ProductProblem {
  field: string;
  code: string;
  message: string;
}

const maxAttributes = 100;
const maxTags = 100;
const maxTextLength = 1000;

/** Fills omitted fields with their empty values. */
export function completeProduct(input: ProductInput): Product {
  return {
    sku: input.sku,
    name: input.name,
    categoryId: input.categoryId ?? null,
    brand: input.brand ?? null,
    attributes: input.attributes ?? {},
    tags: input.tags ?? [],
    minPriceMinor: input.minPriceMinor ?? null,
    noDiscount: input.noDiscount ?? false,
    noPointsPayment: input.noPointsPayment ?? false,
    noAccrual: input.noAccrual ?? false,
  };
}

/**
 * The rules of one product that JSON types alone do not carry; shared by the API and the CSV
 * import. Codes: `invalid_value` (with the rule as message).
 */
export function checkProduct(p: Product): ProductProblem[] {
  const problems: ProductProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field, code: 'invalid_value', message });
  if (!codePattern.test(p.sku)) add('sku', codeRule);
  if (p.name.trim() === '' || p.name.length > maxNameLength) {
    add('name', `must not be blank and at most ${maxNameLength} characters`);
  }
  if (p.categoryId !== null && !codePattern.test(p.categoryId)) add('categoryId', codeRule);
  if (p.brand !== null && (p.brand.trim() === '' || p.brand.length > maxNameLength)) {
    add('brand', `must not be blank and at most ${maxNameLength} characters`);
  }
  if (
    p.minPriceMinor !== null &&
    !(
      Number.isSafeInteger(p.minPriceMinor) &&
      p.minPriceMinor >= 0 &&
      p.minPriceMinor <= MAX_UNIT_PRICE_MINOR
    )
  ) {
    add(
      'minPriceMinor',
      `must be a whole number of minor units (kopecks), 0 to ${MAX_UNIT_PRICE_MINOR}`,
    );
  }
  if (p.tags.length > maxTags) add('tags', `must hold at most ${maxTags} tags`);
  p.tags.forEach((tag, i) => {
    if (tag.trim() === '' || tag.length > maxNameLength) {
      add(`tags/${i}`, `must not be blank and at most ${maxNameLength} characters`);
    }
  });
  const attributes = Object.entries(p.attributes);
  if (attributes.length > maxAttributes) add('attributes', `must hold at most ${maxAttributes}`);
  for (const [name, value] of attributes) {
    if (!attributeNamePattern.test(name)) {
      add(`attributes/${name}`, 'name must be letters, digits, "_", "." or "-"');
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      add(`attributes/${name}`, 'must be a finite number');
    } else if (typeof value === 'string' && value.length > maxTextLength) {
      add(`attributes/${name}`, `must be at most ${maxTextLength} characters`);
    }
  }
  return problems;
}
