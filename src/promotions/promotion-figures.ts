import { sql } from 'kysely';
import { readingFigures } from '../analytics/checks.ts';
import { isCounted } from '../budgets/usage-limits.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import type { Db } from '../store/database.ts';

/**
 * What a promotion has given over its life. `counters`: a promotion with a use limit or a budget
 * is counted at every commit (`recordUsage`), and a return or cancel gives back (`releaseUsage`);
 * these are the figures its limits are held to, so `discountMinor + budgetLeftMinor` is the
 * budget. `checks`: a promotion without limits has no counter, so its figures are read from the
 * live checks it applied to (cancelled ones left out, returns not deducted, as the programme
 * economics count them).
 */
export interface PromotionFigures {
  promotionId: string;
  basis: 'counters' | 'checks';
  /** Purchases it applied to. */
  uses: number;
  /** Discount it gave, in minor units. */
  discountMinor: number;
  /** Points it gave. */
  points: number;
  /** What is left of `limits.budgetMinor` (never below 0); null without that budget. */
  budgetLeftMinor: number | null;
  /** What is left of `limits.budgetPoints` (never below 0); null without that budget. */
  budgetLeftPoints: number | null;
}

/**
 * The figures of every promotion, in id order. Counted promotions cost one read of their counter
 * rows; the others one pass over the live checks, with JIT off as the analytics queries run.
 */
export async function promotionFigures(db: Db): Promise<PromotionFigures[]> {
  const promotions = await db
    .selectFrom('promotions')
    .select(['id', 'definition'])
    .orderBy('id')
    .execute();
  const definitions = promotions.map((row) => row.definition as PromotionDefinition);
  const counted = new Set(definitions.filter((d) => isCounted(d.limits)).map((d) => d.id));
  const uncounted = definitions.filter((d) => !counted.has(d.id)).map((d) => d.id);
  const [counters, fromChecks] = await Promise.all([
    counterFigures(db, [...counted]),
    uncounted.length === 0
      ? new Map<string, Totals>()
      : readingFigures(db, (trx) => checkFigures(trx, uncounted)),
  ]);
  return definitions.map((definition) => {
    const basis = counted.has(definition.id) ? 'counters' : 'checks';
    const totals = (basis === 'counters' ? counters : fromChecks).get(definition.id) ?? none;
    const left = (budget: number | undefined, spent: number) =>
      budget === undefined ? null : Math.max(0, budget - spent);
    return {
      promotionId: definition.id,
      basis,
      ...totals,
      budgetLeftMinor: left(definition.limits?.budgetMinor, totals.discountMinor),
      budgetLeftPoints: left(definition.limits?.budgetPoints, totals.points),
    };
  });
}

interface Totals {
  uses: number;
  discountMinor: number;
  points: number;
}

const none: Totals = { uses: 0, discountMinor: 0, points: 0 };

async function counterFigures(db: Db, ids: readonly string[]): Promise<Map<string, Totals>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('promotion_usage')
    .select(['promotion_id', 'total_uses', 'discount_minor', 'points'])
    .where('promotion_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((row) => [
      row.promotion_id,
      {
        uses: Number(row.total_uses),
        discountMinor: Number(row.discount_minor),
        points: Number(row.points),
      },
    ]),
  );
}

async function checkFigures(db: Db, ids: readonly string[]): Promise<Map<string, Totals>> {
  // A promotion is listed once per calculation (`appliedPromotions`), with its whole amount.
  const { rows } = await sql<{
    promotion_id: string;
    uses: number;
    discount_minor: string;
    points: string;
  }>`
    SELECT a->>'promotionId' AS promotion_id, count(DISTINCT p.id)::int AS uses,
      sum((a->>'discountMinor')::bigint) AS discount_minor, sum((a->>'points')::bigint) AS points
    FROM purchases p CROSS JOIN jsonb_array_elements(p.calculation->'appliedPromotions') a
    WHERE NOT p.cancelled
      AND a->>'promotionId' = ANY(${sql.val([...ids])}::text[])
    GROUP BY 1`.execute(db);
  return new Map(
    rows.map((row) => [
      row.promotion_id,
      { uses: row.uses, discountMinor: Number(row.discount_minor), points: Number(row.points) },
    ]),
  );
}
