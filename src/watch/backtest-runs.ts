import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { validatePromotion } from '../engine/promotion/validate-promotion.ts';
import { type FieldProblem, notFound, PerkError } from '../errors.ts';
import { toFieldProblems } from '../promotions/definition-problems.ts';
import { checkPromotionReferences } from '../promotions/promotion-references.ts';
import type { Db } from '../store/database.ts';
import type { BacktestRunsTable, BacktestStatus } from '../store/schema.ts';
import type { BacktestCandidate, BacktestReport } from './backtest.ts';

/**
 * What a backtest tries on the past checks of [from, to), in some stores: one draft promotion
 * added to the baseline, or a whole draft ruleset (exactly one of the two). The baseline is the
 * active ruleset when the run is priced, or the version given.
 */
export interface BacktestRequest {
  draft?: PromotionDefinition;
  ruleset?: PromotionDefinition[];
  baseline?: PromotionDefinition[];
  from: string;
  to: string;
  /** Only these stores' checks; absent: every store. */
  storeIds?: string[];
}

export interface BacktestRun {
  id: string;
  status: BacktestStatus;
  request: BacktestRequest;
  requestedBy: string;
  checksTotal: number;
  checksDone: number;
  report: BacktestReport | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

// A year and a bit: enough to see a season, short enough that one run ends within minutes.
const maxPeriodDays = 400;

/** What the request tries; a stored request has exactly one ({@link requestBacktest}). */
export function candidateOf(request: BacktestRequest): BacktestCandidate {
  if (request.ruleset) return { ruleset: request.ruleset };
  if (request.draft) return { draft: request.draft };
  throw new Error('a backtest request without a draft or a ruleset');
}

/** A request as it arrives: checked by {@link requestBacktest}. */
export interface BacktestInput {
  draft?: unknown;
  ruleset?: unknown[] | undefined;
  baseline?: unknown[] | undefined;
  from: string;
  to: string;
  storeIds?: string[] | undefined;
}

/**
 * Queues a backtest. The draft, or every member of a draft ruleset or of a baseline given, must
 * pass the checks a save makes (every problem of its definition, and the stores, stacking groups,
 * segments and tiers it names must exist); a version names each promotion once; the period must be
 * a real one of at most 400 days and its stores must exist. Every problem is refused at once (400,
 * or 422 when only references are at fault). Nothing is priced here: a worker on any node claims
 * the run ({@link runQueuedBacktests}). Audited as `backtest.request`.
 */
export async function requestBacktest(
  db: Db,
  actor: Actor,
  input: BacktestInput,
): Promise<BacktestRun> {
  const problems: FieldProblem[] = [];
  const referenceProblems: FieldProblem[] = [];
  const checked = async (value: unknown, pointer: string) => {
    const validated = validatePromotion(value);
    if (!validated.ok) problems.push(...toFieldProblems(validated.problems, pointer));
    const definition = validated.ok ? validated.definition : null;
    const references = await checkPromotionReferences(db, value, definition);
    referenceProblems.push(
      ...references.refusals.map((p) => ({ ...p, field: `${pointer}${p.field}` })),
    );
    return definition;
  };
  const version = async (values: unknown[] | undefined, pointer: string) => {
    if (values === undefined) return undefined;
    const definitions: PromotionDefinition[] = [];
    const seen = new Set<string>();
    for (const [i, value] of values.entries()) {
      const definition = await checked(value, `${pointer}/${i}`);
      if (definition === null) continue;
      if (seen.has(definition.id)) {
        problems.push({
          field: `${pointer}/${i}/id`,
          code: 'duplicate_promotion',
          message: `promotion "${definition.id}" is already in this version`,
        });
      }
      seen.add(definition.id);
      definitions.push(definition);
    }
    return definitions;
  };
  if ((input.draft === undefined) === (input.ruleset === undefined)) {
    problems.push({
      field: '/draft',
      code: 'one_candidate',
      message: 'send either `draft` (one promotion) or `ruleset` (a whole version), not both',
    });
  }
  const draft = input.draft === undefined ? undefined : await checked(input.draft, '/draft');
  const ruleset = await version(input.ruleset, '/ruleset');
  const baseline = await version(input.baseline, '/baseline');
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  if (!(to > from)) {
    problems.push({ field: '/to', code: 'invalid_period', message: '`to` must be after `from`' });
  } else if (to - from > maxPeriodDays * 86_400_000) {
    problems.push({
      field: '/to',
      code: 'period_too_long',
      message: `a backtest covers at most ${maxPeriodDays} days`,
    });
  }
  const storeIds = input.storeIds === undefined ? undefined : [...new Set(input.storeIds)];
  if (storeIds !== undefined && storeIds.length > 0) {
    const known = new Set(
      (await db.selectFrom('stores').select('id').where('id', 'in', storeIds).execute()).map(
        (r) => r.id,
      ),
    );
    input.storeIds?.forEach((id, i) => {
      if (!known.has(id)) {
        referenceProblems.push({
          field: `/storeIds/${i}`,
          code: 'unknown_store',
          message: `no store "${id}"`,
        });
      }
    });
  }
  refuseAll(problems, referenceProblems);
  const request: BacktestRequest = {
    ...(draft ? { draft } : {}),
    ...(ruleset ? { ruleset } : {}),
    ...(baseline ? { baseline } : {}),
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(storeIds === undefined ? {} : { storeIds }),
  };
  const checksTotal = await countChecks(db, request);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('backtest_runs')
      .values({
        id: randomUUID(),
        status: 'queued',
        request: JSON.stringify(request),
        requested_by: actor.name,
        checks_total: checksTotal,
        report: null,
        error: null,
        lease_until: null,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'backtest.request',
      entityType: 'backtest',
      entityId: row.id,
      after: request,
    });
    return toRun(row);
  });
}

function refuseAll(problems: FieldProblem[], references: FieldProblem[]): void {
  const all = [...problems, ...references];
  const first = all[0];
  if (first === undefined) return;
  const kind = problems.length === 0 ? 'unprocessable' : 'invalid';
  const code = all.length === 1 ? first.code : 'invalid_backtest';
  throw new PerkError(kind, code, `The backtest request has ${all.length} problem(s)`, {
    problems: all,
  });
}

/** Checks of the period: committed purchases (not cancelled) and imported history (no outliers). */
export async function countChecks(db: Db, request: BacktestRequest): Promise<number> {
  const from = new Date(request.from);
  const to = new Date(request.to);
  const stores = request.storeIds;
  const [purchases, history] = await Promise.all([
    db
      .selectFrom('purchases')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('cancelled', '=', false)
      .where('business_at', '>=', from)
      .where('business_at', '<', to)
      .$if(stores !== undefined, (q) => q.where('store_id', 'in', stores as string[]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('history_checks')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('outlier', '=', false)
      .where('business_at', '>=', from)
      .where('business_at', '<', to)
      .$if(stores !== undefined, (q) => q.where('store_id', 'in', stores as string[]))
      .executeTakeFirstOrThrow(),
  ]);
  return Number(purchases.n) + Number(history.n);
}

export async function getBacktest(db: Db, id: string): Promise<BacktestRun> {
  const row = await db
    .selectFrom('backtest_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('backtest_not_found', `No backtest "${id}"`, '/id');
  return toRun(row);
}

/** The latest runs, newest first. */
export async function listBacktests(db: Db, limit: number): Promise<BacktestRun[]> {
  const rows = await db
    .selectFrom('backtest_runs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

type RunRow = Selectable<BacktestRunsTable>;

export function toRun(row: RunRow): BacktestRun {
  return {
    id: row.id,
    status: row.status,
    request: row.request as BacktestRequest,
    requestedBy: row.requested_by,
    checksTotal: row.checks_total,
    checksDone: row.checks_done,
    report: (row.report as BacktestReport | null) ?? null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
