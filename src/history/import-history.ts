import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { localDate } from '../calendar/time-zone.ts';
import { invalid, PerkError, ProblemCollector } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { addToCustomerAggregates } from '../segments/purchase-aggregates.ts';
import { markSegmentFactsChanged } from '../segments/recompute-segments.ts';
import type { Db } from '../store/database.ts';
import { accrueHistoryChecks } from './accrue-history.ts';
import { type CheckFacts, resolveCheckFacts } from './check-facts.ts';
import {
  type CheckTotals,
  checkTotals,
  type GroupedCheck,
  groupChecks,
  type OutlierReason,
  type OutlierThresholds,
  outlierReasons,
} from './history-checks.ts';
import { type HistoryLineInput, lineProblems } from './history-line.ts';

/** Most lines one call takes; every line of a check must come in the same call. */
export const maxHistoryLinesPerCall = 10_000;

export interface HistoryImportOptions {
  outliers: OutlierThresholds;
  defaultCountry: string;
  now: Date;
  /** Accrue the points the programme gives for each check of a customer (see `accrueHistoryChecks`). */
  accrue?: boolean;
}

/** A check flagged as wholesale-sized: stored, but left out of the customer aggregates. */
export interface OutlierCheck {
  checkId: string;
  /** Index of the check's first line in the batch. */
  line: number;
  paidMinor: number;
  quantityMilli: number;
  reasons: OutlierReason[];
}

export interface HistoryImportSummary {
  lines: number;
  checks: number;
  created: number;
  /** Checks stored before with the same content: a re-run, left as they were. */
  alreadyStored: number;
  /** Outliers among the checks created now. */
  outliers: OutlierCheck[];
  /**
   * Checks that accrued points now (with `accrue`: those created now or stored before without
   * points, of a customer, no outlier) and the points; `expiredPoints` of them expired at once.
   */
  accruedChecks: number;
  accruedPoints: number;
  expiredPoints: number;
}

/**
 * Stores past checks given line by line, all or nothing. Refuses with every problem at
 * `/lines/<index>/<field>` (400: the codes of `lineProblems`, `check_fields_differ`,
 * `unknown_store`, `invalid_time`, `check_in_future`, `unknown_customer`, identifier codes such
 * as `invalid_phone`, `check_too_long`; `validation_failed` when several), or 409
 * `check_conflict` when a check id is stored with other content (each at its first line's
 * `checkId`). A check stored with the same content counts as already stored: a re-run changes
 * nothing. Checks above `options.outliers` are stored flagged and reported. The created checks
 * are added to their customers' aggregates (days and SKUs that segments, RFM and windows read);
 * rule-segment memberships follow at the next segment recompute, which the import makes due.
 * With `options.accrue`, each check of a customer that is no outlier and has not accrued yet
 * (created now, or stored by an earlier call without it) accrues its points in the same
 * transaction ({@link accrueHistoryChecks}); a check accrues once, whatever is re-sent. One
 * audit row `history.import` when anything was created or accrued.
 */
export async function importHistoryChecks(
  db: Db,
  actor: Actor,
  lines: readonly HistoryLineInput[],
  options: HistoryImportOptions,
): Promise<HistoryImportSummary> {
  return storeHistoryChecks(db, actor, await prepareHistoryChecks(db, lines, options), options);
}

/** A batch validated, its stores and customers resolved and its checks hashed: what is left to store. */
export interface PreparedHistoryChecks {
  lines: number;
  checks: PreparedCheck[];
  /** The programme's zone, in which a check's day counts for its customer. */
  timeZone: string;
}

interface PreparedCheck {
  check: GroupedCheck;
  facts: CheckFacts;
  given: HistoryLineInput[];
  totals: CheckTotals;
  hash: string;
  outlier: OutlierReason[];
}

/**
 * The part of {@link importHistoryChecks} before its transaction, refusing with the same 400
 * problems. It only reads, so it may run while the batch before is being stored.
 */
export async function prepareHistoryChecks(
  db: Db,
  lines: readonly HistoryLineInput[],
  options: HistoryImportOptions,
): Promise<PreparedHistoryChecks> {
  if (lines.length > maxHistoryLinesPerCall) {
    throw invalid(
      'batch_too_large',
      `send at most ${maxHistoryLinesPerCall} lines a call`,
      '/lines',
    );
  }
  const problems = new ProblemCollector();
  lines.forEach((line, index) => {
    for (const p of lineProblems(line))
      problems.add(`/lines/${index}/${p.field}`, p.code, p.message);
  });
  const grouped = groupChecks(lines);
  for (const { index, problem } of grouped.problems) {
    problems.add(`/lines/${index}/${problem.field}`, problem.code, problem.message);
  }
  const resolved = await resolveCheckFacts(db, grouped.checks, options, problems);
  problems.throwIfAny();
  const checks = grouped.checks.map((check, i) => {
    const facts = resolved[i] as CheckFacts;
    const given = check.lines.map((l) => l.line);
    const totals = checkTotals(given);
    // Arrays in a fixed order: the same check always gives the same text, without sorting keys.
    const content = JSON.stringify([
      check.storeId,
      facts.businessAt,
      facts.channel,
      facts.customerKey,
      given.map((l) => [l.sku, l.quantityMilli, l.priceMinor, l.discountMinor ?? 0, l.paidMinor]),
    ]);
    const hash = createHash('sha256').update(content).digest('hex');
    return { check, facts, given, totals, hash, outlier: outlierReasons(totals, options.outliers) };
  });
  const { timeZone } = await getProgramSettings(db);
  return { lines: lines.length, checks, timeZone };
}

/** The transaction of {@link importHistoryChecks}: a prepared batch stored, or 409 `check_conflict`. */
export async function storeHistoryChecks(
  db: Db,
  actor: Actor,
  prepared: PreparedHistoryChecks,
  options: Pick<HistoryImportOptions, 'accrue' | 'now'>,
): Promise<HistoryImportSummary> {
  const { checks, timeZone } = prepared;
  return db.transaction().execute(async (trx) => {
    const { rows: inserted } = await sql<{ check_id: string }>`
      INSERT INTO history_checks (check_id, content_hash, store_id, channel, business_at,
        customer_id, line_count, quantity_milli, total_minor, discount_minor, paid_minor, outlier)
      SELECT * FROM unnest(${checks.map((c) => c.check.checkId)}::text[],
        ${checks.map((c) => c.hash)}::text[], ${checks.map((c) => c.check.storeId)}::text[],
        ${checks.map((c) => c.facts.channel)}::text[],
        ${checks.map((c) => new Date(c.facts.businessAt).toISOString())}::timestamptz[],
        ${checks.map((c) => c.facts.customerId)}::uuid[], ${checks.map((c) => c.given.length)}::int[],
        ${checks.map((c) => c.totals.quantityMilli)}::bigint[],
        ${checks.map((c) => c.totals.totalMinor)}::bigint[],
        ${checks.map((c) => c.totals.discountMinor)}::bigint[],
        ${checks.map((c) => c.totals.paidMinor)}::bigint[],
        ${checks.map((c) => c.outlier.length > 0)}::boolean[])
      ON CONFLICT (check_id) DO NOTHING
      RETURNING check_id`.execute(trx);
    const created = new Set(inserted.map((row) => row.check_id));
    const known = checks.filter((c) => !created.has(c.check.checkId));
    await refuseConflicts(trx, known);
    const fresh = checks.filter((c) => created.has(c.check.checkId));
    const newLines = fresh.flatMap((c) =>
      c.given.map((line, n) => ({ id: c.check.checkId, n, line })),
    );
    if (newLines.length > 0) {
      await sql`
        INSERT INTO history_check_lines (check_id, line_no, sku, quantity_milli, price_minor,
          discount_minor, paid_minor)
        SELECT * FROM unnest(${newLines.map((l) => l.id)}::text[],
          ${newLines.map((l) => l.n + 1)}::int[], ${newLines.map((l) => l.line.sku)}::text[],
          ${newLines.map((l) => l.line.quantityMilli)}::bigint[],
          ${newLines.map((l) => l.line.priceMinor)}::bigint[],
          ${newLines.map((l) => l.line.discountMinor ?? 0)}::bigint[],
          ${newLines.map((l) => l.line.paidMinor)}::bigint[])`.execute(trx);
    }
    const counted = fresh.filter((c) => c.facts.customerId !== null && c.outlier.length === 0);
    if (counted.length > 0) await markSegmentFactsChanged(trx);
    await addToCustomerAggregates(
      trx,
      counted.map((c) => ({
        customerId: c.facts.customerId as string,
        day: localDate(new Date(c.facts.businessAt), timeZone),
        paidMinor: c.totals.paidMinor,
        skus: c.given.map((l) => l.sku),
      })),
    );
    const outliers = fresh
      .filter((c) => c.outlier.length > 0)
      .map((c) => ({
        checkId: c.check.checkId,
        line: c.check.lines[0]?.index ?? 0,
        paidMinor: c.totals.paidMinor,
        quantityMilli: c.totals.quantityMilli,
        reasons: c.outlier,
      }));
    const accrued = options.accrue
      ? await accrueHistoryChecks(
          trx,
          checks.map((c) => ({ checkId: c.check.checkId, lines: c.given })),
          options.now.getTime(),
        )
      : { checks: 0, points: 0, expiredPoints: 0 };
    if (fresh.length > 0 || accrued.checks > 0) {
      await recordAudit(trx, actor, {
        action: 'history.import',
        entityType: 'history_check',
        entityId: `${fresh.length} checks`,
        after: {
          created: fresh.length,
          lines: newLines.length,
          outliers: outliers.length,
          accruedChecks: accrued.checks,
          accruedPoints: accrued.points,
        },
      });
    }
    return {
      lines: prepared.lines,
      checks: checks.length,
      created: fresh.length,
      alreadyStored: known.length,
      outliers,
      accruedChecks: accrued.checks,
      accruedPoints: accrued.points,
      expiredPoints: accrued.expiredPoints,
    };
  });
}

/** Checks already stored must carry the very content sent; any other is `check_conflict` (409). */
async function refuseConflicts(
  trx: Db,
  known: readonly { check: { checkId: string; lines: { index: number }[] }; hash: string }[],
): Promise<void> {
  if (known.length === 0) return;
  const stored = await trx
    .selectFrom('history_checks')
    .select(['check_id', 'content_hash'])
    .where('check_id', '=', sql<string>`any(${known.map((k) => k.check.checkId)}::text[])`)
    .execute();
  const hashOf = new Map(stored.map((row) => [row.check_id, row.content_hash]));
  const problems = known
    .filter((k) => hashOf.get(k.check.checkId) !== k.hash)
    .map((k) => ({
      field: `/lines/${k.check.lines[0]?.index ?? 0}/checkId`,
      code: 'check_conflict',
      message: `check ${k.check.checkId} is stored with other content`,
    }));
  if (problems.length === 0) return;
  throw new PerkError(
    'conflict',
    'check_conflict',
    problems.length === 1
      ? (problems[0]?.message ?? '')
      : `${problems.length} checks are stored with other content`,
    { problems },
  );
}
