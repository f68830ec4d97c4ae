import type { Insertable } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, notFound, ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { CouponSeriesKind, CouponSeriesTable } from '../store/schema.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { guessProbability, inAlphabet, MAX_CODE_LENGTH, normaliseCode } from './code-format.ts';
import { randomCodes } from './random-codes.ts';

export interface CouponSeriesInput {
  id: string;
  promotionId: string;
  name: string;
  /** `unique`: many codes, each with its own uses; `shared`: one promo code for everyone. */
  kind: CouponSeriesKind;
  /** Alphabet characters put before the random part (dashes and spaces are dropped). */
  prefix?: string;
  /** Random characters per code; default 10 for unique codes (at least 8), 0 for a promo code. */
  randomLength?: number;
  /** Unique codes: uses of each code, default 1 (single-use). */
  usesPerCode?: number;
  /** Promo code: uses by everyone together; absent = unlimited. */
  totalUses?: number;
  /** Uses of one code by one customer; needs an identified customer at the till. */
  perCustomerUses?: number;
  /** Inclusive instant. */
  validFrom?: string;
  /** Exclusive instant. */
  validTo?: string;
  storeIds?: string[];
  /** Whether a cancelled or fully returned purchase gives its coupons back; default true. */
  releaseOnCancel?: boolean;
}

export interface CouponSeries {
  id: string;
  promotionId: string;
  name: string;
  kind: CouponSeriesKind;
  prefix: string;
  randomLength: number;
  usesPerCode: number | null;
  totalUses: number | null;
  perCustomerUses: number | null;
  validFrom: string | null;
  validTo: string | null;
  storeIds: string[] | null;
  releaseOnCancel: boolean;
  codeCount: number;
  /** The promo code of a shared series. */
  code: string | null;
  /** The chance that one well-formed random guess is a valid code of this series. */
  guessProbability: number;
}

const MIN_UNIQUE_RANDOM = 8;

/**
 * Creates a coupon series; a shared series gets its promo code at once. Refusals: the field
 * problems of the input (400), `promotion_not_found` (404), `coupon_series_exists` and
 * `code_taken` (409).
 */
export async function createCouponSeries(
  db: Db,
  actor: Actor,
  input: CouponSeriesInput,
): Promise<CouponSeries> {
  const row = seriesRow(input);
  try {
    await db.transaction().execute(async (trx) => {
      const promotion = await trx
        .selectFrom('promotions')
        .select('id')
        .where('id', '=', input.promotionId)
        .executeTakeFirst();
      if (!promotion) {
        throw notFound(
          'promotion_not_found',
          `No promotion "${input.promotionId}"`,
          '/promotionId',
        );
      }
      await trx.insertInto('coupon_series').values(row).execute();
      if (row.kind === 'shared') {
        const [code] = randomCodes(row.prefix, row.random_length, 1) as [string];
        const inserted = await trx
          .insertInto('coupons')
          .values({ code, series_id: row.id, max_uses: row.max_uses_per_code })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) {
          throw conflict('code_taken', `The code ${code} belongs to another series`, '/prefix');
        }
      }
      await recordAudit(trx, actor, {
        action: 'coupon_series.create',
        entityType: 'coupon_series',
        entityId: row.id,
        after: input,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('coupon_series_exists', `A coupon series "${input.id}" exists`, '/id');
    }
    throw error;
  }
  return getCouponSeries(db, row.id);
}

function seriesRow(input: CouponSeriesInput): Insertable<CouponSeriesTable> & {
  prefix: string;
  random_length: number;
  max_uses_per_code: number | null;
} {
  const problems = new ProblemCollector();
  const prefix = normaliseCode(input.prefix ?? '');
  const shared = input.kind === 'shared';
  const randomLength = input.randomLength ?? (shared ? 0 : 10);
  if (!inAlphabet(prefix)) {
    problems.add('/prefix', 'prefix_not_in_alphabet', 'Use only 2–9 and A–Z without I, L, O');
  }
  if (!shared && randomLength < MIN_UNIQUE_RANDOM) {
    problems.add(
      '/randomLength',
      'too_guessable',
      `Unique codes need ${MIN_UNIQUE_RANDOM}+ random characters`,
    );
  }
  if (shared && prefix.length + randomLength === 0) {
    problems.add('/prefix', 'empty_code', 'A promo code needs a prefix or random characters');
  }
  if (prefix.length + randomLength + 1 > MAX_CODE_LENGTH) {
    problems.add(
      '/randomLength',
      'code_too_long',
      `A code has at most ${MAX_CODE_LENGTH} characters with its check character`,
    );
  }
  if (shared && input.usesPerCode !== undefined) {
    problems.add('/usesPerCode', 'not_for_shared', 'A promo code takes totalUses instead');
  }
  if (!shared && input.totalUses !== undefined) {
    problems.add('/totalUses', 'not_for_unique', 'Unique codes take usesPerCode instead');
  }
  if (
    input.validFrom &&
    input.validTo &&
    Date.parse(input.validTo) <= Date.parse(input.validFrom)
  ) {
    problems.add('/validTo', 'period_empty', 'validTo must be after validFrom');
  }
  problems.throwIfAny();
  return {
    id: input.id,
    promotion_id: input.promotionId,
    name: input.name,
    kind: input.kind,
    prefix,
    random_length: randomLength,
    max_uses_per_code: shared ? (input.totalUses ?? null) : (input.usesPerCode ?? 1),
    per_customer_uses: input.perCustomerUses ?? null,
    valid_from: input.validFrom ? new Date(input.validFrom) : null,
    valid_to: input.validTo ? new Date(input.validTo) : null,
    store_ids: input.storeIds ?? null,
    release_on_cancel: input.releaseOnCancel ?? true,
  };
}

/** A series with its code count; 404 `coupon_series_not_found`. */
export async function getCouponSeries(db: Db, id: string): Promise<CouponSeries> {
  const row = await findSeries(db, id);
  const codes = await db
    .selectFrom('coupons')
    .select([(eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('code').as('first')])
    .where('series_id', '=', id)
    .executeTakeFirstOrThrow();
  const count = Number(codes.count);
  const shared = row.kind === 'shared';
  return {
    id: row.id,
    promotionId: row.promotion_id,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    randomLength: row.random_length,
    usesPerCode: shared ? null : row.max_uses_per_code,
    totalUses: shared ? row.max_uses_per_code : null,
    perCustomerUses: row.per_customer_uses,
    validFrom: row.valid_from?.toISOString() ?? null,
    validTo: row.valid_to?.toISOString() ?? null,
    storeIds: row.store_ids,
    releaseOnCancel: row.release_on_cancel,
    codeCount: count,
    code: shared ? (codes.first ?? null) : null,
    guessProbability: guessProbability(row.random_length, Math.max(count, 1)),
  };
}

/** One series as a list shows it. */
export interface CouponSeriesSummary {
  id: string;
  name: string;
  kind: 'unique' | 'shared';
  promotionId: string;
  validFrom: string | null;
  validTo: string | null;
  codeCount: number;
}

/** Most series a list answers: far more than a programme keeps. */
export const maxListedSeries = 1_000;

/** Every series, by name, with how many codes each holds (the first {@link maxListedSeries}). */
export async function listCouponSeries(db: Db): Promise<CouponSeriesSummary[]> {
  const rows = await db
    .selectFrom('coupon_series as s')
    .select([
      's.id',
      's.name',
      's.kind',
      's.promotion_id',
      's.valid_from',
      's.valid_to',
      (eb) =>
        eb
          .selectFrom('coupons as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.series_id', '=', 's.id')
          .as('code_count'),
    ])
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(maxListedSeries)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    promotionId: row.promotion_id,
    validFrom: row.valid_from?.toISOString() ?? null,
    validTo: row.valid_to?.toISOString() ?? null,
    codeCount: Number(row.code_count ?? 0),
  }));
}

/** The series row; 404 `coupon_series_not_found`. */
export async function findSeries(db: Db, id: string) {
  const row = await db
    .selectFrom('coupon_series')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('coupon_series_not_found', `No coupon series "${id}"`, '/id');
  return row;
}
