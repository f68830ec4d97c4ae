import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../store/database.ts';
import type { Database, OperatorRole } from '../store/schema.ts';

/** How long a session lasts: `idleMinutes` unused, `maxHours` after login at most. */
export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface OperatorSession {
  /** SHA-256 of the cookie's token: the row's key; the token itself is never stored. */
  tokenHash: string;
  operator: { id: string; email: string; name: string; role: OperatorRole };
  mustChangePassword: boolean;
  expiresAt: Date;
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

// Writing last_seen_at on every call would cost a write per click; a minute's slack in the idle
// limit does not matter.
const touchAfterMillis = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: an HMAC keyed by the session's token, so it is bound to this
 * session, needs nothing stored, and cannot be made by a page that cannot read the cookie.
 */
export function csrfTokenFor(token: string): string {
  return createHmac('sha256', token).update('perk-csrf').digest('base64url');
}

/** Starts a session (its token goes in the cookie) and drops the operator's ended ones. */
export async function startSession(
  db: Kysely<Database>,
  operatorId: string,
  now: Date,
  policy: SessionPolicy,
): Promise<{ token: string; tokenHash: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
  await db
    .deleteFrom('operator_sessions')
    .where('operator_id', '=', operatorId)
    .where((eb) =>
      eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince(now, policy))]),
    )
    .execute();
  await db
    .insertInto('operator_sessions')
    .values({
      token_hash: tokenHash,
      operator_id: operatorId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, tokenHash, expiresAt };
}

/**
 * The live session of a cookie's token, or null when it is malformed, unknown, ended, idle too
 * long, past its absolute end, or its operator was deactivated. A dead session's row goes.
 */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<OperatorSession | null> {
  if (!tokenPattern.test(token)) return null;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('operator_sessions as s')
    .innerJoin('operators as o', 'o.id', 's.operator_id')
    .select([
      's.last_seen_at',
      's.expires_at',
      'o.id',
      'o.email',
      'o.name',
      'o.role',
      'o.active',
      'o.must_change_password',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.active || row.expires_at <= now || row.last_seen_at <= idleSince(now, policy)) {
    await endSession(db, tokenHash);
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() >= touchAfterMillis) {
    await db
      .updateTable('operator_sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    tokenHash,
    operator: { id: row.id, email: row.email, name: row.name, role: row.role },
    mustChangePassword: row.must_change_password,
    expiresAt: row.expires_at,
  };
}

/** Logout: the session's row goes, so its cookie is worthless on every node at once. */
export async function endSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('operator_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends an operator's sessions but one (after a password change, the others may be a thief's). */
export async function endOtherSessions(
  db: Kysely<Database>,
  operatorId: string,
  keep: string,
): Promise<void> {
  await db
    .deleteFrom('operator_sessions')
    .where('operator_id', '=', operatorId)
    .where('token_hash', '<>', keep)
    .execute();
}

function idleSince(now: Date, policy: SessionPolicy): Date {
  return new Date(now.getTime() - policy.idleMinutes * 60_000);
}
