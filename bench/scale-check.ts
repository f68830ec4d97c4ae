import { sql } from 'kysely';
import { lotInstants } from '../src/ledger/instants.ts';
import { dueBalance, getPointsBalance } from '../src/points/points-balance.ts';
import { checkPointsInvariant } from '../src/points/points-invariant.ts';
import { getProgramSettings } from '../src/points/program-settings-store.ts';
import type { Db } from '../src/store/database.ts';
import { customerId, expectedBalance } from './scale-customers.ts';

/** Customers whose balance the check compares with Perk's own functions. */
const SAMPLE = 1_000;
/** Of them, those checked by `checkPointsInvariant` as well (it scans the whole book each). */
const INVARIANT_SAMPLE = 5;
const seconds = (start: number) => (performance.now() - start) / 1000;

/**
 * The points invariant over every customer, in SQL (what `checkPointsInvariant` computes in
 * the node, which cannot hold a hundred million entries): each account equals the sum of its
 * entries (`balanceFromEntries`: debt from the entries without a lot), each lot's remaining what
 * its entries leave (`remainingByLot`), and the lots of each account add up to it. Throws with
 * the counts of rows that differ.
 */
export async function checkWholeBook(db: Db): Promise<void> {
  const started = performance.now();
  const { rows } = await sql<{ accounts: string; lots: string; held: string }>`
    SELECT
      (SELECT count(*) FROM (
        SELECT customer_id,
          sum(CASE WHEN to_account = 'active' THEN points WHEN from_account = 'active'
            THEN -points ELSE 0 END) AS active,
          sum(CASE WHEN to_account = 'pending' THEN points WHEN from_account = 'pending'
            THEN -points ELSE 0 END) AS pending,
          sum(CASE WHEN lot_id IS NOT NULL THEN 0 WHEN from_account = 'world' THEN -points
            ELSE points END) AS debt
        FROM points_entries GROUP BY customer_id) e
        FULL JOIN points_accounts a USING (customer_id)
        WHERE coalesce(a.active, 0) <> coalesce(e.active, 0)
          OR coalesce(a.pending, 0) <> coalesce(e.pending, 0)
          OR coalesce(a.debt, 0) <> coalesce(e.debt, 0)) AS accounts,
      (SELECT count(*) FROM points_lots l LEFT JOIN (
        SELECT lot_id, sum(CASE WHEN from_account = 'world' THEN points
          WHEN to_account = 'world' THEN -points ELSE 0 END) AS remaining
        FROM points_entries WHERE lot_id IS NOT NULL GROUP BY lot_id) e ON e.lot_id = l.id
        WHERE l.remaining <> coalesce(e.remaining, 0) OR l.remaining < 0) AS lots,
      (SELECT count(*) FROM points_accounts a LEFT JOIN (
        SELECT customer_id, sum(remaining) FILTER (WHERE activated) AS active,
          sum(remaining) FILTER (WHERE NOT activated) AS pending
        FROM points_lots GROUP BY customer_id) l USING (customer_id)
        WHERE a.active + a.debt <> coalesce(l.active, 0)
          OR a.pending <> coalesce(l.pending, 0)) AS held`.execute(db);
  const counts = rows[0];
  if (!counts || Number(counts.accounts) + Number(counts.lots) + Number(counts.held) > 0)
    throw new Error(`the book breaks the points invariant: ${JSON.stringify(counts)}`);
  process.stderr.write(
    `  whole-book invariant in SQL (accounts = entries, lots = entries, lots = accounts): ${seconds(started).toFixed(1)} s\n`,
  );
}

/**
 * The book checked by Perk's own code for 1 000 customers picked uniformly: the balance a till
 * reads and the one a cart reads equal what the generator meant, the points invariant (accounts
 * = sum of entries, lots' remaining = their entries) holds, and every lot's instants are those
 * `lotInstants` gives under the stored settings. Throws at the first difference.
 */
export async function verify(db: Db, customers: number): Promise<void> {
  await checkWholeBook(db);
  const started = performance.now();
  const settings = await getProgramSettings(db);
  const now = Date.now();
  const picked = new Set<number>();
  while (picked.size < Math.min(SAMPLE, customers))
    picked.add(Math.floor(Math.random() * customers));
  let seen = 0;
  for (const k of picked) {
    const id = customerId(k);
    const expected = expectedBalance(k);
    const read = await getPointsBalance(db, id, now, 30);
    const due = await dueBalance(db, id, now);
    for (const [label, got] of [
      ['balance', read],
      ['due balance', due],
    ] as const) {
      if (
        got.active !== expected.active ||
        got.pending !== expected.pending ||
        got.debt !== expected.debt
      )
        throw new Error(
          `customer ${k}: ${label} ${JSON.stringify(got)}, meant ${JSON.stringify(expected)}`,
        );
    }
    // Perk's own check reads every entry of the book for one customer (it groups by owner):
    // run on a few; the whole-book check above covers everyone.
    const violations = seen++ < INVARIANT_SAMPLE ? await checkPointsInvariant(db, id) : [];
    if (violations.length > 0)
      throw new Error(`customer ${k}: points invariant broken: ${JSON.stringify(violations)}`);
    const lots = await db
      .selectFrom('points_lots')
      .select(['earned_at', 'activates_at', 'expires_at'])
      .where('customer_id', '=', id)
      .execute();
    const entries = await db
      .selectFrom('points_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('customer_id', '=', id)
      .executeTakeFirstOrThrow();
    if (lots.length !== 4 || Number(entries.n) !== 10)
      throw new Error(`customer ${k}: ${lots.length} lots, ${entries.n} entries`);
    for (const lot of lots) {
      const instants = lotInstants(lot.earned_at.getTime(), settings);
      if (
        instants.activatesAt !== lot.activates_at.getTime() ||
        instants.expiresAt !== lot.expires_at?.getTime()
      )
        throw new Error(`customer ${k}: lot instants ${JSON.stringify({ lot, instants })}`);
    }
  }
  process.stderr.write(
    `  checked ${picked.size} customers by Perk's balance, due balance and lot instants, ${INVARIANT_SAMPLE} by its invariant check: ${seconds(started).toFixed(1)} s\n`,
  );
}
