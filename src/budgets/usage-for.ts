import type { PromotionUsage } from '../engine/model/context.ts';
import type { Db } from '../store/database.ts';
import { isCounted, type LimitsByPromotion } from './usage-limits.ts';

/**
 * Usage of the limited promotions among `limitsByPromotion`, for `calculate`, in one query: total
 * uses, this customer's uses (0 when anonymous) and what is left of each budget (null without
 * one; never below 0). Promotions without limits are left out — the engine reads a missing entry
 * as "no use yet". The figures are a snapshot: `recordUsage` at commit is what enforces them.
 */
export async function usageFor(
  db: Db,
  limitsByPromotion: LimitsByPromotion,
  customerId: string | null,
): Promise<Record<string, PromotionUsage>> {
  const ids = Object.keys(limitsByPromotion).filter((id) => isCounted(limitsByPromotion[id]));
  if (ids.length === 0) return {};
  const rows = await db
    .selectFrom('promotion_usage as u')
    .leftJoin('promotion_customer_usage as cu', (join) =>
      join
        .onRef('cu.promotion_id', '=', 'u.promotion_id')
        .on('cu.customer_id', 'is not distinct from', customerId),
    )
    .select(['u.promotion_id', 'u.total_uses', 'u.discount_minor', 'u.points', 'cu.uses'])
    .where('u.promotion_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.promotion_id, row]));
  const usage: Record<string, PromotionUsage> = {};
  for (const id of ids) {
    const limits = limitsByPromotion[id];
    const row = byId.get(id);
    const left = (budget: number | undefined, spent: number) =>
      budget === undefined ? null : Math.max(0, budget - spent);
    usage[id] = {
      totalUses: row?.total_uses ?? 0,
      customerUses: customerId === null ? 0 : (row?.uses ?? 0),
      budgetRemainingMinor: left(limits?.budgetMinor, row?.discount_minor ?? 0),
      budgetRemainingPoints: left(limits?.budgetPoints, row?.points ?? 0),
    };
  }
  return usage;
}
