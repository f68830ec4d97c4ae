import type { Db } from '../store/database.ts';
import type { DeliveryStatus } from '../store/schema.ts';

export interface DeliveryView {
  id: number;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  /** When it is tried next (pending), else when it was last settled. */
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface DeliveryQuery {
  status?: DeliveryStatus | undefined;
  subscriptionId?: string | undefined;
  eventId?: string | undefined;
  /** Deliveries with an id below this (paging back from the newest). */
  before?: number | undefined;
  limit: number;
}

/** Deliveries, newest first, filtered by status, subscription and event. */
export async function listDeliveries(db: Db, query: DeliveryQuery): Promise<DeliveryView[]> {
  let select = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('domain_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.subscription_id',
      'd.event_id',
      'e.type',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
    ])
    .orderBy('d.id', 'desc')
    .limit(query.limit);
  if (query.status) select = select.where('d.status', '=', query.status);
  if (query.subscriptionId) select = select.where('d.subscription_id', '=', query.subscriptionId);
  if (query.eventId) select = select.where('d.event_id', '=', query.eventId);
  if (query.before !== undefined) select = select.where('d.id', '<', query.before);
  const rows = await select.execute();
  return rows.map((row) => ({
    id: Number(row.id),
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(),
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  }));
}
