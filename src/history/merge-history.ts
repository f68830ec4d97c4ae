import { sql } from 'kysely';
import type { CustomerMergeHook } from '../customers/merge-hooks.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { refreshCustomerSegments } from '../segments/on-purchase-changed.ts';
import { refreshCustomerDays, refreshCustomerSkus } from '../segments/purchase-aggregates.ts';

/**
 * On a customer merge, the merged profile's imported checks become the survivor's, and the
 * survivor's days and SKUs of those checks are recomputed (so a survivor without live purchases
 * counts them too), then its rule segments re-evaluated. Runs before the segments hook, which
 * drops the merged profile's aggregates.
 */
export const historyMergeHook: CustomerMergeHook = {
  name: 'history',
  async moveRows(trx, merge) {
    const moved = await trx
      .updateTable('history_checks')
      .set({ customer_id: merge.survivorId })
      .where('customer_id', '=', merge.mergedId)
      .returning('check_id')
      .execute();
    if (moved.length === 0) return { checks: 0 };
    const { timeZone } = await getProgramSettings(trx);
    const ids = moved.map((m) => m.check_id);
    const { rows: days } = await sql<{ day: string }>`
      SELECT DISTINCT (business_at AT TIME ZONE ${timeZone})::date::text AS day
      FROM history_checks WHERE check_id = any(${ids}::text[]) AND NOT outlier`.execute(trx);
    const { rows: skus } = await sql<{ sku: string }>`
      SELECT DISTINCT l.sku FROM history_check_lines l JOIN history_checks h USING (check_id)
      WHERE h.check_id = any(${ids}::text[]) AND NOT h.outlier`.execute(trx);
    const customerId = merge.survivorId;
    await refreshCustomerDays(
      trx,
      days.map(({ day }) => ({ customerId, day })),
      timeZone,
    );
    await refreshCustomerSkus(
      trx,
      skus.map(({ sku }) => ({ customerId, sku })),
      timeZone,
    );
    await refreshCustomerSegments(trx, customerId, merge.now, timeZone);
    return { checks: moved.length };
  },
};
