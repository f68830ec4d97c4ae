import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Actor } from './actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log inside the caller's transaction, so a change and its record land together. */
export async function recordAudit(
  db: Kysely<Database>,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_key_id: actor.keyId,
      actor_operator_id: actor.operatorId ?? null,
      actor_name: actor.name,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditQuery {
  /** An API key's or an operator's id. */
  actorId?: string;
  entityType?: string;
  entityId?: string;
  /** Entries at or after this instant. */
  from?: string;
  /** Entries before this instant. */
  to?: string;
  /** Return entries with id below this (paging backwards from the newest). */
  before?: number;
  limit: number;
}

export async function listAudit(db: Kysely<Database>, query: AuditQuery) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  const { actorId } = query;
  if (actorId)
    q = q.where((eb) =>
      eb.or([eb('actor_operator_id', '=', actorId), eb('actor_key_id', '=', actorId)]),
    );
  if (query.from) q = q.where('at', '>=', new Date(query.from));
  if (query.to) q = q.where('at', '<', new Date(query.to));
  if (query.before) q = q.where('id', '<', query.before);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { keyId: r.actor_key_id, operatorId: r.actor_operator_id, name: r.actor_name },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  }));
}
