import type { EpochMs } from '../calendar/day-number.ts';
import { startOfLocalYear } from '../calendar/time-zone.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { tierMetric } from './tier-metric.ts';
import type { TierProgram } from './tier-program.ts';
import { getTierProgram } from './tier-program-store.ts';
import { metricWindow, qualifiedRank, tierRank } from './tier-rules.ts';
import { lockTierState, moveTier } from './tier-state.ts';

const dayMs = 86_400_000;
const batchSize = 200;

export interface PeriodEndResult {
  /** Customers whose tier was checked. */
  checked: number;
  /** Customers moved down. */
  downgraded: number;
}

/**
 * Moves customers down whose period ended without the metric to keep their tier, when the
 * programme has auto-transition and `downgradeAtPeriodEnd` on. A tier is held for at least one
 * whole period: with a calendar year, customers who entered their tier before this year keep it
 * if last year's or this year's metric reaches it; with rolling N days, customers who entered it
 * N days ago or more keep it if the last N days' metric reaches it. Otherwise they go to the
 * highest tier the better of those metrics reaches (reason `period_end`, no welcome bonus).
 * Idempotent and safe on several nodes at once: each customer is re-checked under its row lock,
 * and a move restarts the period. Each customer is its own transaction.
 */
export async function runPeriodEnd(db: Db, now: EpochMs): Promise<PeriodEndResult> {
  const stored = await getTierProgram(db);
  const program = stored?.program;
  const result: PeriodEndResult = { checked: 0, downgraded: 0 };
  if (!program?.autoTransition || !program.downgradeAtPeriodEnd) return result;
  const { timeZone } = await getProgramSettings(db);
  const cutoff = periodCutoff(program, now, timeZone);
  let last: string | null = null;
  for (;;) {
    const ids = await db
      .selectFrom('customer_tiers')
      .select('customer_id')
      .where('tier_id', 'is not', null)
      .where('since', '<', new Date(cutoff))
      .$if(last !== null, (qb) => qb.where('customer_id', '>', last as string))
      .orderBy('customer_id')
      .limit(batchSize)
      .execute();
    for (const { customer_id: customerId } of ids) {
      result.checked += 1;
      if (await checkCustomer(db, { program, timeZone, customerId, cutoff, now })) {
        result.downgraded += 1;
      }
      last = customerId;
    }
    if (ids.length < batchSize) return result;
  }
}

/** Customers who entered their tier before this instant have completed a period in it. */
function periodCutoff(program: TierProgram, now: EpochMs, timeZone: string): EpochMs {
  const { period } = program;
  if (period.kind === 'rolling_days') return now - period.days * dayMs + 1;
  return startOfLocalYear(now, timeZone);
}

interface Check {
  program: TierProgram;
  timeZone: string;
  customerId: string;
  cutoff: EpochMs;
  now: EpochMs;
}

async function checkCustomer(db: Db, check: Check): Promise<boolean> {
  const { program, timeZone, customerId, now } = check;
  return db.transaction().execute(async (trx) => {
    const state = await lockTierState(trx, program, customerId, now);
    const rank = tierRank(program, state.tierId);
    // Another node may have moved the customer since the candidates were read.
    if (state.since >= check.cutoff || rank < 0) return false;
    const current = await tierMetric(
      trx,
      program,
      customerId,
      metricWindow(program.period, now, timeZone),
    );
    let metric = current;
    if (program.period.kind === 'calendar_year') {
      const lastYear = metricWindow(program.period, check.cutoff - 1, timeZone);
      metric = Math.max(metric, await tierMetric(trx, program, customerId, lastYear));
    }
    const toRank = qualifiedRank(program, metric);
    if (toRank >= rank) return false;
    await moveTier(trx, {
      customerId,
      from: state.tierId,
      to: program.tiers[toRank]?.id ?? null,
      at: now,
      now,
      reason: 'period_end',
      metric,
      welcomeTiers: [],
    });
    return true;
  });
}
