import type { Kysely } from 'kysely';
import type { PromotionLimits } from '../engine/promotion/promotion-schema.ts';
import type { Database } from '../store/schema.ts';
import { countedGrants, type LimitsByPromotion, type PromotionGrant } from './usage-limits.ts';

export interface RecordUsageInput {
  purchaseId: string;
  customerId: string | null;
  /** The calculation's applied promotions: `appliedPromotions[].{promotionId, discountMinor, points}`. */
  applied: readonly PromotionGrant[];
  /** The limits of the ruleset the calculation ran on. */
  limitsByPromotion: LimitsByPromotion;
}

/** A promotion that no longer fits, in the engine's reason codes. */
export type UsageRefusal =
  | { promotionId: string; reason: 'limit_reached'; scope: 'total' | 'customer'; limit: number }
  | { promotionId: string; reason: 'budget_exhausted'; remainingMinor: number; neededMinor: number }
  | {
      promotionId: string;
      reason: 'budget_exhausted';
      remainingPoints: number;
      neededPoints: number;
    };

export type RecordUsageResult = { ok: true } | { ok: false; refused: UsageRefusal[] };

interface Counters {
  uses: number;
  discountMinor: number;
  points: number;
  customerUses: number;
}

/**
 * Counts a committed purchase against its promotions' use limits and budgets, inside the commit
 * transaction. The counter rows are locked in promotion-id order (then the customer's, in the same
 * order), checked, and only when every promotion still fits are they raised — so however many
 * commits race, a budget or limit is never exceeded and each accepted commit is counted whole.
 * Budgets are all-or-nothing (SPEC 2b). On a refusal nothing is counted: the caller answers 409
 * `promotion_limit_reached` with `refused` and the till calculates again, which now leaves the
 * promotion out with the same reason. Promotions without limits are not counted (`isCounted`).
 */
export async function recordUsage(
  trx: Kysely<Database>,
  input: RecordUsageInput,
): Promise<RecordUsageResult> {
  const grants = countedGrants(input.applied, input.limitsByPromotion);
  if (grants.length === 0) return { ok: true };
  const counters = await lockCounters(trx, grants, input.customerId);
  const refused = grants.flatMap((grant) => {
    const refusal = refusalFor(
      grant,
      input.limitsByPromotion[grant.promotionId] ?? {},
      counters,
      input.customerId,
    );
    return refusal ? [refusal] : [];
  });
  if (refused.length > 0) return { ok: false, refused };
  for (const grant of grants) {
    await trx
      .updateTable('promotion_usage')
      .set((eb) => ({
        total_uses: eb('total_uses', '+', 1),
        discount_minor: eb('discount_minor', '+', grant.discountMinor),
        points: eb('points', '+', grant.points),
        updated_at: new Date(),
      }))
      .where('promotion_id', '=', grant.promotionId)
      .execute();
  }
  const customerId = input.customerId;
  if (customerId !== null) {
    await trx
      .updateTable('promotion_customer_usage')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('customer_id', '=', customerId)
      .where(
        'promotion_id',
        'in',
        grants.map((g) => g.promotionId),
      )
      .execute();
  }
  await trx
    .insertInto('promotion_usage_entries')
    .values(
      grants.map((g) => ({
        purchase_id: input.purchaseId,
        promotion_id: g.promotionId,
        customer_id: customerId,
        kind: 'use' as const,
        uses: 1,
        discount_minor: g.discountMinor,
        points: g.points,
      })),
    )
    .execute();
  return { ok: true };
}

async function lockCounters(
  trx: Kysely<Database>,
  grants: readonly PromotionGrant[],
  customerId: string | null,
): Promise<Map<string, Counters>> {
  const ids = grants.map((g) => g.promotionId);
  // Create missing rows first so there is always a row to lock; a racing insert of the same row
  // waits on the unique index and then does nothing.
  await trx
    .insertInto('promotion_usage')
    .values(ids.map((id) => ({ promotion_id: id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const rows = await trx
    .selectFrom('promotion_usage')
    .select(['promotion_id', 'total_uses', 'discount_minor', 'points'])
    .where('promotion_id', 'in', ids)
    .orderBy('promotion_id')
    .forUpdate()
    .execute();
  const customerRows = customerId === null ? [] : await lockCustomerRows(trx, ids, customerId);
  const customerUses = new Map(customerRows.map((row) => [row.promotion_id, row.uses]));
  return new Map(
    rows.map((row) => [
      row.promotion_id,
      {
        uses: row.total_uses,
        discountMinor: row.discount_minor,
        points: row.points,
        customerUses: customerUses.get(row.promotion_id) ?? 0,
      },
    ]),
  );
}

async function lockCustomerRows(trx: Kysely<Database>, ids: readonly string[], customerId: string) {
  await trx
    .insertInto('promotion_customer_usage')
    .values(ids.map((id) => ({ promotion_id: id, customer_id: customerId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return trx
    .selectFrom('promotion_customer_usage')
    .select(['promotion_id', 'uses'])
    .where('customer_id', '=', customerId)
    .where('promotion_id', 'in', ids)
    .orderBy('promotion_id')
    .forUpdate()
    .execute();
}

function refusalFor(
  grant: PromotionGrant,
  limits: PromotionLimits,
  counters: Map<string, Counters>,
  customerId: string | null,
): UsageRefusal | null {
  const { promotionId } = grant;
  const now = counters.get(promotionId) ?? {
    uses: 0,
    discountMinor: 0,
    points: 0,
    customerUses: 0,
  };
  if (limits.totalUses !== undefined && now.uses + 1 > limits.totalUses) {
    return { promotionId, reason: 'limit_reached', scope: 'total', limit: limits.totalUses };
  }
  const perCustomer = limits.perCustomerUses;
  if (perCustomer !== undefined && customerId !== null && now.customerUses + 1 > perCustomer) {
    return { promotionId, reason: 'limit_reached', scope: 'customer', limit: perCustomer };
  }
  if (
    limits.budgetMinor !== undefined &&
    now.discountMinor + grant.discountMinor > limits.budgetMinor
  ) {
    const remainingMinor = Math.max(0, limits.budgetMinor - now.discountMinor);
    return {
      promotionId,
      reason: 'budget_exhausted',
      remainingMinor,
      neededMinor: grant.discountMinor,
    };
  }
  if (limits.budgetPoints !== undefined && now.points + grant.points > limits.budgetPoints) {
    const remainingPoints = Math.max(0, limits.budgetPoints - now.points);
    return { promotionId, reason: 'budget_exhausted', remainingPoints, neededPoints: grant.points };
  }
  return null;
}
