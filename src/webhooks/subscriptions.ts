import { randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { notFound, ProblemCollector } from '../errors.ts';
import type { EventType } from '../outbox/event-types.ts';
import type { Db } from '../store/database.ts';
import type { WebhookSubscriptionsTable } from '../store/schema.ts';

export interface SubscriptionInput {
  url: string;
  eventTypes: EventType[];
  /** The signing secret; one is generated when absent. */
  secret?: string;
  active?: boolean;
  description?: string | null;
}

/** A subscription as the API shows it: the secret only in the answer that created it. */
export interface SubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Selectable<
  Pick<WebhookSubscriptionsTable, 'id' | 'url' | 'event_types' | 'active' | 'description'>
> & { created_at: Date; updated_at: Date };

const view = (row: Row): SubscriptionView => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types,
  active: row.active,
  description: row.description,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/**
 * A receiver's address: http(s) with a host, no credentials in it (they would be stored and
 * shown); a redirect is not followed, so the URL must be the final one. `invalid_webhook_url` at
 * `field`.
 */
export function checkWebhookUrl(
  problems: ProblemCollector,
  url: string | undefined,
  field = '/url',
): void {
  if (url === undefined) return;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) {
    problems.add(field, 'invalid_webhook_url', 'The URL must be http:// or https:// with a host');
  } else if (parsed.username || parsed.password) {
    problems.add(field, 'invalid_webhook_url', 'The URL must not carry a user or password');
  }
}

function checkTypes(problems: ProblemCollector, types: readonly string[] | undefined): void {
  if (types && new Set(types).size !== types.length) {
    problems.add('/eventTypes', 'duplicate_event_type', 'An event type is listed twice');
  }
}

/** Creates a subscription; answers it with its secret, shown this once. Refusals: 400 as checked. */
export async function createSubscription(
  db: Db,
  actor: Actor,
  input: SubscriptionInput,
  now: Date,
): Promise<SubscriptionView & { secret: string }> {
  const problems = new ProblemCollector();
  checkWebhookUrl(problems, input.url);
  checkTypes(problems, input.eventTypes);
  problems.throwIfAny();
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_subscriptions')
      .values({
        id: randomUUID(),
        url: input.url,
        event_types: input.eventTypes,
        secret,
        active: input.active ?? true,
        description: input.description ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const created = view(row);
    await recordAudit(trx, actor, {
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: row.id,
      after: created,
    });
    return { ...created, secret };
  });
}

/** Every subscription, oldest first, without secrets. */
export async function listSubscriptions(db: Db): Promise<SubscriptionView[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'url', 'event_types', 'active', 'description', 'created_at', 'updated_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(view);
}

/**
 * Changes what is given (URL, types, secret, active, description); deactivating stops new
 * deliveries and the retries of pending ones until reactivated. `webhook_not_found` (404).
 */
export async function updateSubscription(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<SubscriptionInput>,
  now: Date,
): Promise<SubscriptionView> {
  const problems = new ProblemCollector();
  checkWebhookUrl(problems, patch.url);
  checkTypes(problems, patch.eventTypes);
  problems.throwIfAny();
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'url', 'event_types', 'active', 'description', 'created_at', 'updated_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('webhook_not_found', `No webhook "${id}"`);
    const row = await trx
      .updateTable('webhook_subscriptions')
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.eventTypes !== undefined ? { event_types: patch.eventTypes } : {}),
        ...(patch.secret !== undefined ? { secret: patch.secret } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returning(['id', 'url', 'event_types', 'active', 'description', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    const after = view(row);
    await recordAudit(trx, actor, {
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: id,
      before: view(before),
      after: { ...after, ...(patch.secret !== undefined ? { secretChanged: true } : {}) },
    });
    return after;
  });
}
