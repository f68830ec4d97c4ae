import type { AccountBalance } from '../points/accounts.ts';
import { dueBalance } from '../points/points-balance.ts';
import type { ProgrammeCache } from '../programme/programme-cache.ts';
import type { Db } from '../store/database.ts';
import { applyTierRates } from '../tiers/current-tier.ts';
import { accrualExcludedLineIds } from './accrual-exclusions.ts';
import type { CartCalculation } from './calculate-cart.ts';
import { planPoints } from './points-plan.ts';

export interface PointsPreview {
  balance: { active: number; pending: number; debt: number };
  /** Most points this check accepts from this customer now, and what they pay in money. */
  maxRedeemablePoints: number;
  maxRedeemableMoneyMinor: number;
  /** Points the purchase would accrue, after the requested redemption (if it fits). */
  accruedPoints: number;
  /** Why a requested redemption would be refused at commit, or null. */
  redemptionRefusal: string | null;
}

/**
 * What the till shows before payment: the customer's points, how many may pay for this check and
 * what it would accrue. Reads only; `commit` checks the same again under the account lock.
 * `known` is the balance read with the customer (`priceCart`'s `withBalance`); without it the
 * balance is read here.
 */
export async function previewPoints(
  deps: { db: Db; programme: ProgrammeCache; now: () => Date },
  calculation: CartCalculation,
  requestedPoints: number,
  known: AccountBalance | null = null,
): Promise<PointsPreview | null> {
  if (calculation.customer.status !== 'identified') return null;
  const [{ settings }, balance] = await Promise.all([
    // The programme the calculation was priced with, already read.
    deps.programme.known(),
    // At the calculation's instant, so points due to activate count even before the scheduler
    // has booked them; read from the account and the due lots alone, never every open lot. A
    // what-if's instant is ahead: its balance is today's, as it says.
    known ??
      dueBalance(
        deps.db,
        calculation.customer.id,
        calculation.whatIf ? deps.now().getTime() : Date.parse(calculation.calculatedAt),
      ),
  ]);
  const base = {
    lines: calculation.lines,
    settings: applyTierRates(settings, calculation.tier.tierId, calculation.tier.rates),
    tierId: calculation.tier.tierId,
    activeBalance: balance.active,
    accrues: true,
    excludedLineIds: accrualExcludedLineIds(settings, calculation.cartLines),
  };
  const requested = planPoints({ ...base, requestedPoints });
  const plan = requested.ok ? requested : planPoints({ ...base, requestedPoints: 0 });
  if (!plan.ok) throw new Error('a plan without redemption cannot be refused');
  return {
    balance,
    maxRedeemablePoints: plan.limit.maxPoints,
    maxRedeemableMoneyMinor: plan.limit.maxMoneyMinor,
    accruedPoints: plan.accruedPoints,
    redemptionRefusal: requested.ok ? null : requested.code,
  };
}
