import fc from 'fast-check';
import type { MechanicArgs } from '../mechanics/mechanic-args.ts';
import type { CartLine } from '../model/cart.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import type { RulesetSettings } from '../ruleset/ruleset-settings.ts';
import type { ProductSelector } from '../selector/product-selector.ts';

/** fast-check generators of carts, promotions and settings for property tests. */

const SKUS = ['A', 'B', 'C', 'D', 'E'];
const CATEGORIES = ['food', 'drinks', 'alcohol'];
const GROUPS = ['g1', 'g2', 'g3'];
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);

const cartLineArb = fc
  .record({
    sku: fc.constantFrom(...SKUS),
    unitPriceMinor: fc.integer({ min: 1, max: 200_000 }),
    weighed: rarely,
    quantity: fc.integer({ min: 1, max: 6 }),
    quantityMilli: fc.integer({ min: 1, max: 5000 }),
    category: fc.constantFrom(...CATEGORIES),
    minPriceShareBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    noDiscount: rarely,
  })
  .map((r) => ({
    sku: r.sku,
    unitPriceMinor: r.unitPriceMinor,
    ...(r.weighed ? { quantityMilli: r.quantityMilli } : { quantity: r.quantity }),
    categoryIds: [r.category, 'root'],
    ...(r.minPriceShareBp === undefined
      ? {}
      : { minPriceMinor: Math.floor((r.unitPriceMinor * r.minPriceShareBp) / 10_000) }),
    ...(r.noDiscount ? { noDiscount: true } : {}),
  }));

export const cartArb: fc.Arbitrary<CartLine[]> = fc
  .array(cartLineArb, { minLength: 1, maxLength: 8 })
  .map((lines) => lines.map((l, i) => ({ lineId: `l${i}`, ...l })));

const selectorArb: fc.Arbitrary<ProductSelector> = fc.oneof(
  fc.constant({}),
  fc.subarray(SKUS, { minLength: 1 }).map((skus) => ({ skus })),
  fc.constantFrom(...CATEGORIES, 'root').map((c) => ({ categoryIds: [c] })),
  fc.constantFrom(...SKUS).map((sku) => ({ categoryIds: ['root'], exclude: { skus: [sku] } })),
);

const bp = fc.integer({ min: 1, max: 10_000 });
const amount = fc.integer({ min: 1, max: 100_000 });

const mechanicArb: fc.Arbitrary<MechanicArgs> = fc.oneof(
  fc.record({ kind: fc.constant('percent-off' as const), scope: selectorArb, percentBp: bp }),
  fc.record({
    kind: fc.constant('amount-off' as const),
    scope: selectorArb,
    amountMinor: amount,
    per: fc.constantFrom('unit' as const, 'line' as const, 'cart' as const),
  }),
  fc.record({
    kind: fc.constant('fixed-price' as const),
    scope: selectorArb,
    priceMinor: fc.integer({ min: 0, max: 100_000 }),
  }),
  fc.record({
    kind: fc.constant('nth-item' as const),
    scope: selectorArb,
    everyN: fc.integer({ min: 2, max: 4 }),
    percentBp: bp,
  }),
  fc.record({
    kind: fc.constant('bundle' as const),
    components: fc.array(
      fc.record({ scope: selectorArb, quantity: fc.integer({ min: 1, max: 2 }) }),
      { minLength: 1, maxLength: 2 },
    ),
    price: fc.oneof(
      fc.record({
        kind: fc.constant('fixed' as const),
        priceMinor: fc.integer({ min: 0, max: 300_000 }),
      }),
      fc.record({ kind: fc.constant('percent' as const), percentBp: bp }),
      fc.record({ kind: fc.constant('amount' as const), amountMinor: amount }),
    ),
  }),
  fc.record({
    kind: fc.constant('cross-discount' as const),
    trigger: selectorArb,
    triggerQuantity: fc.integer({ min: 1, max: 2 }),
    target: selectorArb,
    percentBp: bp,
  }),
  fc.record({
    kind: fc.constant('spend-threshold' as const),
    tiers: fc
      .uniqueArray(
        fc.record({
          fromMinor: fc.integer({ min: 1, max: 500_000 }),
          reward: fc.oneof(
            fc.record({ kind: fc.constant('percent' as const), percentBp: bp }),
            fc.record({ kind: fc.constant('amount' as const), amountMinor: amount }),
          ),
        }),
        { minLength: 1, maxLength: 3, selector: (tier) => tier.fromMinor },
      )
      .map((tiers) => tiers.sort((x, y) => x.fromMinor - y.fromMinor)),
  }),
  fc.record({
    kind: fc.constant('gift' as const),
    sku: fc.constant('GIFT'),
    regularPriceMinor: amount,
    priceMinor: fc.integer({ min: 0, max: 100 }),
    quantity: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('extra-points' as const),
    award: fc.oneof(
      fc.record({ kind: fc.constant('fixed' as const), points: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('percent' as const), percentBp: bp }),
    ),
  }),
);

export const promotionArb = (id: string): fc.Arbitrary<PromotionDefinition> =>
  fc
    .record({
      mechanic: mechanicArb,
      groupId: fc.constantFrom(...GROUPS),
      priority: fc.integer({ min: 0, max: 3 }),
      exclusive: rarely,
      maxUnits: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    })
    .map((r) => ({
      id,
      name: `Promotion ${id}`,
      status: 'active',
      mechanic: r.mechanic,
      stacking: { groupId: r.groupId, priority: r.priority, exclusive: r.exclusive },
      ...(r.maxUnits === undefined ? {} : { limits: { maxUnitsPerCheck: r.maxUnits } }),
    }));

export const promotionsArb: fc.Arbitrary<PromotionDefinition[]> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => promotionArb(`p${i}`))));

/** The programme's point value: a kopeck or a rouble. */
export const pointValueArb: fc.Arbitrary<number> = fc.constantFrom(1, 100);

export const settingsArb: fc.Arbitrary<RulesetSettings> = fc.record({
  stackingGroups: fc
    .tuple(
      fc.constantFrom(
        'cumulative' as const,
        'first' as const,
        'best' as const,
        'best-order' as const,
      ),
      fc.constantFrom(
        'cumulative' as const,
        'first' as const,
        'best' as const,
        'best-order' as const,
      ),
      fc.constantFrom(
        'cumulative' as const,
        'first' as const,
        'best' as const,
        'best-order' as const,
      ),
    )
    .map((modes) => modes.map((mode, i) => ({ id: GROUPS[i] ?? 'g', mode }))),
  maxLineDiscountBp: fc.integer({ min: 0, max: 10_000 }),
  maxCheckDiscountBp: fc.integer({ min: 0, max: 10_000 }),
  manualDiscountLimitsBp: fc.constant({}),
  // Check rounding: off half the time, else whole roubles, 10 ₽ or any step.
  roundTotalDownToMinor: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.constantFrom(1, 100, 1000, 10_000), weight: 2 },
    { arbitrary: fc.integer({ min: 2, max: 10_000 }), weight: 1 },
  ),
});
