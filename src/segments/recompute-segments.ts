import { localDate } from '../calendar/time-zone.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type { CustomerFacts } from './customer-facts.ts';
import { loadFacts } from './load-facts.ts';
import { loadRuleSegments, materialise, type RuleSegment } from './memberships.ts';
import { type FactFamily, factsReadBy } from './purchase-dependence.ts';
import { recomputeRfm } from './rfm.ts';

/** Customers evaluated per batch: five reads and two writes per batch, memory stays small. */
const pageSize = 2_000;

/**
 * Walks every active customer in id order, a page at a time, handing each page's facts (the
 * families `needed`) to `visit`. Shared by bulk materialisation and the size preview.
 */
export async function forEachCustomerPage(
  db: Db,
  needed: ReadonlySet<FactFamily>,
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
      needed,
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
  const needed = factsReadBy(segments.map((segment) => segment.rule));
  await forEachCustomerPage(db, needed, async (facts) => {
    const { added, removed } = await materialise(db, segments, facts, today, now);
    totals.customers += facts.length;
    totals.added += added;
    totals.removed += removed;
  });
  return totals;
}

/** What a recompute did; `fullPass: 0` when it found nothing to do. */
export interface RecomputeCounts {
  fullPass: number;
  rfmScored: number;
  customers: number;
  added: number;
  removed: number;
  [count: string]: number;
}

/**
 * The scheduled recompute of RFM scores and rule-segment memberships. Purchases, returns,
 * cancels, profile changes, messages and merges update a customer's memberships as they are
 * written, so only time (windows, ages, birthdays, churn and RFM quintiles move by programme
 * days) and facts changed in bulk (a history import, {@link markSegmentFactsChanged}) call for
 * walking every customer again. The walk runs once per programme day, again when bulk facts
 * changed since it started, and whenever a person asks (`force`); otherwise a run (the job is
 * hourly, so a new day is taken up within the hour) reads one row and stops. Answers what changed.
 */
export async function recomputeSegments(
  db: Db,
  now: Date,
  options: { force?: boolean } = {},
): Promise<RecomputeCounts> {
  const today = localDate(now, (await getProgramSettings(db)).timeZone);
  const state = await db
    .selectFrom('segment_recompute_state')
    .select(['full_pass_day', 'full_pass_at', 'facts_changed_at'])
    .executeTakeFirst();
  const upToDate =
    state?.full_pass_day != null &&
    state.full_pass_day >= today &&
    (state.facts_changed_at === null ||
      (state.full_pass_at !== null && state.facts_changed_at < state.full_pass_at));
  if (upToDate && !options.force) {
    return { fullPass: 0, rfmScored: 0, customers: 0, added: 0, removed: 0 };
  }
  // Marked before the walk: facts changed while it runs call for the next run to walk again.
  const started = new Date();
  const rfmScored = await recomputeRfm(db, today, now);
  const segments = await loadRuleSegments(db);
  const totals =
    segments.length === 0
      ? { customers: 0, added: 0, removed: 0 }
      : await materialiseAll(db, segments, today, now);
  await db.updateTable('segments').set({ computed_at: now }).where('kind', '=', 'rule').execute();
  await db
    .updateTable('segment_recompute_state')
    .set({ full_pass_day: today, full_pass_at: started })
    .execute();
  return { fullPass: 1, rfmScored, ...totals };
}

/**
 * Records that customers' facts changed behind the segments' back (a bulk import wrote
 * purchase history without re-evaluating each customer), so the next recompute walks everyone.
 * By the wall clock, as a walk's start is: business times may lie in the past.
 */
export async function markSegmentFactsChanged(db: Db): Promise<void> {
  await db.updateTable('segment_recompute_state').set({ facts_changed_at: new Date() }).execute();
}
