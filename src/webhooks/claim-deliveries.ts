import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

/** A delivery this deliverer holds until `leaseToken` is replaced or its lease ends. */
export interface ClaimedDelivery {
  id: number;
  leaseToken: string;
  /** This try's number, from 1. */
  attempt: number;
  url: string;
  secret: string;
  event: {
    id: string;
    type: string;
    occurredAt: Date;
    customerId: string | null;
    payload: unknown;
    createdAt: Date;
  };
}

/**
 * Claims up to `limit` pending deliveries due at `now` whose subscription is active: locks them
 * `FOR UPDATE SKIP LOCKED`, counts the try and moves their due time to `now + leaseMs` with a new
 * lease token, in one statement that commits at once. The HTTP call then runs with no transaction
 * open; a deliverer that dies meanwhile leaves rows that fall due again when the lease ends, so
 * nothing is lost (and, as with any at-least-once delivery, a receiver may see an event twice).
 */
export async function claimDeliveries(
  db: Db,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const token = randomUUID();
  const leaseEnd = new Date(options.now.getTime() + options.leaseMs);
  const claimed = await sql<{ id: number; attempts: number }>`
    UPDATE webhook_deliveries d
    SET attempts = d.attempts + 1, next_attempt_at = ${leaseEnd}, lease_token = ${token}
    FROM (
      SELECT w.id FROM webhook_deliveries w
      WHERE w.status = 'pending' AND w.next_attempt_at <= ${options.now}
        AND EXISTS (SELECT 1 FROM webhook_subscriptions s
          WHERE s.id = w.subscription_id AND s.active)
      ORDER BY w.next_attempt_at, w.id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE d.id = due.id
    RETURNING d.id, d.attempts`.execute(db);
  if (claimed.rows.length === 0) return [];
  const attempts = new Map(claimed.rows.map((row) => [Number(row.id), row.attempts]));
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('domain_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      's.url',
      's.secret',
      'e.id as eventId',
      'e.type',
      'e.occurred_at',
      'e.customer_id',
      'e.payload',
      'e.created_at',
    ])
    .where('d.id', 'in', [...attempts.keys()])
    .orderBy('d.id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    leaseToken: token,
    attempt: attempts.get(Number(row.id)) ?? 1,
    url: row.url,
    secret: row.secret,
    event: {
      id: row.eventId,
      type: row.type,
      occurredAt: row.occurred_at,
      customerId: row.customer_id,
      payload: row.payload,
      createdAt: row.created_at,
    },
  }));
}
