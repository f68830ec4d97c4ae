import fc from 'fast-check';
import { localDay, startOfLocalDay } from '../calendar/time-zone.ts';
import { calculate } from '../engine/calculate/calculate.ts';
import { checkEligibility } from '../engine/eligibility/check-eligibility.ts';
import { evaluationEnv } from '../engine/eligibility/evaluation-env.ts';
import type { Calculation } from '../engine/model/calculation.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { CalculationContext } from '../engine/model/context.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import {
  type CompiledPromotion,
  compileRuleset,
  type Ruleset,
} from '../engine/ruleset/compile-ruleset.ts';
import type { RulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import { type ProductSelector, selectorMatches } from '../engine/selector/product-selector.ts';
import type { ExampleCart } from './findings.ts';

/** A catalogue product with the price examples use: the last one seen on a check, or a default. */
export interface WatchProduct {
  readonly sku: string;
  /** The product's category with its ancestors. */
  readonly categoryIds: readonly string[];
  readonly brand?: string;
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  readonly tags?: readonly string[];
  readonly minPriceMinor?: number;
  readonly noDiscount?: boolean;
  readonly priceMinor: number;
}

export interface WatchStore {
  readonly id: string;
  readonly channel: 'pos' | 'web' | 'app';
  readonly timeZone: string;
}

/** Everything the analysis reads, loaded once: it is pure over this. */
export interface WatchWorld {
  readonly now: string;
  readonly settings: RulesetSettings;
  readonly products: readonly WatchProduct[];
  readonly stores: readonly WatchStore[];
  readonly segmentSizes: ReadonlyMap<string, number>;
  readonly pointValueMinor: number;
  readonly currency: string;
}

/** Where, when and for whom an example purchase happens. */
export interface ExampleSetting {
  readonly store: WatchStore;
  readonly atMs: number;
  readonly customer: { readonly segmentIds: string[]; readonly tierId: string | null };
  readonly couponFor: readonly string[];
}

export type ExampleLine = { sku: string; quantity: number; unitPriceMinor: number };

// Where selectors sit in mechanic arguments and cart conditions (as the ruleset compiler finds them).
const SELECTOR_KEYS = new Set(['scope', 'trigger', 'target', 'mustContain']);

/** Every selector of a promotion: its mechanic's and its conditions'. */
export function selectorsOf(definition: PromotionDefinition): ProductSelector[] {
  const known = selectorsByDefinition.get(definition);
  if (known !== undefined) return known;
  const found: ProductSelector[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (SELECTOR_KEYS.has(key) && typeof inner === 'object' && inner !== null) {
        found.push(inner as ProductSelector);
      } else visit(inner);
    }
  };
  visit(definition.mechanic);
  visit(definition.conditions);
  selectorsByDefinition.set(definition, found);
  return found;
}

// Memos keyed by the objects they describe (definitions, selectors, the catalogue list), so
// they go with them: an analysis asks the same questions for every pair it looks at.
const selectorsByDefinition = new WeakMap<PromotionDefinition, ProductSelector[]>();
const matchingByCatalogue = new WeakMap<
  readonly WatchProduct[],
  WeakMap<ProductSelector, WatchProduct[]>
>();
const rulesetsByWorld = new WeakMap<WatchWorld, Map<string, Ruleset>>();
const productsByWorld = new WeakMap<WatchWorld, Map<string, WatchProduct>>();
const serials = new WeakMap<PromotionDefinition, number>();
let nextSerial = 0;
const activeCopies = new WeakMap<PromotionDefinition, PromotionDefinition>();

/** A number per definition object: rulesets are remembered by what they were compiled from. */
function serialOf(definition: PromotionDefinition): number {
  let serial = serials.get(definition);
  if (serial === undefined) {
    serial = nextSerial;
    nextSerial += 1;
    serials.set(definition, serial);
  }
  return serial;
}

/** The definition as if active (one copy per definition, so its rulesets are remembered too). */
export function asActive(definition: PromotionDefinition): PromotionDefinition {
  if (definition.status === 'active') return definition;
  let copy = activeCopies.get(definition);
  if (copy === undefined) {
    copy = { ...definition, status: 'active' };
    activeCopies.set(definition, copy);
  }
  return copy;
}

/** The compiled ruleset of `promotions` under the world's settings, compiled once per world. */
function rulesetOf(promotions: readonly PromotionDefinition[], world: WatchWorld): Ruleset {
  let byKey = rulesetsByWorld.get(world);
  if (byKey === undefined) {
    byKey = new Map();
    rulesetsByWorld.set(world, byKey);
  }
  const key = promotions.map(serialOf).join(',');
  let ruleset = byKey.get(key);
  if (ruleset === undefined) {
    ruleset = compileRuleset(promotions, 'watch', world.settings, true);
    byKey.set(key, ruleset);
  }
  return ruleset;
}

/** The world's products by SKU, mapped once per world: every example cart is priced from it. */
function productsOf(world: WatchWorld): Map<string, WatchProduct> {
  let bySku = productsByWorld.get(world);
  if (bySku === undefined) {
    bySku = new Map(world.products.map((p) => [p.sku, p]));
    productsByWorld.set(world, bySku);
  }
  return bySku;
}

/** A product as a cart line of `quantity` units at its example price. */
export function productLine(product: WatchProduct, quantity = 1, lineId = product.sku): CartLine {
  return {
    lineId,
    sku: product.sku,
    unitPriceMinor: product.priceMinor,
    quantity,
    categoryIds: [...product.categoryIds],
    ...(product.brand === undefined ? {} : { brand: product.brand }),
    ...(product.attributes === undefined ? {} : { attributes: { ...product.attributes } }),
    ...(product.tags === undefined ? {} : { tags: [...product.tags] }),
    ...(product.minPriceMinor === undefined ? {} : { minPriceMinor: product.minPriceMinor }),
    ...(product.noDiscount === undefined ? {} : { noDiscount: product.noDiscount }),
  };
}

/** The selector without price criteria: the catalogue holds no prices of its own. */
function withoutPrices(selector: ProductSelector): ProductSelector {
  const { priceMinMinor: _min, priceMaxMinor: _max, exclude, ...rest } = selector;
  if (exclude === undefined) return rest;
  const { priceMinMinor: _xMin, priceMaxMinor: _xMax, ...excluded } = exclude;
  return { ...rest, exclude: excluded };
}

export function matchingProducts(
  selector: ProductSelector,
  products: readonly WatchProduct[],
): WatchProduct[] {
  let bySelector = matchingByCatalogue.get(products);
  if (bySelector === undefined) {
    bySelector = new WeakMap();
    matchingByCatalogue.set(products, bySelector);
  }
  let found = bySelector.get(selector);
  if (found === undefined) {
    const probe = withoutPrices(selector);
    found = products.filter((p) => selectorMatches(probe, productLine(p)));
    bySelector.set(selector, found);
  }
  return found;
}

/**
 * A customer every promotion of `promotions` admits: one segment of each audience (one with
 * members first) outside every excluded one, and a tier all of them name. Null when none can be.
 */
function customerFor(
  promotions: readonly PromotionDefinition[],
  world: WatchWorld,
): ExampleSetting['customer'] | null {
  const excluded = new Set(promotions.flatMap((p) => p.audience?.excludedSegmentIds ?? []));
  const segmentIds: string[] = [];
  let tiers: string[] | null = null;
  for (const { audience } of promotions) {
    if (audience?.segmentIds !== undefined) {
      const allowed = audience.segmentIds.filter((s) => !excluded.has(s));
      const pick = allowed.find((s) => (world.segmentSizes.get(s) ?? 0) > 0) ?? allowed[0];
      if (pick === undefined) return null;
      if (!segmentIds.includes(pick)) segmentIds.push(pick);
    }
    if (audience?.tierIds !== undefined) {
      tiers =
        tiers === null ? [...audience.tierIds] : tiers.filter((t) => audience.tierIds?.includes(t));
    }
  }
  if (tiers !== null && tiers.length === 0) return null;
  return { segmentIds, tierId: tiers?.[0] ?? null };
}

export function exampleContext(
  setting: ExampleSetting,
  world: WatchWorld,
  atMs = setting.atMs,
): CalculationContext {
  return {
    now: new Date(atMs).toISOString(),
    store: setting.store,
    customer: { id: 'watch-example', ...setting.customer },
    couponCodes: setting.couponFor.map((promotionId) => ({
      code: `EXAMPLE-${promotionId}`,
      promotionId,
      valid: true as const,
    })),
    usage: {},
    pointValueMinor: world.pointValueMinor,
    currency: world.currency,
    explain: 'all',
  };
}

const DAY_MS = 86_400_000;
// A weekly schedule repeats: eight local days from the first open one cover every weekday.
const DAYS_TRIED = 8;

/**
 * Instants worth trying in a store, made as asked (most examples take the first): now and each
 * validity start, then each window's start on the eight local days from each of them.
 */
function* candidateInstants(
  promotions: readonly CompiledPromotion[],
  store: WatchStore,
  nowMs: number,
): Generator<number> {
  const bases = [nowMs];
  for (const p of promotions) {
    if (p.validFromMs > nowMs) bases.push(p.validFromMs);
    if (Number.isFinite(p.validFromDay)) {
      const start = startOfLocalDay(p.validFromDay, store.timeZone);
      if (start > nowMs) bases.push(start);
    }
  }
  bases.sort((a, b) => a - b);
  yield* bases;
  const minutes = new Set([0, 12 * 60]);
  for (const p of promotions) for (const w of p.windows ?? []) minutes.add(w.from);
  const sorted = [...minutes].sort((a, b) => a - b);
  for (const base of bases) {
    const firstDay = localDay(base, store.timeZone);
    for (let d = 0; d < DAYS_TRIED; d += 1) {
      const dayStart = startOfLocalDay(firstDay + d, store.timeZone);
      for (const m of sorted) {
        yield Math.max(base, Math.min(dayStart + m * 60_000, dayStart + DAY_MS - 60_000));
      }
    }
  }
}

const TIME_AND_PLACE = new Set([
  'outside_validity',
  'outside_schedule',
  'wrong_store',
  'wrong_channel',
]);

/**
 * The first store (by id) and instant from now at which every promotion of `promotions` is open
 * for one customer; with `placeOnly`, only dates, hours, channel and store count. Null: none found.
 */
export function exampleSetting(
  promotions: readonly PromotionDefinition[],
  world: WatchWorld,
  placeOnly = false,
): ExampleSetting | null {
  const customer = customerFor(promotions, world) ?? { segmentIds: [], tierId: null };
  if (!placeOnly && customerFor(promotions, world) === null) return null;
  const compiled = rulesetOf(promotions.map(asActive), world).promotions;
  const couponFor = promotions.filter((p) => p.couponRequired === true).map((p) => p.id);
  const nowMs = Date.parse(world.now);
  for (const store of [...world.stores].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const atMs of candidateInstants(compiled, store, nowMs)) {
      const setting = { store, atMs, customer, couponFor };
      const env = evaluationEnv(exampleContext(setting, world));
      const open = compiled.every((p) => {
        const why = checkEligibility(p, env);
        return why === null || (placeOnly && !TIME_AND_PLACE.has(why.code));
      });
      if (open) return setting;
    }
  }
  return null;
}

/** Prices the example with the real engine over `promotions` under the world's settings. */
export function priceExample(
  promotions: readonly PromotionDefinition[],
  setting: ExampleSetting,
  lines: readonly ExampleLine[],
  world: WatchWorld,
): Calculation {
  const bySku = productsOf(world);
  const cart = lines.map((l, i) => {
    const product = bySku.get(l.sku) as WatchProduct;
    return { ...productLine(product, l.quantity, String(i + 1)), unitPriceMinor: l.unitPriceMinor };
  });
  const ruleset = rulesetOf(promotions, world);
  return calculate({ lines: cart }, exampleContext(setting, world), ruleset);
}

export function exampleCart(
  setting: ExampleSetting,
  lines: readonly ExampleLine[],
  calculation: Calculation,
  ids: readonly string[],
): ExampleCart {
  const discountByPromotion: Record<string, number> = {};
  for (const id of ids) {
    discountByPromotion[id] =
      calculation.appliedPromotions.find((a) => a.promotionId === id)?.discountMinor ?? 0;
  }
  return {
    storeId: setting.store.id,
    at: new Date(setting.atMs).toISOString(),
    customer: setting.customer,
    couponCodes: setting.couponFor.map((id) => `EXAMPLE-${id}`),
    lines: lines.map((l) => ({ ...l })),
    subtotalMinor: calculation.subtotalMinor,
    totalMinor: calculation.totalMinor,
    discountByPromotion,
  };
}

const MAX_QUANTITY = 999;

/** Units a promotion needs on the line of one of its selectors to apply at all. */
function unitsNeeded(definition: PromotionDefinition): number {
  const m = definition.mechanic as Record<string, unknown>;
  const needs = [1, definition.conditions?.minQuantity?.quantity ?? 1];
  if (typeof m.everyN === 'number') needs.push(m.everyN);
  if (typeof m.triggerQuantity === 'number') needs.push(m.triggerQuantity);
  if (Array.isArray(m.components)) {
    for (const c of m.components) if (typeof c?.quantity === 'number') needs.push(c.quantity);
  }
  return Math.max(...needs);
}

/** The largest subtotal threshold a promotion asks for (0: none). */
export function thresholdOf(definition: PromotionDefinition): number {
  const m = definition.mechanic;
  const tier = m.kind === 'spend-threshold' ? (m.tiers[0]?.fromMinor ?? 0) : 0;
  return Math.max(tier, definition.conditions?.minSubtotal?.amountMinor ?? 0);
}

/**
 * A cart built from the promotions' selectors over the catalogue: a line for each selector (a
 * product every main scope shares first), as many units as the mechanics need, and, when a
 * threshold is asked, enough units of the first line to clear it twice over (the earlier
 * promotions' discounts come off first).
 */
export function staticCart(
  promotions: readonly PromotionDefinition[],
  world: WatchWorld,
): ExampleLine[] | null {
  const lines = new Map<string, ExampleLine>();
  const mains = promotions.map((p) => selectorsOf(p)[0] ?? {});
  const reached = mains.map((s) => new Set(matchingProducts(s, world.products)));
  const shared = world.products.filter((product) => reached.every((r) => r.has(product)));
  for (const definition of promotions) {
    const need = unitsNeeded(definition);
    const selectors = selectorsOf(definition);
    for (const selector of selectors.length === 0 ? [{}] : selectors) {
      const matching = matchingProducts(selector, world.products);
      const product =
        matching.find((p) => lines.has(p.sku)) ??
        matching.find((p) => shared.includes(p)) ??
        matching[0];
      if (product === undefined) return null;
      const line = lines.get(product.sku);
      const quantity = Math.max(line?.quantity ?? 0, need);
      lines.set(product.sku, { sku: product.sku, quantity, unitPriceMinor: product.priceMinor });
    }
  }
  const result = [...lines.values()];
  const threshold = Math.max(...promotions.map(thresholdOf)) * 2;
  const subtotal = result.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const first = result[0];
  if (first !== undefined && subtotal < threshold && first.unitPriceMinor > 0) {
    first.quantity = Math.min(
      MAX_QUANTITY,
      first.quantity + Math.ceil((threshold - subtotal) / first.unitPriceMinor),
    );
  }
  return result;
}

/** Products the promotions' selectors reach, or the first of the catalogue when they name none. */
function relevantProducts(promotions: readonly PromotionDefinition[], world: WatchWorld) {
  const selectors = promotions.flatMap(selectorsOf);
  const found = new Set<WatchProduct>();
  for (const s of selectors) for (const p of matchingProducts(s, world.products)) found.add(p);
  const list = found.size === 0 ? world.products.slice(0, 50) : [...found];
  return list.slice(0, 200);
}

export const SEARCH_SEED = 14;
export const SEARCH_RUNS = 60;

/**
 * Carts to try after the static one: a seeded fast-check sample over the products the
 * promotions reach (1–3 lines, 1–12 units, the example price or 2× or 10× it), the same every run.
 */
export function searchedCarts(
  promotions: readonly PromotionDefinition[],
  world: WatchWorld,
): ExampleLine[][] {
  const products = relevantProducts(promotions, world);
  if (products.length === 0) return [];
  const lineArb = fc
    .record({
      product: fc.constantFrom(...products),
      quantity: fc.integer({ min: 1, max: 12 }),
      factor: fc.constantFrom(1, 2, 10),
    })
    .map(({ product, quantity, factor }) => ({
      sku: product.sku,
      quantity,
      unitPriceMinor: product.priceMinor * factor,
    }));
  const cartArb = fc.uniqueArray(lineArb, { minLength: 1, maxLength: 3, selector: (l) => l.sku });
  return fc.sample(cartArb, { seed: SEARCH_SEED, numRuns: SEARCH_RUNS });
}

/** The static cart, then the searched ones: the first for which `holds` is the witness. */
export function findWitness(
  promotions: readonly PromotionDefinition[],
  world: WatchWorld,
  holds: (lines: ExampleLine[]) => boolean,
): ExampleLine[] | null {
  const first = staticCart(promotions, world);
  if (first !== null && holds(first)) return first;
  for (const lines of searchedCarts(promotions, world)) if (holds(lines)) return lines;
  return null;
}
