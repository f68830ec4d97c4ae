import type { Cart, CartLine, PromotionDefinition } from '../src/engine/index.ts';

/** Seeded, realistic catalogues, carts and promotions for the engine benchmark. */

/** mulberry32: a tiny deterministic PRNG, so every run measures the same workload. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const int = (r: Random, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

interface Product {
  readonly sku: string;
  readonly priceMinor: number;
  readonly categoryIds: string[];
  readonly brand: string;
  readonly weighed: boolean;
}

/** 5 000 products in a 3-level tree of 10 × 5 × 4 categories, 100 brands. */
export function catalogue(r: Random): Product[] {
  return Array.from({ length: 5000 }, (_, i) => {
    const top = int(r, 0, 9);
    const mid = int(r, 0, 4);
    const leaf = int(r, 0, 3);
    return {
      sku: `SKU-${i}`,
      priceMinor: int(r, 30, 5000) * 100 - pick(r, [0, 1, 10]),
      categoryIds: [`c${top}-${mid}-${leaf}`, `c${top}-${mid}`, `c${top}`],
      brand: `brand-${int(r, 0, 99)}`,
      weighed: r() < 0.05,
    };
  });
}

export function cart(r: Random, products: readonly Product[], lineCount: number): Cart {
  const lines = Array.from({ length: lineCount }, (_, i): CartLine => {
    const product = pick(r, products);
    return {
      lineId: String(i + 1),
      sku: product.sku,
      unitPriceMinor: product.priceMinor,
      ...(product.weighed ? { quantityMilli: int(r, 100, 3000) } : { quantity: int(r, 1, 4) }),
      categoryIds: product.categoryIds,
      brand: product.brand,
      attributes: { size: pick(r, ['S', 'M', 'L', 'XXL']) },
      ...(r() < 0.05 ? { minPriceMinor: Math.floor(product.priceMinor * 0.9) } : {}),
      ...(r() < 0.02 ? { noDiscount: true } : {}),
    };
  });
  return { lines };
}

/**
 * Selectors as a chain's promotions use them: mostly SKU lists (weekly catalogue offers), then
 * leaf categories, brands, a brand within a category, and a few broad categories with exclusions.
 */
function scope(r: Random, products: readonly Product[]) {
  const roll = r();
  const product = pick(r, products);
  const [leaf = 'c0', mid = 'c0', top = 'c0'] = product.categoryIds;
  if (roll < 0.6)
    return { skus: Array.from({ length: int(r, 1, 30) }, () => pick(r, products).sku) };
  if (roll < 0.75) return { categoryIds: [leaf] };
  if (roll < 0.85) return { brands: [product.brand] };
  if (roll < 0.93) return { categoryIds: [top], brands: [product.brand] };
  if (roll < 0.98) return { categoryIds: [mid], exclude: { brands: [product.brand] } };
  return { categoryIds: [top], exclude: { skus: [product.sku] } };
}

/** Item-level mechanics dominate; cart-level thresholds are a handful, as in a real programme. */
function mechanic(r: Random, products: readonly Product[]): PromotionDefinition['mechanic'] {
  const roll = r();
  const s = scope(r, products);
  if (roll < 0.38) return { kind: 'percent-off', scope: s, percentBp: int(r, 5, 30) * 100 };
  if (roll < 0.53)
    return {
      kind: 'amount-off',
      scope: s,
      amountMinor: int(r, 1, 50) * 100,
      per: pick(r, ['unit', 'line', 'cart'] as const),
    };
  if (roll < 0.61) return { kind: 'fixed-price', scope: s, priceMinor: int(r, 50, 500) * 100 - 1 };
  if (roll < 0.73)
    return { kind: 'nth-item', scope: s, everyN: int(r, 2, 3), percentBp: pick(r, [5000, 10_000]) };
  if (roll < 0.78)
    return {
      kind: 'bundle',
      components: [
        { scope: s, quantity: 1 },
        { scope: scope(r, products), quantity: 1 },
      ],
      price: { kind: 'percent', percentBp: 1500 },
    };
  if (roll < 0.83)
    return {
      kind: 'cross-discount',
      trigger: s,
      triggerQuantity: 1,
      target: scope(r, products),
      percentBp: 3000,
    };
  if (roll < 0.89)
    return {
      kind: 'extra-points',
      scope: s,
      award: { kind: 'percent', percentBp: int(r, 1, 10) * 100 },
    };
  if (roll < 0.95)
    return {
      kind: 'gift',
      sku: 'GIFT',
      regularPriceMinor: 50_000,
      priceMinor: 0,
      quantity: 1,
      perUnitsOf: { scope: s, quantity: 2 },
    };
  if (roll < 0.99)
    return {
      kind: 'spend-threshold',
      scope: s,
      tiers: [
        { fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } },
        { fromMinor: 500_000, reward: { kind: 'amount', amountMinor: 50_000 } },
      ],
    };
  return {
    kind: 'spend-threshold',
    tiers: [
      { fromMinor: int(r, 100, 5000) * 100, reward: { kind: 'amount', amountMinor: 10_000 } },
    ],
  };
}

/** Most promotions compete for the best price; personal offers and points campaigns stack. */
function group(r: Random): string {
  const roll = r();
  return roll < 0.8 ? 'sales' : roll < 0.92 ? 'personal' : 'points';
}

/** Active promotions of every mechanic, with schedules, audiences and stacking groups mixed in. */
export function promotions(
  r: Random,
  products: readonly Product[],
  count: number,
): PromotionDefinition[] {
  return Array.from(
    { length: count },
    (_, i): PromotionDefinition => ({
      id: `promo-${i}`,
      name: `Promotion ${i}`,
      status: 'active',
      validFrom: '2025-01-01T00:00:00+03:00',
      validTo: '2026-01-01T00:00:00+03:00',
      ...(r() < 0.1
        ? { schedule: { days: [1, 2, 3, 4, 5], windows: [{ from: '10:00', to: '12:00' }] } }
        : {}),
      ...(r() < 0.15
        ? { audience: { anonymousAllowed: false, segmentIds: [`seg-${int(r, 0, 9)}`] } }
        : {}),
      ...(r() < 0.05 ? { couponRequired: true } : {}),
      mechanic: mechanic(r, products),
      stacking: { groupId: group(r), priority: int(r, 0, 100), exclusive: r() < 0.01 },
      ...(r() < 0.2 ? { limits: { maxUnitsPerCheck: int(r, 1, 5) } } : {}),
    }),
  );
}
