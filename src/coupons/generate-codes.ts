import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { type BatchOutcome, runBatchOnce } from '../store/idempotent-batch.ts';
import { findSeries } from './coupon-series.ts';
import { RandomSymbols, randomCodes, type SymbolSource } from './random-codes.ts';

/** Most codes one call generates. */
export const MAX_CODES_PER_CALL = 1_000_000;
// One array parameter per statement: the row count is bounded by memory, not by the protocol's
// 65 535 parameters, and 20 000 codes keep each statement well under a megabyte.
const ROWS_PER_INSERT = 20_000;

export interface GenerateCodesRequest {
  seriesId: string;
  /** The caller's id of this batch: the idempotency key, per API key and series. */
  batchId: string;
  count: number;
}

/** What a batch answers, the first time and on every repeat. */
export interface GeneratedCodes {
  batchId: string;
  generated: number;
  /** Codes the series held once this batch was made. */
  codeCount: number;
}

/**
 * Generates `count` new codes for a unique series in one transaction (all or none) and answers
 * how many the series then holds. Codes go in as batched `INSERT … SELECT unnest($codes)`; the
 * rare code that already exists (in any series) is skipped by `ON CONFLICT DO NOTHING` and
 * replaced by a fresh one, so exactly `count` are added. Each code is tagged with `batchId`, so
 * the batch can be exported alone. Idempotent per (API key, series, `batchId`): a repeat of the
 * same request answers the first result and adds nothing (`replayed: true`). Refusals:
 * `count_out_of_range` (400), `coupon_series_not_found` (404), `shared_series_has_one_code`,
 * `batch_conflict` (409).
 */
export async function generateCouponCodes(
  db: Db,
  actor: Actor,
  request: GenerateCodesRequest,
  symbols: SymbolSource = new RandomSymbols(),
): Promise<BatchOutcome<GeneratedCodes>> {
  const { seriesId, batchId, count } = request;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_CALL) {
    throw invalid('count_out_of_range', `Generate 1 to ${MAX_CODES_PER_CALL} codes`, '/count');
  }
  const series = await findSeries(db, seriesId);
  if (series.kind === 'shared') {
    throw conflict('shared_series_has_one_code', 'A promo code series holds its one code');
  }
  const claim = {
    kind: 'coupon_codes' as const,
    actor,
    resourceId: seriesId,
    batchId,
    request: { count },
  };
  return db.transaction().execute((trx) =>
    runBatchOnce(trx, claim, async () => {
      let missing = count;
      while (missing > 0) {
        const codes = randomCodes(
          series.prefix,
          series.random_length,
          Math.min(ROWS_PER_INSERT, missing),
          symbols,
        );
        const result = await sql`
          INSERT INTO coupons (code, series_id, max_uses, batch_id)
          SELECT code, ${seriesId}, ${series.max_uses_per_code}::integer, ${batchId}
          FROM unnest(${codes}::text[]) AS t (code)
          ON CONFLICT (code) DO NOTHING`.execute(trx);
        missing -= Number(result.numAffectedRows ?? 0n);
      }
      await recordAudit(trx, actor, {
        action: 'coupon_series.generate',
        entityType: 'coupon_series',
        entityId: seriesId,
        after: { batchId, count },
      });
      const total = await trx
        .selectFrom('coupons')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('series_id', '=', seriesId)
        .executeTakeFirstOrThrow();
      return { batchId, generated: count, codeCount: Number(total.count) };
    }),
  );
}
