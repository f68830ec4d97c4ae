import { calculate } from '../engine/calculate/calculate.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { compileRuleset, type Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import type { RulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import type { WatchStore } from './witness.ts';

/** A past check as it was rung up: where, when, for whom and what. */
export interface PastCheck {
  readonly id: string;
  readonly at: string;
  readonly store: WatchStore;
  readonly customer: { readonly id: string; segmentIds: string[]; tierId: string | null } | null;
  readonly lines: readonly CartLine[];
}

export interface PromotionEffect {
  promotionId: string;
  /** Checks it applied to. */
  checks: number;
  /** Units of the lines it discounted or gave points on (a weighted line counts as one). */
  units: number;
  discountMinor: number;
  points: number;
}

export interface RunStats {
  checks: number;
  totalMinor: number;
  /** Average check after promotions, rounded down to the kopeck. */
  averageCheckMinor: number;
  /** By promotion id. */
  promotions: PromotionEffect[];
}

export interface BacktestReport {
  /** The ruleset as it was (the promotions given as active). */
  baseline: RunStats;
  /** The same checks with the draft added (or put in place of the promotion of its id). */
  withDraft: RunStats;
  /** withDraft's average check minus the baseline's. */
  averageCheckChangeMinor: number;
  /** The first checks (by the order given) the draft applied to, at most five. */
  exampleCheckIds: string[];
}

/**
 * Re-prices past checks with and without a draft promotion, each at its own time and store, with
 * the real engine: pure, so nothing reaches a customer's account. Usage counters and budgets are
 * not replayed (each check is priced as if the promotions were fresh), nor are coupon codes.
 */
export function backtest(
  checks: readonly PastCheck[],
  active: readonly PromotionDefinition[],
  draft: PromotionDefinition,
  settings: RulesetSettings,
  money: { pointValueMinor: number; currency: string },
): BacktestReport {
  const candidate = { ...draft, status: 'active' as const };
  const baseline = compileRuleset(active, 'baseline', settings, true);
  const withDraft = compileRuleset(
    [...active.filter((p) => p.id !== draft.id), candidate],
    'draft',
    settings,
    true,
  );
  const examples: string[] = [];
  const before = runOver(checks, baseline, money, () => undefined);
  const after = runOver(checks, withDraft, money, (check, appliedIds) => {
    if (appliedIds.has(draft.id) && examples.length < 5) examples.push(check.id);
  });
  return {
    baseline: before,
    withDraft: after,
    averageCheckChangeMinor: after.averageCheckMinor - before.averageCheckMinor,
    exampleCheckIds: examples,
  };
}

function runOver(
  checks: readonly PastCheck[],
  ruleset: Ruleset,
  money: { pointValueMinor: number; currency: string },
  seen: (check: PastCheck, appliedIds: ReadonlySet<string>) => void,
): RunStats {
  const effects = new Map<string, PromotionEffect>();
  let totalMinor = 0;
  for (const check of checks) {
    const calculation = calculate(
      { lines: [...check.lines] },
      {
        now: check.at,
        store: check.store,
        customer: check.customer,
        couponCodes: [],
        usage: {},
        pointValueMinor: money.pointValueMinor,
        currency: money.currency,
      },
      ruleset,
    );
    totalMinor += calculation.totalMinor;
    const appliedIds = new Set<string>();
    for (const applied of calculation.appliedPromotions) {
      appliedIds.add(applied.promotionId);
      const effect = effects.get(applied.promotionId) ?? {
        promotionId: applied.promotionId,
        checks: 0,
        units: 0,
        discountMinor: 0,
        points: 0,
      };
      effect.checks += 1;
      effect.discountMinor += applied.discountMinor;
      effect.points += applied.points;
      effects.set(applied.promotionId, effect);
    }
    for (const line of calculation.lines) {
      if (line.gift) continue;
      const touched = new Set([
        ...line.promotions.map((p) => p.promotionId),
        ...line.bonusByPromotion.map((p) => p.promotionId),
      ]);
      for (const id of touched) {
        const effect = effects.get(id);
        if (effect !== undefined) effect.units += line.quantity ?? 1;
      }
    }
    seen(check, appliedIds);
  }
  return {
    checks: checks.length,
    totalMinor,
    averageCheckMinor: checks.length === 0 ? 0 : Math.floor(totalMinor / checks.length),
    promotions: [...effects.values()].sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1)),
  };
}
