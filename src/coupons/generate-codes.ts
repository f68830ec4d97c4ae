import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { findSeries } from './coupon-series.ts';
import { RandomSymbols, randomCodes, type SymbolSource } from './random-codes.ts';

/** Most codes one call generates. */
export const MAX_CODES_PER_CALL = 1_000_000;
// One array parameter per statement: the row count is bounded by memory, not by the protocol's
// 65 535 parameters, and 20 000 codes keep each statement well under a megabyte.
const BATCH = 20_000;

/**
 * Generates `count` new codes for a unique series in one transaction (all or none) and answers
 * how many the series now holds. Codes go in as batched `INSERT … SELECT unnest($codes)`; the rare
 * code that already exists (in any series) is skipped by `ON CONFLICT DO NOTHING` and replaced by
 * a fresh one, so exactly `count` are added. Refusals: `count_out_of_range` (400),
 * `coupon_series_not_found` (404), `shared_series_has_one_code` (409).
 */
export async function generateCouponCodes(
  db: Db,
  actor: Actor,
  seriesId: string,
  count: number,
  symbols: SymbolSource = new RandomSymbols(),
): Promise<{ generated: number; codeCount: number }> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_CALL) {
    throw invalid('count_out_of_range', `Generate 1 to ${MAX_CODES_PER_CALL} codes`, '/count');
  }
  const series = await findSeries(db, seriesId);
  if (series.kind === 'shared') {
    throw conflict('shared_series_has_one_code', 'A promo code series holds its one code');
  }
  await db.transaction().execute(async (trx) => {
    let missing = count;
    while (missing > 0) {
      const codes = randomCodes(
        series.prefix,
        series.random_length,
        Math.min(BATCH, missing),
        symbols,
      );
      const result = await sql`
        INSERT INTO coupons (code, series_id, max_uses)
        SELECT code, ${seriesId}, ${series.max_uses_per_code}::integer
        FROM unnest(${codes}::text[]) AS t (code)
        ON CONFLICT (code) DO NOTHING`.execute(trx);
      missing -= Number(result.numAffectedRows ?? 0n);
    }
    await recordAudit(trx, actor, {
      action: 'coupon_series.generate',
      entityType: 'coupon_series',
      entityId: seriesId,
      after: { count },
    });
  });
  const total = await db
    .selectFrom('coupons')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('series_id', '=', seriesId)
    .executeTakeFirstOrThrow();
  return { generated: count, codeCount: Number(total.count) };
}
