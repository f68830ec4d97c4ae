import { calculate } from '../calculate/calculate.ts';
import type { MechanicArgs } from '../mechanics/mechanic-args.ts';
import type { Calculation } from '../model/calculation.ts';
import type { CartLine } from '../model/cart.ts';
import type { CalculationContext } from '../model/context.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import { compileRuleset } from '../ruleset/compile-ruleset.ts';
import { defaultRulesetSettings, type RulesetSettings } from '../ruleset/ruleset-settings.ts';

/** Test builders: terse carts, promotions and contexts with explicit `now`. */

export const NOW = '2025-03-07T09:00:00Z';

export function line(
  lineId: string,
  sku: string,
  unitPriceMinor: number,
  quantity: number,
  facts: Partial<CartLine> = {},
): CartLine {
  return { lineId, sku, unitPriceMinor, quantity, ...facts };
}

export function promo(
  id: string,
  mechanic: MechanicArgs,
  overrides: Partial<PromotionDefinition> = {},
): PromotionDefinition {
  return {
    id,
    name: id,
    status: 'active',
    stacking: { groupId: 'default', priority: 0, exclusive: false },
    mechanic,
    ...overrides,
  };
}

export function context(overrides: Partial<CalculationContext> = {}): CalculationContext {
  return {
    now: NOW,
    store: { id: 'msk-1', channel: 'pos', timeZone: 'Europe/Moscow' },
    customer: { id: 'c-1', segmentIds: [], tierId: null },
    couponCodes: [],
    usage: {},
    pointValueMinor: 100,
    currency: 'RUB',
    ...overrides,
  };
}

export function run(
  lines: readonly CartLine[],
  promotions: readonly PromotionDefinition[],
  options: { context?: Partial<CalculationContext>; settings?: Partial<RulesetSettings> } = {},
): Calculation {
  const settings = { ...defaultRulesetSettings, ...options.settings };
  const ruleset = compileRuleset(promotions, 'v1', settings);
  return calculate({ lines: [...lines] }, context(options.context), ruleset);
}

/** Line totals by lineId (split parts summed), for compact assertions. */
export function totalsById(calculation: Calculation): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const l of calculation.lines) totals[l.lineId] = (totals[l.lineId] ?? 0) + l.totalMinor;
  return totals;
}

/** The explanation code of each considered promotion, by id. */
export function codes(calculation: Calculation): Record<string, string> {
  return Object.fromEntries(calculation.explanations.map((e) => [e.promotionId, e.code]));
}
