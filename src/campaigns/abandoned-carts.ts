import { sql } from 'kysely';
import { dayNumber, type EpochMs } from '../calendar/day-number.ts';
import { startOfLocalDay } from '../calendar/time-zone.ts';
import { notFound } from '../errors.ts';
import type { NewEvent } from '../outbox/event-types.ts';
import { recordEvents } from '../outbox/record-events.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { activeCampaigns } from './campaigns.ts';

/** A cart the web shop saw left without checkout. */
export interface AbandonedCartReport {
  cartId: string;
  customerId: string;
  totalMinor?: number;
  /** When the cart was left (ISO); now when absent. */
  at?: string;
}

/**
 * Records a cart the web shop reports abandoned. The first report of a cart id stands (a repeat
 * changes nothing), so the hours are counted from it. Refusal: `customer_not_found` (404).
 */
export async function reportAbandonedCart(
  db: Db,
  report: AbandonedCartReport,
  now: Date,
): Promise<{ cartId: string; reportedAt: string; recorded: boolean }> {
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', report.customerId)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  if (!customer)
    throw notFound('customer_not_found', `No customer "${report.customerId}"`, '/customerId');
  const inserted = await db
    .insertInto('abandoned_carts')
    .values({
      cart_id: report.cartId,
      customer_id: report.customerId,
      total_minor: report.totalMinor ?? null,
      reported_at: report.at ?? now.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const row = await db
    .selectFrom('abandoned_carts')
    .select('reported_at')
    .where('cart_id', '=', report.cartId)
    .executeTakeFirstOrThrow();
  return {
    cartId: report.cartId,
    reportedAt: row.reported_at.toISOString(),
    recorded: (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n,
  };
}

// Carts older than this past their deadline are not looked at again: a cart that was followed
// by a purchase is never marked, so the scan must end somewhere.
const lookbackMs = 7 * 86_400_000;

/**
 * For each active `abandoned_cart` campaign, emits one `abandoned_cart` event into the outbox
 * for every cart reported at least `hours` ago (within the campaign's period and audience) that
 * no kept purchase of its customer followed within those hours. One statement per campaign,
 * with a unique dedupe key per (campaign, cart): reruns and concurrent nodes emit it once, and
 * events become visible in id order, so a reader paging with `after` misses none.
 * Answers the events emitted.
 */
export async function emitAbandonedCartEvents(db: Db, now: EpochMs): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Emitters take turns: ids are drawn when a row is inserted but seen at commit, so two
    // emitters at once could commit a lower id after a reader has passed it (`after=` skips it).
    await sql`SELECT pg_advisory_xact_lock(hashtext('perk-outbox'))`.execute(trx);
    return emitInOrder(trx, now);
  });
}

async function emitInOrder(db: Db, now: EpochMs): Promise<number> {
  const { timeZone } = await getProgramSettings(db);
  let emitted = 0;
  for (const campaign of await activeCampaigns(db, ['abandoned_cart'])) {
    if (campaign.rule.kind !== 'abandoned_cart') continue;
    const hoursMs = campaign.rule.hours * 3_600_000;
    const segments = campaign.audience?.segmentIds ?? null;
    // The period is whole local days: from its first midnight to the midnight after its last.
    const periodStart = new Date(startOfLocalDay(dayNumber(campaign.period.from), timeZone));
    const periodEnd = new Date(startOfLocalDay(dayNumber(campaign.period.to) + 1, timeZone));
    const result = await sql<{ payload: AbandonedPayload }>`
      INSERT INTO outbox_events (kind, dedupe_key, payload, created_at)
      SELECT 'abandoned_cart', ${`abandoned_cart:${campaign.id}:`} || c.cart_id,
        jsonb_build_object('campaignId', ${campaign.id}::text, 'cartId', c.cart_id,
          'customerId', c.customer_id, 'totalMinor', c.total_minor, 'reportedAt', c.reported_at),
        ${new Date(now)}
      FROM abandoned_carts c
      WHERE c.reported_at <= ${new Date(now - hoursMs)}
        AND c.reported_at > ${new Date(now - hoursMs - lookbackMs)}
        AND c.reported_at >= ${periodStart} AND c.reported_at < ${periodEnd}
        AND (${segments}::text[] IS NULL OR EXISTS (SELECT 1 FROM segment_members m
          WHERE m.customer_id = c.customer_id AND m.segment_id = ANY(${segments}::text[])))
        AND NOT EXISTS (SELECT 1 FROM purchases p
          WHERE p.customer_id = c.customer_id AND NOT p.cancelled
            AND p.business_at >= c.reported_at
            AND p.business_at <= c.reported_at + ${`${campaign.rule.hours} hours`}::interval)
      ORDER BY c.reported_at, c.cart_id
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING payload`.execute(db);
    await recordEvents(db, result.rows.map(cartAbandoned), new Date(now));
    emitted += result.rows.length;
  }
  return emitted;
}

interface AbandonedPayload {
  campaignId: string;
  cartId: string;
  customerId: string;
  totalMinor: number | null;
  reportedAt: string;
}

// The webhook event of a cart is written beside the mailing system's, in its transaction.
function cartAbandoned({ payload }: { payload: AbandonedPayload }): NewEvent {
  return {
    type: 'cart.abandoned',
    occurredAt: new Date(payload.reportedAt),
    customerId: payload.customerId,
    payload: {
      campaignId: payload.campaignId,
      cartId: payload.cartId,
      totalMinor: payload.totalMinor,
      reportedAt: new Date(payload.reportedAt).toISOString(),
    },
  };
}

/** An event for the mailing system, in emission order. */
export interface OutboxEvent {
  id: number;
  kind: string;
  payload: unknown;
  createdAt: string;
}

/** Events with an id above `after`, oldest first, at most `limit`. */
export async function listEvents(db: Db, after: number, limit: number): Promise<OutboxEvent[]> {
  const rows = await db
    .selectFrom('outbox_events')
    .selectAll()
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
  }));
}
