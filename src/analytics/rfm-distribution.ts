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
 * The RFM distribution on a day, by the segment recompute's own scores ({@link rfmScores}):
 * customers per R × F cell, per monetary score and per named segment, and churn risk. A
 * customer's usual interval is the mean gap between their purchase days up to `at`, (last − first)
 * ÷ (days − 1); they are at risk when `at − last > factor × interval`, compared in whole days
 * without dividing: `(at − last) × (days − 1) > factor × (last − first)`.
 */
export async function rfmDistribution(db: Db, query: RfmQuery): Promise<RfmDistribution> {
  const { rows } = await readingFigures(db, async (trx) => {
    await planRfmScores(trx);
    // The pass over every customer's running totals stays in one process: its two searches run
    // behind a fence over a copy of the days (rfmScores), and PostgreSQL would put a Gather below
    // the fence, carrying every customer's three arrays from the workers (bench/RESULTS.md,
    // seventh session).
    return sql<{
      recency: number;
      frequency: number;
      monetary: number;
      customers: number;
      assessed: number;
      at_risk: number;
    }>`
    WITH scores AS (${rfmScores(query.at)})
    SELECT recency, frequency, monetary, count(*)::int AS customers,
      count(*) FILTER (WHERE days > 1)::int AS assessed,
      count(*) FILTER (WHERE days > 1 AND (${query.at}::date - last_day) * (days - 1)
        > ${query.churnFactor}::int * (last_day - first_day))::int AS at_risk
    FROM scores
    GROUP BY 1, 2, 3`.execute(trx);
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
    windowDays: rfmWindowDays,
    customers,
    grid,
    monetary,
    segments: [...bySegment].map(([segment, n]) => ({ segment, customers: n })),
    churn: { factor: query.churnFactor, assessed, atRisk, oneDay: customers - assessed },
  };
}
