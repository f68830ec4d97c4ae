import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import { runNextLeased, startLeasedRunWorker } from '../jobs/leased-runs.ts';
import type { PollingLoop } from '../jobs/polling-loop.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { type MonthGrid, monthGrid } from './month-grid.ts';
import { type PastCheck, replayCustomer } from './replay-customer.ts';
import { ReplayTally } from './replay-tally.ts';
import { scaledCopies } from './scaled-copies.ts';
import { type CheckReader, purchaseRevenue, readers } from './simulation-readers.ts';
import type { SimulationRequest } from './simulation-request.ts';
import { type MonthTotal, type SimulationOutcome, simulationOutcome } from './simulation-result.ts';

export interface SimulationWorkerOptions {
  /** About this many checks of each source are read per page; progress is written after each. */
  pageSize: number;
  /** How long a claim holds without progress before another node may take the run over. */
  leaseMs: number;
  clock: () => number;
  /**
   * How customers' checks are read in customer order: `cursor` sorts them once in one
   * transaction (PostgreSQL: another pooled connection writes the progress); `ranges` reads a
   * range of customers per statement (PGlite, whose one connection a transaction would hold).
   */
  reader: CheckReader;
}

export const defaultSimulationWorker: SimulationWorkerOptions = {
  pageSize: 20_000,
  reader: 'ranges',
  leaseMs: 60_000,
  clock: Date.now,
};

/** Runs queued simulations every `pollMs`; the database hands each run to one node. */
export function startSimulationWorker(
  db: Db,
  options: SimulationWorkerOptions & { pollMs: number; onError?: (error: unknown) => void },
): PollingLoop {
  return startLeasedRunWorker((stopped) => runNextSimulation(db, options, stopped), options);
}

/**
 * Claims a queued simulation (or one whose node stopped) and replays it: identified customers'
 * checks a page of customers at a time, every model × scenario per customer, progress after each
 * page, the results at the end ({@link runNextLeased}). Answers the run's id, or null when none
 * was waiting.
 */
export function runNextSimulation(
  db: Db,
  options: SimulationWorkerOptions = defaultSimulationWorker,
  stopped: () => boolean = () => false,
): Promise<string | null> {
  return runNextLeased<SimulationRequest>(db, 'simulation_runs', 'results', options, (run) =>
    simulate(db, run.id, run.request, options, stopped),
  );
}

/** The results, or null when the node is stopping (the lease runs out and another resumes). */
async function simulate(
  db: Db,
  runId: string,
  request: SimulationRequest,
  options: SimulationWorkerOptions,
  stopped: () => boolean,
): Promise<SimulationOutcome[] | null> {
  const { timeZone } = await getProgramSettings(db);
  const grid = monthGrid(request.fromMonth, request.toMonth, timeZone);
  const start = grid.starts[0] as EpochMs;
  const pairs = request.models.flatMap((model) =>
    request.scenarios.map((scenario) => ({
      context: { model, scenario, grid },
      tally: new ReplayTally(grid.labels.length, model.tierProgram.tiers.length),
    })),
  );
  let customers = 0;
  let newCustomers = 0;
  let done = 0;
  for await (const page of readers[options.reader](db, grid, options.pageSize)) {
    if (stopped()) return null;
    for (const checks of page.customers) {
      if ((checks[checks.length - 1] as PastCheck).at < start) continue;
      customers += 1;
      const isNew = (checks[0] as PastCheck).at >= start;
      if (isNew) newCustomers += 1;
      for (const { context, tally } of pairs) {
        const redeems = scaledCopies(customers, context.model.redeemersShareBp - 10_000) > 0;
        const weight = isNew ? scaledCopies(newCustomers, context.scenario.newCustomersBp) : 1;
        replayCustomer(context, checks, weight, redeems, tally);
        if (isNew) tally.newCustomers += weight;
      }
    }
    done += page.rows;
    await db
      .updateTable('simulation_runs')
      .set({ checks_done: done, lease_until: new Date(options.clock() + options.leaseMs) })
      .where('id', '=', runId)
      .execute();
    // A page is some tenths of a second of replay that the node's tills must not wait behind.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { anonymous, actual } = await monthTotals(db, grid);
  return pairs.map(({ context, tally }) =>
    simulationOutcome({
      model: context.model,
      scenario: context.scenario,
      labels: grid.labels,
      tally,
      anonymous,
      actual,
      grossMarginBp: request.grossMarginBp,
    }),
  );
}

/** Per month: anonymous checks, and all checks, as they were. */
async function monthTotals(
  db: Db,
  grid: MonthGrid,
): Promise<{ anonymous: MonthTotal[]; actual: MonthTotal[] }> {
  const anonymous: MonthTotal[] = [];
  const actual: MonthTotal[] = [];
  for (let i = 0; i < grid.labels.length; i++) {
    const from = new Date(grid.starts[i] as number);
    const to = new Date(grid.starts[i + 1] as number);
    const { rows } = await sql<{ a: string; ar: string; n: string; r: string }>`SELECT
      count(*) FILTER (WHERE customer_id IS NULL) AS a,
      coalesce(sum(amount) FILTER (WHERE customer_id IS NULL), 0) AS ar,
      count(*) AS n, coalesce(sum(amount), 0) AS r
      FROM (
        SELECT p.customer_id, ${purchaseRevenue} AS amount FROM purchases p
        WHERE NOT p.cancelled AND p.business_at >= ${from} AND p.business_at < ${to}
        UNION ALL
        SELECT h.customer_id, h.paid_minor FROM history_checks h
        WHERE NOT h.outlier AND h.business_at >= ${from} AND h.business_at < ${to}
      ) x`.execute(db);
    const row = rows[0];
    anonymous.push({ checks: Number(row?.a ?? 0), revenueMinor: Number(row?.ar ?? 0) });
    actual.push({ checks: Number(row?.n ?? 0), revenueMinor: Number(row?.r ?? 0) });
  }
  return { anonymous, actual };
}
