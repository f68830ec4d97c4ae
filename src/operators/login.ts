import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ProblemCollector } from '../errors.ts';
import { checkPassword, normaliseEmail } from './operator-input.ts';
import type { OperatorDeps } from './operators.ts';
import {
  endOtherSessions,
  type OperatorSession,
  type SessionPolicy,
  startSession,
} from './sessions.ts';

/** Five wrong passwords in a row lock the operator out for fifteen minutes. */
export const lockout = { failures: 5, minutes: 15 } as const;

export interface LoginDeps extends OperatorDeps {
  sessions: SessionPolicy;
}

export type Locked = { ok: false; reason: 'locked'; retryAfterSeconds: number };

export type LoginResult =
  | { ok: true; token: string; session: OperatorSession }
  | { ok: false; reason: 'invalid_credentials' }
  | Locked;

/**
 * Checks an e-mail and password and starts a session. An unknown e-mail, a deactivated operator
 * and a wrong password answer alike (and take as long); a locked operator is told when to retry.
 */
export async function login(
  deps: LoginDeps,
  input: { email: string; password: string },
  now: Date,
): Promise<LoginResult> {
  const operator = await deps.db
    .selectFrom('operators')
    .select(['id', 'email', 'name', 'role', 'active', 'password_hash', 'must_change_password'])
    .where('email', '=', normaliseEmail(input.email))
    .executeTakeFirst();
  if (!operator?.active) {
    await deps.passwords.verifyNothing(input.password);
    return { ok: false, reason: 'invalid_credentials' };
  }
  const claim = await claimAttempt(deps, operator.id, now);
  if (claim) return claim;
  if (!(await deps.passwords.verify(input.password, operator.password_hash)))
    return { ok: false, reason: 'invalid_credentials' };
  const rehash = deps.passwords.outdated(operator.password_hash)
    ? { password_hash: await deps.passwords.hash(input.password) }
    : {};
  const started = await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('operators')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now, ...rehash })
      .where('id', '=', operator.id)
      .execute();
    return startSession(trx, operator.id, now, deps.sessions);
  });
  const { id, email, name, role } = operator;
  return {
    ok: true,
    token: started.token,
    session: {
      tokenHash: started.tokenHash,
      operator: { id, email, name, role },
      mustChangePassword: operator.must_change_password,
      expiresAt: started.expiresAt,
    },
  };
}

/**
 * Replaces the password of the session's operator. The current password is checked like a login
 * (a wrong one counts towards the lock-out); the other sessions end. Refuses `wrong_password`,
 * `password_too_short`/`_long` and `password_unchanged`, all at once.
 */
export async function changeOwnPassword(
  deps: OperatorDeps,
  session: OperatorSession,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<{ ok: true } | Locked> {
  const operatorId = session.operator.id;
  const row = await deps.db
    .selectFrom('operators')
    .select('password_hash')
    .where('id', '=', operatorId)
    .executeTakeFirstOrThrow();
  const claim = await claimAttempt(deps, operatorId, now);
  if (claim) return claim;
  const problems = new ProblemCollector();
  if (await deps.passwords.verify(input.currentPassword, row.password_hash)) {
    // The attempt was claimed as a failure; the right password clears it even if the new one
    // is refused below.
    await deps.db
      .updateTable('operators')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', operatorId)
      .execute();
  } else {
    problems.add('/currentPassword', 'wrong_password', 'This is not the current password');
  }
  checkPassword(input.newPassword, '/newPassword', problems);
  if (input.newPassword.normalize('NFC') === input.currentPassword.normalize('NFC'))
    problems.add(
      '/newPassword',
      'password_unchanged',
      'Choose a password other than the current one',
    );
  problems.throwIfAny();
  const passwordHash = await deps.passwords.hash(input.newPassword);
  const actor: Actor = {
    keyId: null,
    operatorId,
    name: session.operator.name,
    role: session.operator.role,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('operators')
      .set({
        password_hash: passwordHash,
        must_change_password: false,
        updated_at: now,
      })
      .where('id', '=', operatorId)
      .execute();
    await endOtherSessions(trx, operatorId, session.tokenHash);
    await recordAudit(trx, actor, {
      action: 'operator.password_change',
      entityType: 'operator',
      entityId: operatorId,
    });
  });
  return { ok: true };
}

/**
 * Counts an attempt as failed before the password is checked (a success then clears the count),
 * in one row update, so parallel guesses on several nodes still get only `lockout.failures`
 * tries. The count starts again once a lock-out has passed. Null when the attempt may go on.
 */
async function claimAttempt(
  deps: OperatorDeps,
  operatorId: string,
  now: Date,
): Promise<Locked | null> {
  const lockedUntil = new Date(now.getTime() + lockout.minutes * 60_000).toISOString();
  const count = sql<number>`CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END`;
  const claimed = await deps.db
    .updateTable('operators')
    .set({
      failed_logins: count,
      locked_until: sql`CASE WHEN ${count} >= ${lockout.failures} THEN ${lockedUntil}::timestamptz END`,
    })
    .where('id', '=', operatorId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('id')
    .executeTakeFirst();
  if (claimed) return null;
  const row = await deps.db
    .selectFrom('operators')
    .select('locked_until')
    .where('id', '=', operatorId)
    .executeTakeFirstOrThrow();
  const until = row.locked_until ?? now;
  return {
    ok: false,
    reason: 'locked',
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  };
}
