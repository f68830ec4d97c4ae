import { calculate } from '../engine/calculate/calculate.ts';
import type { Calculation } from '../engine/model/calculation.ts';
import type { CartLine } from '../engine/model/cart.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { compileRuleset, type Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import type { RulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import { cartCustomerContext } from '../promotions/holdout.ts';
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
  /** The checks as the baseline prices them: the active ruleset, or the one given. */
  baseline: RunStats;
  /** The same checks under the candidate: the draft added (or put in place of the promotion of
   * its id), or the whole draft ruleset. */
  withDraft: RunStats;
  /** withDraft's average check minus the baseline's. */
  averageCheckChangeMinor: number;
  /** Checks whose total the candidate changed. */
  changedChecks: number;
  /** The first checks (by the order given) the draft applied to — or, for a whole ruleset, whose
   * total it changed — at most five. */
  exampleCheckIds: string[];
}

/** What a backtest tries against the baseline: one draft promotion, or a whole ruleset. */
export type BacktestCandidate =
  | { draft: PromotionDefinition }
  | { ruleset: readonly PromotionDefinition[] };

/**
 * Re-prices past checks by a baseline ruleset and by a candidate, each check at its own time and
 * store, with the real engine: pure, so nothing reaches a customer's account. Usage counters and
 * budgets are not replayed (each check is priced as if the promotions were fresh), nor are
 * coupon codes; control groups are, by the same hash as at the till.
 */
export function backtest(
  checks: readonly PastCheck[],
  baseline: readonly PromotionDefinition[],
  candidate: BacktestCandidate,
  settings: RulesetSettings,
  money: { pointValueMinor: number; currency: string },
): BacktestReport {
  const tally = new BacktestTally(baseline, candidate, settings, money);
  tally.add(checks);
  return tally.report();
}

// A version is what would be active: its members are priced as active, whatever they say.
const asActive = (definitions: readonly PromotionDefinition[]) =>
  definitions.map((definition) => ({ ...definition, status: 'active' as const }));

/**
 * {@link backtest} over checks given a page at a time, so a background run reads a long period
 * without holding it in memory: both rulesets are compiled once, the sums grow with each page.
 */
export class BacktestTally {
  private readonly baseline: Ruleset;
  private readonly withDraft: Ruleset;
  /** The draft's id: its examples are the checks it applied to. */
  private readonly focus: string | null;
  private readonly before = new RunTally();
  private readonly after = new RunTally();
  private readonly examples: string[] = [];
  private changed = 0;

  constructor(
    baseline: readonly PromotionDefinition[],
    candidate: BacktestCandidate,
    settings: RulesetSettings,
    private readonly money: { pointValueMinor: number; currency: string },
  ) {
    this.baseline = compileRuleset(baseline, 'baseline', settings, true);
    if ('draft' in candidate) {
      const { draft } = candidate;
      this.focus = draft.id;
      this.withDraft = compileRuleset(
        [...baseline.filter((p) => p.id !== draft.id), ...asActive([draft])],
        'draft',
        settings,
        true,
      );
    } else {
      this.focus = null;
      this.withDraft = compileRuleset(asActive(candidate.ruleset), 'draft', settings, true);
    }
  }

  add(checks: readonly PastCheck[]): void {
    for (const check of checks) {
      const before = priced(check, this.baseline, this.money);
      const after = priced(check, this.withDraft, this.money);
      this.before.add(before);
      const applied = this.after.add(after);
      const changed =
        before.totalMinor !== after.totalMinor || before.bonusPoints !== after.bonusPoints;
      if (changed) this.changed += 1;
      const example = this.focus === null ? changed : applied.has(this.focus);
      if (example && this.examples.length < 5) this.examples.push(check.id);
    }
  }

  report(): BacktestReport {
    const baseline = this.before.stats();
    const withDraft = this.after.stats();
    return {
      baseline,
      withDraft,
      averageCheckChangeMinor: withDraft.averageCheckMinor - baseline.averageCheckMinor,
      changedChecks: this.changed,
      exampleCheckIds: [...this.examples],
    };
  }
}

function priced(
  check: PastCheck,
  ruleset: Ruleset,
  money: { pointValueMinor: number; currency: string },
): Calculation {
  return calculate(
    { lines: [...check.lines] },
    {
      now: check.at,
      store: check.store,
      // The control groups hold out whom the till would, so the draft's cost is not overstated.
      customer: check.customer
        ? cartCustomerContext(
            ruleset,
            check.customer.id,
            check.customer.segmentIds,
            check.customer.tierId,
          )
        : null,
      couponCodes: [],
      usage: {},
      pointValueMinor: money.pointValueMinor,
      currency: money.currency,
    },
    ruleset,
  );
}

class RunTally {
  private readonly effects = new Map<string, PromotionEffect>();
  private checks = 0;
  private totalMinor = 0;

  /** Counts one priced check; answers the promotions that applied to it. */
  add(calculation: Calculation): ReadonlySet<string> {
    this.checks += 1;
    this.totalMinor += calculation.totalMinor;
    const appliedIds = new Set<string>();
    for (const applied of calculation.appliedPromotions) {
      appliedIds.add(applied.promotionId);
      const effect = this.effects.get(applied.promotionId) ?? {
        promotionId: applied.promotionId,
        checks: 0,
        units: 0,
        discountMinor: 0,
        points: 0,
      };
      effect.checks += 1;
      effect.discountMinor += applied.discountMinor;
      effect.points += applied.points;
      this.effects.set(applied.promotionId, effect);
    }
    for (const line of calculation.lines) {
      if (line.gift) continue;
      const touched = new Set([
        ...line.promotions.map((p) => p.promotionId),
        ...line.bonusByPromotion.map((p) => p.promotionId),
      ]);
      for (const id of touched) {
        const effect = this.effects.get(id);
        if (effect !== undefined) effect.units += line.quantity ?? 1;
      }
    }
    return appliedIds;
  }

  stats(): RunStats {
    return {
      checks: this.checks,
      totalMinor: this.totalMinor,
      averageCheckMinor: this.checks === 0 ? 0 : Math.floor(this.totalMinor / this.checks),
      promotions: [...this.effects.values()]
        .map((effect) => ({ ...effect }))
        .sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1)),
    };
  }
}
