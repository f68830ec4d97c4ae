import type { EpochMs } from '../calendar/day-number.ts';
import { mulDivHalfUp, percentOfHalfUp } from '../engine/money/rounding.ts';
import { accrue } from '../ledger/accrual.ts';
import { lotInstants } from '../ledger/instants.ts';
import { balance, type Lot, planBurn, planExpiry } from '../ledger/lots.ts';
import { accrualRateBpFor, maxRedemptionShareBpFor } from '../ledger/program-settings.ts';
import { redemptionLimit } from '../ledger/redemption.ts';
import { applyTierRates, tierRates } from '../tiers/current-tier.ts';
import { entryTierId, metricWindow, qualifiedRank, tierRank } from '../tiers/tier-rules.ts';
import { type MonthGrid, monthOf } from './month-grid.ts';
import type { ReplayTally } from './replay-tally.ts';
import { scaledCopies } from './scaled-copies.ts';
import type { SimulationModel, SimulationScenario } from './simulation-request.ts';

/** A past check of an identified customer: its instant and its revenue in kopecks. */
export interface PastCheck {
  at: EpochMs;
  amountMinor: number;
}

export interface ReplayContext {
  model: SimulationModel;
  scenario: SimulationScenario;
  grid: MonthGrid;
}

interface CustomerState {
  rank: number;
  lots: Lot[];
  lotCount: number;
  /** The tier metric's purchases, oldest first from `head`, and their sum. */
  windowAt: EpochMs[];
  windowAdds: number[];
  head: number;
  metric: number;
  welcomed: Set<number>;
  /** Months before this one have their tier counted. */
  counted: number;
}

/**
 * Replays one customer's checks (time order, all before the period's end) under a model and a
 * scenario into `tally`, as `weight` identical customers (the scenario's new-customer copies).
 * Checks before the period only count in the tier metric, as imported history does when a
 * programme starts. In the period each check is scaled by the scenario's average-check change
 * (half up) and repeated by its frequency change ({@link scaledCopies} over every customer's
 * checks of the period, in the replay's order: `tally.frequencySeries`), then priced as the programme would: the discount of the tier held, points spent when
 * the customer `redeems` (the most {@link redemptionLimit} allows), points accrued on the money
 * paid ({@link accrue}), then the tier moved up by the production rules with the welcome bonus
 * of every tier passed; lots activate and expire by the settings ({@link lotInstants}).
 */
export function replayCustomer(
  context: ReplayContext,
  checks: readonly PastCheck[],
  weight: number,
  redeems: boolean,
  tally: ReplayTally,
): void {
  if (weight === 0) return;
  const { model, scenario, grid } = context;
  const program = model.tierProgram;
  const state: CustomerState = {
    rank: tierRank(program, entryTierId(program)),
    lots: [],
    lotCount: 0,
    windowAt: [],
    windowAdds: [],
    head: 0,
    metric: 0,
    welcomed: new Set(),
    counted: -1,
  };
  const monthCount = grid.labels.length;
  let k = 0;
  for (const check of checks) {
    const month = monthOf(grid, check.at);
    if (month >= monthCount) break;
    if (month < 0) {
      addToMetric(
        state,
        context,
        check.at,
        program.metric === 'purchase_count' ? 1 : check.amountMinor,
      );
      continue;
    }
    k += 1;
    expire(state, context, check.at, weight, tally);
    if (state.counted < 0) state.counted = month;
    countTiers(state, month, weight, tally);
    const amountMinor = mulDivHalfUp(check.amountMinor, 10_000 + scenario.averageCheckBp, 10_000);
    tally.frequencySeries += 1;
    const copies = scaledCopies(tally.frequencySeries, scenario.frequencyBp);
    for (let copy = 0; copy < copies; copy++) {
      priceCheck(state, context, { at: check.at, amountMinor }, redeems, weight, tally);
    }
    if (k === 1 && model.welcomeBonusPoints > 0) {
      addBonus(state, context, check.at, model.welcomeBonusPoints, weight, tally);
    }
  }
  if (state.counted < 0) return;
  const end = grid.starts[monthCount] as EpochMs;
  expire(state, context, end - 1, weight, tally);
  countTiers(state, monthCount, weight, tally);
  tally.customers += weight;
}

function priceCheck(
  state: CustomerState,
  context: ReplayContext,
  check: PastCheck,
  redeems: boolean,
  weight: number,
  tally: ReplayTally,
): void {
  const { model, grid } = context;
  const program = model.tierProgram;
  const { at, amountMinor } = check;
  const tier = program.tiers[state.rank];
  const tierId = tier?.id ?? null;
  // The tier's own rates override the settings' per-tier ones, as at a till.
  const settings = applyTierRates(model.settings, tierId, tierRates(program, tierId));
  const discountMinor = tier?.discountBp ? percentOfHalfUp(amountMinor, tier.discountBp) : 0;
  const dueMinor = amountMinor - discountMinor;
  let redeemed = 0;
  if (redeems && dueMinor > 0) {
    const active = balance(state.lots, at, 0).active;
    if (active > 0) {
      redeemed = redemptionLimit({
        lines: [{ lineId: 'check', amountMinor: dueMinor, noPointsPayment: false }],
        maxShareBp: maxRedemptionShareBpFor(settings, tierId),
        minMoneyPaidMinor: settings.minMoneyPaidMinor,
        pointValueMinor: settings.pointValueMinor,
        activeBalance: active,
      }).maxPoints;
      const burn = planBurn(state.lots, redeemed, at);
      if (!burn.ok) throw new Error('the redemption limit exceeded the active lots');
      for (const draw of burn.draws) take(state, draw.lotId, draw.points);
    }
  }
  const paidMinor = dueMinor - redeemed * settings.pointValueMinor;
  const { points } = accrue({
    lines: [
      {
        lineId: 'check',
        paidMinor,
        noAccrual: false,
        excluded: false,
        rateBp: accrualRateBpFor(settings, tierId),
      },
    ],
    checkBonusPoints: 0,
    pointValueMinor: settings.pointValueMinor,
    rounding: settings.accrualRounding,
  });
  if (points > 0) addLot(state, at, points, lotInstants(at, settings));
  const month = tally.months[monthOf(grid, at)];
  if (month === undefined) throw new Error('a check outside the period was priced');
  month.checks += weight;
  month.salesMinor += amountMinor * weight;
  month.discountMinor += discountMinor * weight;
  month.pointsRedeemed += redeemed * weight;
  month.redeemedMinor += redeemed * settings.pointValueMinor * weight;
  month.pointsAccrued += points * weight;
  month.paidMinor += paidMinor * weight;
  addToMetric(state, context, at, program.metric === 'purchase_count' ? 1 : paidMinor);
  if (!program.autoTransition) return;
  const to = qualifiedRank(program, state.metric);
  // As a commit does: up only, every tier passed pays its welcome bonus once.
  for (let rank = state.rank + 1; rank <= to; rank++) {
    const bonus = program.tiers[rank]?.welcomeBonusPoints ?? 0;
    if (bonus > 0 && !state.welcomed.has(rank)) addBonus(state, context, at, bonus, weight, tally);
    state.welcomed.add(rank);
  }
  if (to > state.rank) state.rank = to;
}

/** A welcome bonus: spendable at once, expiring by the programme's rule (as grantBonus does). */
function addBonus(
  state: CustomerState,
  context: ReplayContext,
  at: EpochMs,
  points: number,
  weight: number,
  tally: ReplayTally,
): void {
  const { settings } = context.model;
  addLot(state, at, points, lotInstants(at, { ...settings, pendingDays: 0 }));
  const month = tally.months[monthOf(context.grid, at)];
  if (month !== undefined) month.pointsBonus += points * weight;
}

function addLot(
  state: CustomerState,
  at: EpochMs,
  points: number,
  instants: { activatesAt: EpochMs; expiresAt: EpochMs | null },
): void {
  state.lotCount += 1;
  state.lots.push({
    lotId: String(state.lotCount).padStart(8, '0'),
    earnedAt: at,
    ...instants,
    amount: points,
    remaining: points,
  });
}

function take(state: CustomerState, lotId: string, points: number): void {
  const lot = state.lots.find((l) => l.lotId === lotId);
  if (lot) lot.remaining -= points;
}

/** Writes off lots expired by `now`, each in the month its expiry fell in; drops empty lots. */
function expire(
  state: CustomerState,
  context: ReplayContext,
  now: EpochMs,
  weight: number,
  tally: ReplayTally,
): void {
  if (state.lots.length === 0) return;
  for (const draw of planExpiry(state.lots, now)) {
    const lot = state.lots.find((l) => l.lotId === draw.lotId) as Lot;
    const month = tally.months[monthOf(context.grid, lot.expiresAt as EpochMs)];
    if (month !== undefined) month.pointsExpired += draw.points * weight;
    lot.remaining = 0;
  }
  state.lots = state.lots.filter((lot) => lot.remaining > 0);
}

/** Counts the customer's tier at the end of every month before `month` not yet counted. */
function countTiers(state: CustomerState, month: number, weight: number, tally: ReplayTally): void {
  for (; state.counted < month; state.counted++) {
    const counts = tally.months[state.counted]?.customersByRank;
    if (counts) counts[state.rank + 1] = (counts[state.rank + 1] ?? 0) + weight;
  }
}

/** Adds a purchase to the tier metric and drops those the period no longer covers at `at`. */
function addToMetric(state: CustomerState, context: ReplayContext, at: EpochMs, add: number): void {
  const { tierProgram: program, settings } = context.model;
  state.windowAt.push(at);
  state.windowAdds.push(add);
  state.metric += add;
  const { after } = metricWindow(program.period, at, settings.timeZone);
  if (after === null) return;
  while (state.head < state.windowAt.length && (state.windowAt[state.head] as number) <= after) {
    state.metric -= state.windowAdds[state.head] as number;
    state.head += 1;
  }
}
