import { sql } from 'kysely';
import { planRfmScores, rfmScores, rfmWindowDays } from '../segments/rfm.ts';
import type { Db } from '../store/database.ts';
import { readingFigures } from './checks.ts';

/**
 * The named RFM segments by recency (R) and frequency (F) score, the usual 5 × 5 map: each
 * entry's R and F ranges, inclusive. Every cell of the grid falls in exactly one.
 */
export const rfmSegments = [
  { segment: 'champions', r: [5, 5], f: [4, 5] },
  { segment: 'loyal', r: [3, 4], f: [4, 5] },
  { segment: 'potential_loyalists', r: [4, 5], f: [2, 3] },
  { segment: 'new', r: [5, 5], f: [1, 1] },
  { segment: 'promising', r: [4, 4], f: [1, 1] },
  { segment: 'need_attention', r: [3, 3], f: [3, 3] },
  { segment: 'about_to_sleep', r: [3, 3], f: [1, 2] },
  { segment: 'cant_lose', r: [1, 2], f: [5, 5] },
  { segment: 'at_risk', r: [1, 2], f: [3, 4] },
  { segment: 'hibernating', r: [1, 2], f: [1, 2] },
] as const;

export type RfmSegment = (typeof rfmSegments)[number]['segment'];

/** The segment of a cell of the grid. */
export function rfmSegmentOf(recency: number, frequency: number): RfmSegment {
  const found = rfmSegments.find(
    ({ r, f }) => recency >= r[0] && recency <= r[1] && frequency >= f[0] && frequency <= f[1],
  );
  if (found === undefined) throw new RangeError(`no RFM segment for R${recency} F${frequency}`);
  return found.segment;
}

export interface RfmQuery {
  /** The programme's day the scores are taken on, `YYYY-MM-DD`. */
  at: string;
  /** A customer is at risk when their gap exceeds this many of their usual intervals. */
  churnFactor: number;
}

export interface RfmDistribution {
  at: string;
  /**
   * When the scores were taken, for the scores of the day's segment walk (`at` is its day, and
   * no bulk import came since): purchases after it count from the next walk. Null when they were
   * worked out for this answer.
   */
  scoredAt: Date | null;
  windowDays: number;
  /** Customers scored: those with a purchase in the window. */
  customers: number;
  /** `grid[r − 1][f − 1]`: scored customers with recency r and frequency f. */
  grid: number[][];
  /** Per monetary score 1..5. */
  monetary: number[];
  segments: { segment: RfmSegment; customers: number }[];
  churn: {
    factor: number;
    /** Scored customers with purchases on two days or more: the ones with an interval. */
    assessed: number;
    /** Of those, the ones whose days since their last purchase exceed factor × their interval. */
    atRisk: number;
    /** Scored customers with purchases on one day only: no interval to judge by. */
    oneDay: number;
  };
}

/**
 * The day's segment walk when its RFM scores stand for `at`: it was on that day, and no bulk
 * change of facts (a history import) came after it started. Read in the figures' transaction.
 */
async function keptWalk(trx: Db, at: string): Promise<Date | null> {
  const state = await trx
    .selectFrom('segment_recompute_state')
    .select(['full_pass_day', 'full_pass_at', 'facts_changed_at'])
    .executeTakeFirst();
  if (state?.full_pass_day !== at || !state.full_pass_at) return null;
  if (state.facts_changed_at !== null && state.facts_changed_at >= state.full_pass_at) return null;
  return state.full_pass_at;
}

/**
 * The RFM distribution on a day, by the segment recompute's own scores ({@link rfmScores}):
 * customers per R × F cell, per monetary score and per named segment, and churn risk. A
 * customer's usual interval is the mean gap between their purchase days up to `at`, (last − first)
 * ÷ (days − 1); they are at risk when `at − last > factor × interval`, compared in whole days
 * without dividing: `(at − last) × (days − 1) > factor × (last − first)`.
 * On the day of the segment walk the scores it kept are read ({@link keptWalk}): scoring every
 * customer again took a backend 0.7–1.1 s at every load over ten million checks (bench/RESULTS.md,
 * eighth session).
 */
export async function rfmDistribution(db: Db, query: RfmQuery): Promise<RfmDistribution> {
  const { rows, scoredAt } = await readingFigures(db, async (trx) => {
    const walk = await keptWalk(trx, query.at);
    await planRfmScores(trx);
    // The pass over every customer's running totals stays in one process: its two searches run
    // behind a fence over a copy of the days (rfmScores), and PostgreSQL would put a Gather below
    // the fence, carrying every customer's three arrays from the workers (bench/RESULTS.md,
    // seventh session).
    const scores =
      walk === null
        ? rfmScores(query.at)
        : sql`SELECT recency, frequency, monetary, days, first_day, last_day FROM customer_rfm`;
    const answer = await sql<{
      recency: number;
      frequency: number;
      monetary: number;
      customers: number;
      assessed: number;
      at_risk: number;
    }>`
    WITH scores AS (${scores})
    SELECT recency, frequency, monetary, count(*)::int AS customers,
      count(*) FILTER (WHERE days > 1)::int AS assessed,
      count(*) FILTER (WHERE days > 1 AND (${query.at}::date - last_day) * (days - 1)
        > ${query.churnFactor}::int * (last_day - first_day))::int AS at_risk
    FROM scores
    GROUP BY 1, 2, 3`.execute(trx);
    return { rows: answer.rows, scoredAt: walk };
  });
  const grid = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
  const monetary = Array<number>(5).fill(0);
  const bySegment = new Map<RfmSegment, number>(rfmSegments.map(({ segment }) => [segment, 0]));
  let customers = 0;
  let assessed = 0;
  let atRisk = 0;
  for (const row of rows) {
    const cells = grid[row.recency - 1] as number[];
    cells[row.frequency - 1] = (cells[row.frequency - 1] as number) + row.customers;
    monetary[row.monetary - 1] = (monetary[row.monetary - 1] as number) + row.customers;
    const segment = rfmSegmentOf(row.recency, row.frequency);
    bySegment.set(segment, (bySegment.get(segment) ?? 0) + row.customers);
    customers += row.customers;
    assessed += row.assessed;
    atRisk += row.at_risk;
  }
  return {
    at: query.at,
    scoredAt,
    windowDays: rfmWindowDays,
    customers,
    grid,
    monetary,
    segments: [...bySegment].map(([segment, n]) => ({ segment, customers: n })),
    churn: { factor: query.churnFactor, assessed, atRisk, oneDay: customers - assessed },
  };
}
