import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { TierProgram } from './tier-program.ts';
import type { MetricWindow } from './tier-rules.ts';

/**
 * The customer's tier metric over `window`, as it stood at `window.at`: for `spent_minor` the
 * money paid (kopecks, after discounts and points) on purchases made in the window less the money
 * refunded on them by returns made by then; for `purchase_count` those purchases not cancelled by
 * then. Exact: read from the purchases (index on customer and time), never from a counter that
 * could drift.
 */
export async function tierMetric(
  db: Db,
  program: TierProgram,
  customerId: string,
  window: MetricWindow,
): Promise<number> {
  const at = new Date(window.at);
  const after = window.after === null ? null : new Date(window.after);
  const purchases = db
    .selectFrom('purchases as p')
    .where('p.customer_id', '=', customerId)
    .where('p.business_at', '<=', at)
    .$if(after !== null, (qb) => qb.where('p.business_at', '>', after as Date));
  // Imported past checks (outliers left out) count as purchases; read in the same statement.
  const past = db
    .selectFrom('history_checks as h')
    .where('h.customer_id', '=', customerId)
    .where('h.outlier', '=', false)
    .where('h.business_at', '<=', at)
    .$if(after !== null, (qb) => qb.where('h.business_at', '>', after as Date));
  if (program.metric === 'purchase_count') {
    const counted = purchases
      .select(sql<number>`count(*)`.as('count'))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('purchase_returns as r')
              .select('r.id')
              .whereRef('r.purchase_id', '=', 'p.id')
              .where('r.kind', '=', 'cancel')
              .where('r.business_at', '<=', at),
          ),
        ),
      );
    const row = await db
      .selectNoFrom([
        counted.as('count'),
        past.select(sql<number>`count(*)`.as('count')).as('past'),
      ])
      .executeTakeFirstOrThrow();
    return Number(row.count) + Number(row.past);
  }
  // Paid, refunded and paid on past checks in one statement: three scalar reads.
  const refunded = purchases
    .innerJoin('purchase_returns as r', 'r.purchase_id', 'p.id')
    .innerJoin('purchase_return_lines as l', 'l.return_row_id', 'r.id')
    .select(sql<number>`coalesce(sum(l.refund_minor), 0)`.as('minor'))
    .where('r.business_at', '<=', at);
  const row = await db
    .selectNoFrom([
      purchases.select(sql<number>`coalesce(sum(p.paid_minor), 0)`.as('minor')).as('paid'),
      refunded.as('refunded'),
      past.select(sql<number>`coalesce(sum(h.paid_minor), 0)`.as('minor')).as('past'),
    ])
    .executeTakeFirstOrThrow();
  return Number(row.paid) - Number(row.refunded) + Number(row.past);
}
