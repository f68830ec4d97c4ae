import type { PromotionGrant } from '../budgets/usage-limits.ts';
import { mulDiv } from '../ledger/integers.ts';
import type { Db } from '../store/database.ts';
import { loadPurchaseTrace } from './purchase-rows.ts';
import type { ReturnableLine } from './return-lines.ts';
import { releaseMotivators } from './use-motivators.ts';

/**
 * Releases what a return gives back of promotion budgets: the discount and bonus points the
 * returned units carried on the receipt (pro rata by quantity, rounded down), and — when the
 * return leaves nothing of the purchase — its uses and coupons as well.
 */
export async function releaseReturnedMotivators(
  trx: Db,
  input: {
    purchaseId: string;
    lines: readonly ReturnableLine[];
    quantities: ReadonlyMap<number, number>;
    now: Date;
  },
): Promise<void> {
  const whole = input.lines.every(
    (line) => line.returnedQuantity + (input.quantities.get(line.lineNo) ?? 0) === line.quantity,
  );
  const trace = await loadPurchaseTrace(trx, input.purchaseId);
  const grants = new Map<string, PromotionGrant>();
  const grant = (promotionId: string) => {
    const found = grants.get(promotionId) ?? { promotionId, discountMinor: 0, points: 0 };
    grants.set(promotionId, found);
    return found;
  };
  for (const line of input.lines) {
    const quantity = input.quantities.get(line.lineNo) ?? 0;
    const priced = trace.lines[line.lineNo - 1];
    if (quantity === 0 || !priced) continue;
    for (const p of priced.promotions)
      grant(p.promotionId).discountMinor += mulDiv(
        p.discountMinor,
        quantity,
        line.quantity,
        'down',
      );
    for (const p of priced.bonusByPromotion)
      grant(p.promotionId).points += mulDiv(p.points, quantity, line.quantity, 'down');
  }
  await releaseMotivators(trx, {
    purchaseId: input.purchaseId,
    whole,
    returned: [...grants.values()],
    now: input.now,
  });
}
