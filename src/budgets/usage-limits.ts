import type { PromotionLimits } from '../engine/promotion/promotion-schema.ts';

/** What one promotion gave in one purchase: money discount (kopecks) and points. */
export interface PromotionGrant {
  promotionId: string;
  discountMinor: number;
  points: number;
}

/** The limits of the promotions in a calculation, by promotion id (from its ruleset). */
export type LimitsByPromotion = Readonly<Record<string, PromotionLimits | undefined>>;

/**
 * Whether a promotion's uses are counted here. Only promotions with a use limit or a budget are:
 * an unlimited promotion needs no counter, and counting it would make every till in the chain
 * queue on one row. A limit added to a running promotion therefore counts from that moment.
 */
export function isCounted(limits: PromotionLimits | undefined): limits is PromotionLimits {
  return (
    limits !== undefined &&
    (limits.totalUses !== undefined ||
      limits.perCustomerUses !== undefined ||
      limits.budgetMinor !== undefined ||
      limits.budgetPoints !== undefined)
  );
}

/** One grant per counted promotion, summed if listed twice, in id order (the lock order). */
export function countedGrants(
  applied: readonly PromotionGrant[],
  limitsByPromotion: LimitsByPromotion,
): PromotionGrant[] {
  const byId = new Map<string, PromotionGrant>();
  for (const grant of applied) {
    if (!isCounted(limitsByPromotion[grant.promotionId])) continue;
    const seen = byId.get(grant.promotionId);
    byId.set(grant.promotionId, {
      promotionId: grant.promotionId,
      discountMinor: (seen?.discountMinor ?? 0) + grant.discountMinor,
      points: (seen?.points ?? 0) + grant.points,
    });
  }
  return [...byId.values()].sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1));
}
