import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { type PollingLoop, startPolling } from './polling-loop.ts';

/**
 * Tables of runs a person queues and one node does under a lease (backtests, simulations):
 * `id`, `request`, `status` (queued, running, done, failed), `lease_until`, `checks_done`,
 * `error`, `finished_at`, `created_at`, and the outcome's own JSON column.
 */
export type LeasedRunTable = 'backtest_runs' | 'simulation_runs';

export interface LeasedRunOptions {
  /** How long a claim holds without progress before another node may take the run over. */
  leaseMs: number;
  clock: () => number;
}

/**
 * Claims the oldest queued run of `table`, or a running one whose node stopped renewing its
 * lease (SKIP LOCKED: one node per run), and does it with `work`, which answers the outcome to
 * store in `outcomeColumn`, or null when the node is stopping (the lease then runs out and
 * another node resumes the run). A run whose work throws is marked failed with the message.
 * Answers the run's id, or null when none was waiting.
 */
export async function runNextLeased<Request>(
  db: Db,
  table: LeasedRunTable,
  outcomeColumn: string,
  options: LeasedRunOptions,
  work: (run: { id: string; request: Request }) => Promise<unknown | null>,
): Promise<string | null> {
  const now = new Date(options.clock());
  const lease = new Date(options.clock() + options.leaseMs);
  const claimed = await sql<{ id: string; request: Request }>`
    UPDATE ${sql.table(table)} SET status = 'running', lease_until = ${lease}, checks_done = 0
    WHERE id = (
      SELECT id FROM ${sql.table(table)}
      WHERE status = 'queued' OR (status = 'running' AND lease_until < ${now})
      ORDER BY created_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, request`.execute(db);
  const run = claimed.rows[0];
  if (run === undefined) return null;
  const finish = (status: 'done' | 'failed', outcome: string | null, error: string | null) =>
    sql`UPDATE ${sql.table(table)} SET status = ${status}, ${sql.ref(outcomeColumn)} = ${outcome},
      error = ${error}, lease_until = NULL, finished_at = ${new Date(options.clock())}
      WHERE id = ${run.id}`.execute(db);
  try {
    const outcome = await work(run);
    if (outcome !== null) await finish('done', JSON.stringify(outcome), null);
  } catch (error) {
    await finish('failed', null, error instanceof Error ? error.message : String(error));
  }
  return run.id;
}

/** Does queued runs one at a time every `pollMs`; any number of nodes may run this loop. */
export function startLeasedRunWorker(
  runNext: (stopped: () => boolean) => Promise<string | null>,
  options: { pollMs: number; onError?: (error: unknown) => void },
): PollingLoop {
  return startPolling(
    async (stopped) => {
      let ran: string | null = 'start';
      while (ran !== null && !stopped()) ran = await runNext(stopped);
    },
    options.pollMs,
    options.onError,
  );
}
