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
  // Templates, not builders: every commit under a tier programme sends one, and building and
  // compiling the builder's three subqueries cost more than the rest of the tier step.
  const inWindow = (alias: 'p' | 'h') =>
    after === null
      ? sql`${sql.ref(`${alias}.business_at`)} <= ${at}`
      : sql`${sql.ref(`${alias}.business_at`)} <= ${at} AND ${sql.ref(`${alias}.business_at`)} > ${after}`;
  // Imported past checks (outliers left out) count as purchases; read in the same statement.
  const past = sql`FROM history_checks h
    WHERE h.customer_id = ${customerId} AND h.outlier = false AND ${inWindow('h')}`;
  if (program.metric === 'purchase_count') {
    const { rows } = await sql<{ count: number; past: number }>`SELECT
      (SELECT count(*) FROM purchases p
        WHERE p.customer_id = ${customerId} AND ${inWindow('p')}
        AND NOT EXISTS (SELECT r.id FROM purchase_returns r
          WHERE r.purchase_id = p.id AND r.kind = 'cancel' AND r.business_at <= ${at})) AS count,
      (SELECT count(*) ${past}) AS past`.execute(db);
    const row = rows[0];
    return Number(row?.count) + Number(row?.past);
  }
  // Paid, refunded and paid on past checks in one statement: three scalar reads.
  const { rows } = await sql<{ paid: number; refunded: number; past: number }>`SELECT
    (SELECT coalesce(sum(p.paid_minor), 0) FROM purchases p
      WHERE p.customer_id = ${customerId} AND ${inWindow('p')}) AS paid,
    (SELECT coalesce(sum(l.refund_minor), 0) FROM purchases p
      JOIN purchase_returns r ON r.purchase_id = p.id
      JOIN purchase_return_lines l ON l.return_row_id = r.id
      WHERE p.customer_id = ${customerId} AND ${inWindow('p')} AND r.business_at <= ${at})
      AS refunded,
    (SELECT coalesce(sum(h.paid_minor), 0) ${past}) AS past`.execute(db);
  const row = rows[0];
  return Number(row?.paid) - Number(row?.refunded) + Number(row?.past);
}
