import type { Actor } from '../access/actor.ts';
import { adjustPoints } from '../points/adjust-points.ts';
import type { CommitDeps } from '../purchases/commit-purchase.ts';
import { commitPurchase } from '../purchases/commit-purchase.ts';

const dayMs = 86_400_000;

/** Customers (by position) given a past: points and purchases. */
export const customersWithHistory = 24;

// A customer's past purchases as [days ago, SKU, unit price in kopecks, quantity]. The first
// customer spends enough for gold, the next three for silver; the rest stay in the base tier.
// Goods without happy hours, so the amounts do not depend on the hour the demo is made.
type PastPurchase = [daysAgo: number, sku: string, unitPriceMinor: number, quantity: number];
function pastPurchases(position: number): PastPurchase[] {
  if (position === 0) {
    return [
      [75, 'WINE-11-L', 300_000, 10],
      [40, 'SKINCARE-21-M', 120_000, 5],
    ];
  }
  if (position <= 3) {
    return [
      [60, 'MILK-12-XL', 30_000, 20],
      [25, 'BAKERY-21-M', 50_000, 12],
    ];
  }
  return [
    [50 - position, 'MILK-11-M', 8_900, 2 + (position % 5)],
    [20 + (position % 7), 'OILS-21-L', 45_000, 1 + (position % 4)],
  ];
}

/**
 * Gives the first customers a past: 500 points credited 350 days ago (they expire within weeks,
 * so "expiring soon" can be seen), and two purchases in the last 75 days, committed as a till
 * would, so their points, tiers, segments and campaigns follow from the real rules. Answers the
 * number of purchases made.
 */
export async function writeDemoHistory(
  deps: CommitDeps,
  till: Actor,
  customerIds: readonly string[],
  now: number,
): Promise<number> {
  let purchases = 0;
  for (const [position, customerId] of customerIds.slice(0, customersWithHistory).entries()) {
    await deps.db.transaction().execute((trx) =>
      adjustPoints(trx, till, {
        operationId: `demo-welcome-${position}`,
        customerId,
        points: 500,
        reason: 'Бонус за анкету (демо)',
        now: now - 350 * dayMs,
      }),
    );
    for (const [n, [daysAgo, sku, unitPriceMinor, quantity]] of pastPurchases(position).entries()) {
      await commitPurchase(
        deps,
        till,
        {
          storeId: position >= 4 && position % 4 === 3 ? 'vvo-svetlanskaya' : 'msk-tverskaya',
          transactionId: `DEMO-${position + 1}-${n + 1}`,
          at: new Date(now - daysAgo * dayMs).toISOString(),
          customer: { id: customerId },
          lines: [{ lineId: '1', sku, unitPriceMinor, quantity }],
        },
        { now: () => new Date(now) },
      );
      purchases++;
    }
  }
  return purchases;
}
