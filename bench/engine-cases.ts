import {
  type CalculationContext,
  type Cart,
  compileRuleset,
  defaultRulesetSettings,
  type PromotionDefinition,
  type Ruleset,
} from '../src/engine/index.ts';
import { cart, catalogue, prng, promotions } from './engine-fixtures.ts';

/** The engine benchmark's cases: a ruleset and seeded carts each (see bench/engine.ts). */

export const CARTS_PER_CASE = 100;

export const context: CalculationContext = {
  now: '2025-03-07T08:30:00Z',
  store: { id: 'msk-1', channel: 'pos', timeZone: 'Europe/Moscow' },
  customer: { id: 'c-1', segmentIds: ['seg-1', 'seg-4'], tierId: 'silver' },
  couponCodes: [],
  usage: {},
  pointValueMinor: 100,
  currency: 'RUB',
};

const settings = {
  ...defaultRulesetSettings,
  stackingGroups: [
    { id: 'sales', mode: 'best' as const },
    { id: 'personal', mode: 'cumulative' as const },
    { id: 'points', mode: 'cumulative' as const },
  ],
  maxCheckDiscountBp: 5000,
};

export interface Case {
  ruleset: Ruleset;
  carts: Cart[];
}

/**
 * Seeded carts against promotions of every mechanic, most of which do not concern a cart;
 * `overrides` change the ruleset's settings (the answers' digest also runs with check rounding and
 * a `best-order` group).
 */
export function mixedCase(
  lineCount: number,
  promotionCount: number,
  overrides: Partial<Ruleset['settings']> = {},
): Case {
  const random = prng(lineCount * 10_007 + promotionCount);
  const products = catalogue(random);
  const ruleset = compileRuleset(promotions(random, products, promotionCount), 'bench', {
    ...settings,
    ...overrides,
  });
  const carts = Array.from({ length: CARTS_PER_CASE }, () => cart(random, products, lineCount));
  return { ruleset, carts };
}

const tops = Array.from({ length: 10 }, (_, i) => `c${i}`);
const active = {
  status: 'active',
  validFrom: '2025-01-01T00:00:00+03:00',
  validTo: '2026-01-01T00:00:00+03:00',
} as const;

/** Carts of lines a discount can always reach (no minimum price, no exclusion). */
function plainCarts(seed: number, lineCount: number): Cart[] {
  const random = prng(seed);
  const products = catalogue(random).filter((p) => p.priceMinor >= 10_000);
  return Array.from({ length: CARTS_PER_CASE }, () => {
    const { lines } = cart(random, products, lineCount);
    return {
      lines: lines.map(({ minPriceMinor: _, noDiscount: __, ...line }) => line),
    };
  });
}

/**
 * The peers' benchmark shape: N percent-off promotions over the whole catalogue in one
 * cumulative group, so every one of them applies to every cart.
 */
export function allApplyCase(promotionCount: number): Case {
  const definitions = Array.from(
    { length: promotionCount },
    (_, i): PromotionDefinition => ({
      ...active,
      id: `all-${i}`,
      name: `All ${i}`,
      mechanic: { kind: 'percent-off', scope: { categoryIds: tops }, percentBp: 10 },
      stacking: { groupId: 'personal', priority: i % 100, exclusive: false },
    }),
  );
  const ruleset = compileRuleset(definitions, 'bench', { ...settings, maxCheckDiscountBp: 10_000 });
  return { ruleset, carts: plainCarts(promotionCount, 10) };
}

/**
 * Every promotion a candidate for every line: item mechanics of the engine bench over the whole
 * catalogue, competing (best price), stacking (personal) and awarding points.
 */
export function allCandidatesCase(lineCount: number, promotionCount: number): Case {
  const random = prng(lineCount * 31 + promotionCount);
  const scope = { categoryIds: tops };
  const mechanicOf = (i: number): PromotionDefinition['mechanic'] => {
    const roll = random();
    if (roll < 0.4) return { kind: 'percent-off', scope, percentBp: 100 + (i % 20) * 100 };
    if (roll < 0.6) return { kind: 'amount-off', scope, amountMinor: 100 + i, per: 'unit' };
    if (roll < 0.75) return { kind: 'nth-item', scope, everyN: 2 + (i % 2), percentBp: 5000 };
    if (roll < 0.85) return { kind: 'fixed-price', scope, priceMinor: 9_900 + i };
    return {
      kind: 'extra-points',
      scope,
      award: { kind: 'percent', percentBp: 100 + (i % 9) * 100 },
    };
  };
  const definitions = Array.from({ length: promotionCount }, (_, i): PromotionDefinition => {
    const group = random();
    return {
      ...active,
      id: `broad-${i}`,
      name: `Broad ${i}`,
      mechanic: mechanicOf(i),
      stacking: {
        groupId: group < 0.8 ? 'sales' : group < 0.92 ? 'personal' : 'points',
        priority: i % 100,
        exclusive: false,
      },
    };
  });
  const ruleset = compileRuleset(definitions, 'bench', settings);
  return { ruleset, carts: plainCarts(lineCount + promotionCount, lineCount) };
}
