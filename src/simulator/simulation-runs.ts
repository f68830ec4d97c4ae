import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { notFound, PerkError } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type { BacktestStatus, SimulationRunsTable } from '../store/schema.ts';
import { monthGrid } from './month-grid.ts';
import { type SimulationRequest, validateSimulationRequest } from './simulation-request.ts';
import type { SimulationOutcome } from './simulation-result.ts';

export interface SimulationRun {
  id: string;
  status: BacktestStatus;
  request: SimulationRequest;
  requestedBy: string;
  /** Identified checks the replay reads (up to the period's end), counted when asked for. */
  checksTotal: number;
  checksDone: number;
  /** Per model × scenario, models first; null until done. */
  results: SimulationOutcome[] | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Queues a simulation after {@link validateSimulationRequest} (refused with every problem at once:
 * 400, code of the only problem or `invalid_simulation`). Models' settings are completed from the
 * live programme's and stored whole, so the run is reproducible. Nothing is replayed here: a
 * worker on any node claims the run. Audited as `simulation.request`.
 */
export async function requestSimulation(
  db: Db,
  actor: Actor,
  input: Record<string, unknown>,
): Promise<SimulationRun> {
  const live = await getProgramSettings(db);
  const validated = validateSimulationRequest(input, live);
  if (!validated.ok) {
    const { problems } = validated;
    const code = problems.length === 1 ? (problems[0]?.code as string) : 'invalid_simulation';
    throw new PerkError('invalid', code, `The simulation has ${problems.length} problem(s)`, {
      problems,
    });
  }
  const { request } = validated;
  const grid = monthGrid(request.fromMonth, request.toMonth, live.timeZone);
  const checksTotal = await countIdentifiedChecks(
    db,
    new Date(grid.starts[grid.labels.length] as number),
  );
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('simulation_runs')
      .values({
        id: randomUUID(),
        status: 'queued',
        request: JSON.stringify(request),
        requested_by: actor.name,
        checks_total: checksTotal,
        results: null,
        error: null,
        lease_until: null,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'simulation.request',
      entityType: 'simulation',
      entityId: row.id,
      after: request,
    });
    return toRun(row);
  });
}

/** Identified checks before `to`: committed purchases (not cancelled), history without outliers. */
export async function countIdentifiedChecks(db: Db, to: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT
    (SELECT count(*) FROM purchases WHERE customer_id IS NOT NULL AND NOT cancelled
      AND business_at < ${to})
    + (SELECT count(*) FROM history_checks WHERE customer_id IS NOT NULL AND NOT outlier
      AND business_at < ${to}) AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function getSimulation(db: Db, id: string): Promise<SimulationRun> {
  const row = await db
    .selectFrom('simulation_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('simulation_not_found', `No simulation "${id}"`, '/id');
  return toRun(row);
}

/** The latest runs, newest first. */
export async function listSimulations(db: Db, limit: number): Promise<SimulationRun[]> {
  const rows = await db
    .selectFrom('simulation_runs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

function toRun(row: Selectable<SimulationRunsTable>): SimulationRun {
  return {
    id: row.id,
    status: row.status,
    request: row.request as SimulationRequest,
    requestedBy: row.requested_by,
    checksTotal: row.checks_total,
    checksDone: row.checks_done,
    results: (row.results as SimulationOutcome[] | null) ?? null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
