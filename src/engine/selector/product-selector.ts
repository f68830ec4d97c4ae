import { type Static, Type } from 'typebox';
import { type AttributeValue, AttributeValueSchema, type CartLine } from '../model/cart.ts';
import { MAX_UNIT_PRICE_MINOR } from '../money/bounds.ts';

const AttributeConditionSchema = Type.Object(
  {
    key: Type.String({ minLength: 1 }),
    equals: Type.Optional(AttributeValueSchema),
    in: Type.Optional(Type.Array(AttributeValueSchema, { minItems: 1 })),
  },
  { additionalProperties: false, 'x-perk-component': 'AttributeCondition' },
);

const RegularUnitPrice = Type.Integer({
  minimum: 0,
  maximum: MAX_UNIT_PRICE_MINOR,
  description: 'Regular unit price',
});

const criteria = {
  skus: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  categoryIds: Type.Optional(
    Type.Array(Type.String(), { minItems: 1, description: 'Matches subcategories too' }),
  ),
  brands: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  tags: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  attributes: Type.Optional(Type.Array(AttributeConditionSchema, { minItems: 1 })),
  priceMinMinor: Type.Optional(RegularUnitPrice),
  priceMaxMinor: Type.Optional(RegularUnitPrice),
};

export const SelectorCriteriaSchema = Type.Object(criteria, {
  additionalProperties: false,
  'x-perk-component': 'SelectorCriteria',
});

/**
 * Which lines a promotion looks at. A line matches when it meets every criterion given (each is
 * any-of its list; `{}` matches every line) and none of the `exclude` criteria (any one excludes).
 */
export const ProductSelectorSchema = Type.Object(
  { ...criteria, exclude: Type.Optional(SelectorCriteriaSchema) },
  { additionalProperties: false, 'x-perk-component': 'ProductSelector' },
);

export type SelectorCriteria = Static<typeof SelectorCriteriaSchema>;
export type ProductSelector = Static<typeof ProductSelectorSchema>;
type AttributeCondition = Static<typeof AttributeConditionSchema>;

/** A criterion list as a test; `undefined` when the criterion is not given. */
type Test = (line: CartLine) => boolean;

// The tests run for every line of every candidate promotion, so they avoid allocating, and each
// is written for its own field (no accessor passed in) and for the common list of one value.
function skuTest(values: readonly string[] | undefined): Test | undefined {
  if (values === undefined) return undefined;
  if (values.length === 1) {
    const only = values[0];
    return (line) => line.sku === only;
  }
  const wanted = new Set(values);
  return (line) => wanted.has(line.sku);
}

function brandTest(values: readonly string[] | undefined): Test | undefined {
  if (values === undefined) return undefined;
  if (values.length === 1) {
    const only = values[0];
    return (line) => line.brand !== undefined && line.brand === only;
  }
  const wanted = new Set(values);
  return (line) => line.brand !== undefined && wanted.has(line.brand);
}

/** Any of the line's ids (categories, tags) among `values`. */
function anyOf(
  values: readonly string[] | undefined,
  pick: (line: CartLine) => readonly string[] | undefined,
): Test | undefined {
  if (values === undefined) return undefined;
  if (values.length === 1) {
    const only = values[0];
    return (line) => {
      return pick(line)?.includes(only as string) === true;
    };
  }
  const wanted = new Set(values);
  return (line) => {
    const held = pick(line);
    if (held === undefined) return false;
    for (let i = 0; i < held.length; i += 1) if (wanted.has(held[i] as string)) return true;
    return false;
  };
}

function attributeTest(conditions: readonly AttributeCondition[] | undefined): Test | undefined {
  if (conditions === undefined) return undefined;
  return (line) =>
    conditions.every((condition) => {
      const value = line.attributes?.[condition.key];
      if (value === undefined) return false;
      const allowed: readonly AttributeValue[] = condition.in ?? [];
      return condition.equals === value || allowed.includes(value);
    });
}

function priceTest(min: number | undefined, max: number | undefined): Test | undefined {
  if (min === undefined && max === undefined) return undefined;
  return (line) =>
    line.unitPriceMinor >= (min ?? 0) && line.unitPriceMinor <= (max ?? Number.MAX_SAFE_INTEGER);
}

function criterionTests(c: SelectorCriteria): Test[] {
  const tests = [
    skuTest(c.skus),
    anyOf(c.categoryIds, (line) => line.categoryIds),
    brandTest(c.brands),
    anyOf(c.tags, (line) => line.tags),
    attributeTest(c.attributes),
    priceTest(c.priceMinMinor, c.priceMaxMinor),
  ];
  return tests.filter((test): test is Test => test !== undefined);
}

/** A selector compiled: whether a line is in scope, and whether only exclusions keep it out. */
export interface SelectorMatcher {
  readonly matches: Test;
  /** Null when the selector has no exclusions, so callers can skip looking for excluded lines. */
  readonly excluded: Test | null;
  /**
   * True when every criterion, exclusions included, is a SKU, brand or category list: whether a
   * line matches then depends on its product's facts alone, so it can be settled once per product.
   */
  readonly byFactsOnly: boolean;
}

function factsOnly(c: SelectorCriteria): boolean {
  return (
    c.tags === undefined &&
    c.attributes === undefined &&
    c.priceMinMinor === undefined &&
    c.priceMaxMinor === undefined
  );
}

function compile(selector: ProductSelector): SelectorMatcher {
  const include = criterionTests(selector);
  const exclude = selector.exclude === undefined ? [] : criterionTests(selector.exclude);
  const included = (line: CartLine) => {
    for (let i = 0; i < include.length; i += 1) if (!(include[i] as Test)(line)) return false;
    return true;
  };
  const anyExcluded = (line: CartLine) => {
    for (let i = 0; i < exclude.length; i += 1) if ((exclude[i] as Test)(line)) return true;
    return false;
  };
  // Most selectors are one criterion without exclusions (a SKU list, a category): test it directly.
  const single = include.length === 1 && exclude.length === 0 ? include[0] : undefined;
  return {
    matches: single ?? ((line) => included(line) && !anyExcluded(line)),
    excluded: exclude.length === 0 ? null : (line) => included(line) && anyExcluded(line),
    byFactsOnly:
      factsOnly(selector) && (selector.exclude === undefined || factsOnly(selector.exclude)),
  };
}

// Selectors are immutable definition data, so their compiled form is memoised by identity.
const compiled = new WeakMap<ProductSelector, SelectorMatcher>();

/** The compiled tests of a selector; look it up once per scan, not once per line. */
export function selectorMatcher(selector: ProductSelector): SelectorMatcher {
  let entry = compiled.get(selector);
  if (entry === undefined) {
    entry = compile(selector);
    compiled.set(selector, entry);
  }
  return entry;
}

/** True when `line` is in the selector's scope. */
export function selectorMatches(selector: ProductSelector, line: CartLine): boolean {
  return selectorMatcher(selector).matches(line);
}

/** True when only the exclusions keep `line` out of scope (for "product excluded" explanations). */
export function excludedBySelector(selector: ProductSelector, line: CartLine): boolean {
  return selectorMatcher(selector).excluded?.(line) ?? false;
}

/** A rule of a selector the schema cannot say, at a JSON pointer. */
export interface SelectorProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The rules of one object that may be a selector, its exclusions or an attribute condition, at
 * `path`: a price range must not end below its start; an attribute condition gives exactly one of
 * `equals` and `in`. It reads any value: definitions are checked before they are trusted.
 */
export function selectorRuleProblems(
  node: Readonly<Record<string, unknown>>,
  path: string,
): SelectorProblem[] {
  const problems: SelectorProblem[] = [];
  const { priceMinMinor: min, priceMaxMinor: max } = node;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    problems.push({
      path: `${path}/priceMaxMinor`,
      code: 'invalid_range',
      message: 'max below min',
    });
  }
  if (typeof node.key === 'string' && 'equals' in node === 'in' in node) {
    problems.push({ path, code: 'invalid_condition', message: 'give exactly one of equals or in' });
  }
  return problems;
}
