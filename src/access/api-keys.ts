import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Role } from '../store/schema.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';

export const roles: readonly Role[] = ['pos', 'web', 'admin', 'analyst'];

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

// A key is `perk_<prefix>_<secret>`: the prefix finds the row, the 256-bit secret is checked
// against its SHA-256. A slow password hash buys nothing for secrets this long.
const keyPattern = /^perk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates a key; the plain key is returned only here and is never stored. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { name: string; role: Role },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const id = randomUUID();
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('api_keys')
      .values({ id, name: input.name, role: input.role, prefix, secret_hash: hashSecret(secret) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: id,
      after: { name: input.name, role: input.role, prefix },
    });
    return inserted;
  });
  return { key: `perk_${prefix}_${secret}`, apiKey: toView(row) };
}

/** The key's owner, or null when the key is malformed, unknown or revoked. */
export async function verifyApiKey(db: Db, key: string): Promise<Actor | null> {
  const match = keyPattern.exec(key);
  if (!match) return null;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'role', 'secret_hash', 'revoked_at'])
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (!timingSafeEqual(expected, actual)) return null;
  return { keyId: row.id, name: row.name, role: row.role };
}

export async function listApiKeys(db: Db): Promise<ApiKeyView[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
  return rows.map(toView);
}

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<ApiKeyView> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const existing = await trx
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (existing) return toView(existing);
      throw notFound('api_key_not_found', `No API key with id ${id}`, '/id');
    }
    await recordAudit(trx, actor, {
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: id,
    });
    return toView(row);
  });
}

function toView(row: {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}
