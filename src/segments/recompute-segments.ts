import { localDate } from '../calendar/time-zone.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type { CustomerFacts } from './customer-facts.ts';
import { loadFacts } from './load-facts.ts';
import { loadRuleSegments, materialise, type RuleSegment } from './memberships.ts';
import { recomputeRfm } from './rfm.ts';

/** Customers evaluated per batch: five reads and two writes per batch, memory stays small. */
const pageSize = 2_000;

/**
 * Walks every active customer in id order, a page at a time, handing each page's facts to
 * `visit`. Shared by bulk materialisation and the size preview.
 */
export async function forEachCustomerPage(
  db: Db,
  visit: (facts: CustomerFacts[]) => Promise<void>,
): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await db
      .selectFrom('customers')
      .select('id')
      .where('merged_into', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    const last = page.at(-1);
    if (!last) return;
    const facts = await loadFacts(
      db,
      page.map((row) => row.id),
    );
    await visit([...facts.values()]);
    after = last.id;
  }
}

/** Re-evaluates `segments` for every customer and writes the membership diffs. */
export async function materialiseAll(
  db: Db,
  segments: readonly RuleSegment[],
  today: string,
  now: Date,
): Promise<{ customers: number; added: number; removed: number }> {
  const totals = { customers: 0, added: 0, removed: 0 };
  await forEachCustomerPage(db, async (facts) => {
    const { added, removed } = await materialise(db, segments, facts, today, now);
    totals.customers += facts.length;
    totals.added += added;
    totals.removed += removed;
  });
  return totals;
}

/**
 * For a scheduler (daily, after midnight in the programme zone, is enough: windows, ages,
 * birthdays and churn move by days): recomputes RFM quintiles, then rematerialises every rule
 * segment for every customer. Answers what changed.
 */
export async function recomputeSegments(
  db: Db,
  now: Date,
): Promise<{ rfmScored: number; customers: number; added: number; removed: number }> {
  const today = localDate(now, (await getProgramSettings(db)).timeZone);
  const rfmScored = await recomputeRfm(db, today, now);
  const segments = await loadRuleSegments(db);
  const totals = await materialiseAll(db, segments, today, now);
  await db.updateTable('segments').set({ computed_at: now }).where('kind', '=', 'rule').execute();
  return { rfmScored, ...totals };
}
