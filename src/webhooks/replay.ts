import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';

/**
 * Sends one delivery again, delivered or parked: it is due at `now` with a fresh count of tries.
 * Refusals: `webhook_delivery_not_found` (404), `webhook_delivery_pending` (409: it is being
 * tried already).
 */
export async function replayDelivery(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhook_deliveries')
      .select(['status', 'event_id', 'subscription_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('webhook_delivery_not_found', `No webhook delivery ${id}`);
    if (row.status === 'pending') {
      throw conflict('webhook_delivery_pending', `Delivery ${id} is being tried already`);
    }
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_token: null })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'webhook.replay',
      entityType: 'webhook',
      entityId: row.subscription_id,
      after: { deliveryId: id, eventId: row.event_id, was: row.status },
    });
  });
}

/**
 * Sends every parked (`dead`) delivery again, of one subscription or all; answers how many.
 */
export async function replayParked(
  db: Db,
  actor: Actor,
  scope: { subscriptionId?: string | undefined },
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_token: null })
      .where('status', '=', 'dead');
    if (scope.subscriptionId) update = update.where('subscription_id', '=', scope.subscriptionId);
    const result = await update.executeTakeFirst();
    const replayed = Number(result.numUpdatedRows);
    await recordAudit(trx, actor, {
      action: 'webhook.replay-parked',
      entityType: 'webhook',
      entityId: scope.subscriptionId ?? '*',
      after: { replayed },
    });
    return replayed;
  });
}
