import { sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import { localDate } from '../calendar/time-zone.ts';
import { recordEvents } from '../outbox/record-events.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { evaluate } from './evaluate.ts';
import { loadFacts } from './load-facts.ts';
import { loadRuleSegments, materialise, type RuleSegment } from './memberships.ts';
import { loadCustomerFacts } from './one-customer-facts.ts';
import { refreshPurchaseAggregates } from './purchase-aggregates.ts';

/**
 * To call inside the commit, return and cancel transactions, after the purchase rows are
 * written: recomputes the customer's aggregates for the purchase's day and SKUs, then
 * re-evaluates every rule segment for that customer in memory and writes the membership diff.
 * About ten small indexed statements; no lock beyond the rows it writes.
 */
export async function onPurchaseChanged(
  trx: Db,
  input: { customerId: string; purchaseId: string; now: Date | number },
): Promise<void> {
  const { timeZone } = await getProgramSettings(trx);
  await refreshPurchaseAggregates(trx, input.purchaseId, timeZone);
  await refreshCustomerSegments(trx, input.customerId, new Date(input.now), timeZone);
}

/**
 * Re-evaluates every rule segment for one customer (after a purchase, or a profile change) and
 * writes the membership diff. `timeZone` defaults to the programme's.
 */
export async function refreshCustomerSegments(
  db: Db,
  customerId: string,
  now: Date,
  timeZone?: string,
): Promise<void> {
  const zone = timeZone ?? (await getProgramSettings(db)).timeZone;
  const [segments, facts] = await Promise.all([loadRuleSegments(db), loadFacts(db, [customerId])]);
  const customer = facts.get(customerId);
  if (!customer) return;
  await materialise(db, segments, [customer], localDate(now, zone), now);
}

/** A purchase being committed, as the segment step sees it (its row is not written yet). */
export interface NewPurchase {
  customerId: string;
  businessAt: EpochMs;
  /** Money paid, kopecks. */
  paidMinor: number;
  /** SKUs of its lines. */
  skus: readonly string[];
}

/**
 * The commit's segment step, in its transaction: adds the new purchase to the customer's
 * aggregates (its day in the programme's zone `timeZone`, its SKUs) in one statement, then
 * re-evaluates only the rule segments a purchase can change (`purchaseSegments`; none: nothing
 * more) from the customer's facts read in one statement, and writes the membership difference.
 * Adding instead of recomputing is exact here: the purchase is new, kept and not yet refunded,
 * and returns and cancels recompute ({@link onPurchaseChanged}). Answers the customer's segments
 * (`segmentIds` as priced, updated for the re-evaluated ones).
 */
export async function onPurchaseAdded(
  trx: Db,
  purchase: NewPurchase,
  context: {
    timeZone: string;
    purchaseSegments: readonly RuleSegment[];
    segmentIds: readonly string[];
    now: Date;
  },
): Promise<string[]> {
  const day = localDate(new Date(purchase.businessAt), context.timeZone);
  await addToAggregates(trx, purchase, day);
  const segments = context.purchaseSegments;
  if (segments.length === 0) return [...context.segmentIds];
  const ids = segments.map((segment) => segment.id);
  const loaded = await loadCustomerFacts(trx, purchase.customerId, ids, context.timeZone);
  if (!loaded) return [...context.segmentIds];
  const today = localDate(context.now, context.timeZone);
  const members = segments
    .filter((segment) => evaluate(segment.rule, loaded.facts, today).member)
    .map((segment) => segment.id);
  await writeMembershipDiff(trx, purchase.customerId, loaded.memberOf, members, context.now);
  const others = context.segmentIds.filter((id) => !ids.includes(id));
  return [...others, ...members].sort();
}

/**
 * The return's (or cancel's) segment step, in its transaction after its rows are written: the
 * customer's aggregates for the purchase are recomputed from the rows (as
 * {@link onPurchaseChanged} does), then only the rule segments a purchase can change are
 * re-evaluated, from the facts read in one statement.
 */
export async function onPurchaseRecounted(
  trx: Db,
  purchaseId: string,
  context: {
    customerId: string;
    timeZone: string;
    purchaseSegments: readonly RuleSegment[];
    now: Date;
  },
): Promise<void> {
  await refreshPurchaseAggregates(trx, purchaseId, context.timeZone);
  const segments = context.purchaseSegments;
  if (segments.length === 0) return;
  const loaded = await loadCustomerFacts(
    trx,
    context.customerId,
    segments.map((segment) => segment.id),
    context.timeZone,
  );
  if (!loaded) return;
  const today = localDate(context.now, context.timeZone);
  const members = segments
    .filter((segment) => evaluate(segment.rule, loaded.facts, today).member)
    .map((segment) => segment.id);
  await writeMembershipDiff(trx, context.customerId, loaded.memberOf, members, context.now);
}

async function addToAggregates(trx: Db, purchase: NewPurchase, day: string): Promise<void> {
  const skus = [...new Set(purchase.skus)];
  const dayRow = sql`INSERT INTO customer_purchase_days (customer_id, day, purchase_count, spent_minor)
    VALUES (${purchase.customerId}, ${day}, 1, ${purchase.paidMinor})
    ON CONFLICT (customer_id, day) DO UPDATE SET
      purchase_count = customer_purchase_days.purchase_count + 1,
      spent_minor = customer_purchase_days.spent_minor + excluded.spent_minor`;
  if (skus.length === 0) {
    await dayRow.execute(trx);
    return;
  }
  await sql`WITH day_row AS (${dayRow})
    INSERT INTO customer_skus (customer_id, sku, last_day)
    SELECT ${purchase.customerId}, sku, ${day}::date FROM unnest(${skus}::text[]) AS s (sku)
    ON CONFLICT (customer_id, sku) DO UPDATE
      SET last_day = greatest(customer_skus.last_day, excluded.last_day)`.execute(trx);
}

async function writeMembershipDiff(
  trx: Db,
  customerId: string,
  stored: readonly string[],
  members: readonly string[],
  now: Date,
): Promise<void> {
  const added = members.filter((id) => !stored.includes(id));
  const removed = stored.filter((id) => !members.includes(id));
  if (added.length === 0 && removed.length === 0) return;
  await sql`WITH gone AS (
      DELETE FROM segment_members
      WHERE customer_id = ${customerId} AND segment_id = any(${removed}::text[]))
    INSERT INTO segment_members (segment_id, customer_id, since)
    SELECT s, ${customerId}, ${now} FROM unnest(${added}::text[]) AS a (s)
    ON CONFLICT DO NOTHING`.execute(trx);
  await recordEvents(
    trx,
    [
      ...added.map((segmentId) => ({ type: 'segment.entered' as const, segmentId })),
      ...removed.map((segmentId) => ({ type: 'segment.left' as const, segmentId })),
    ].map(({ type, segmentId }) => ({
      type,
      occurredAt: now,
      customerId,
      payload: { segmentId },
    })),
    now,
  );
}
