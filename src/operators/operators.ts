import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Database, OperatorRole, OperatorsTable } from '../store/schema.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { checkOperatorFields, normaliseEmail, refuseIfAny } from './operator-input.ts';
import { oneTimePassword, type PasswordHasher } from './password-hash.ts';

export interface OperatorDeps {
  db: Db;
  passwords: PasswordHasher;
}

export interface OperatorView {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  active: boolean;
  /** Set while the operator still logs in with a one-time password. */
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A new operator, or a reset password: the one-time password is shown here only. */
export interface WithOneTimePassword {
  operator: OperatorView;
  /** Null when the caller chose the password. */
  oneTimePassword: string | null;
}

export interface NewOperator {
  email: string;
  name: string;
  role: OperatorRole;
  /** Absent: a one-time password is made, to be replaced at first login. */
  password?: string;
}

/**
 * Creates an operator. Refuses `invalid_email`, `invalid_name`, `unknown_role`,
 * `password_too_short`/`_long` (all at once) and `operator_email_taken` (409).
 */
export async function createOperator(
  deps: OperatorDeps,
  actor: Actor,
  input: NewOperator,
): Promise<WithOneTimePassword> {
  refuseIfAny((problems) => checkOperatorFields(input, problems));
  const generated = input.password === undefined ? oneTimePassword() : null;
  const passwordHash = await deps.passwords.hash(input.password ?? (generated as string));
  const values = {
    id: randomUUID(),
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    password_hash: passwordHash,
    must_change_password: generated !== null,
  };
  const row = await deps.db
    .transaction()
    .execute(async (trx) => {
      const inserted = await trx
        .insertInto('operators')
        .values(values)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'operator.create',
        entityType: 'operator',
        entityId: inserted.id,
        after: { email: inserted.email, name: inserted.name, role: inserted.role },
      });
      return inserted;
    })
    .catch(refuseTakenEmail);
  return { operator: toView(row), oneTimePassword: generated };
}

export async function listOperators(db: Db): Promise<OperatorView[]> {
  const rows = await db.selectFrom('operators').selectAll().orderBy('email').execute();
  return rows.map(toView);
}

export async function getOperator(db: Db, id: string): Promise<OperatorView> {
  const row = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw operatorNotFound(id);
  return toView(row);
}

export interface OperatorChanges {
  email?: string;
  name?: string;
  role?: OperatorRole;
  /** False deactivates: the operator's sessions end and logging in is refused. */
  active?: boolean;
}

/**
 * Changes an operator. Refuses as `createOperator` does, and `last_admin` (409) when the change
 * would leave no active admin operator, so the console never locks everyone out of it.
 */
export async function updateOperator(
  db: Db,
  actor: Actor,
  id: string,
  changes: OperatorChanges,
): Promise<OperatorView> {
  refuseIfAny((problems) => checkOperatorFields(changes, problems));
  const set = {
    ...(changes.email !== undefined ? { email: normaliseEmail(changes.email) } : {}),
    ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
    ...(changes.role !== undefined ? { role: changes.role } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
  };
  const row = await db
    .transaction()
    .execute(async (trx) => {
      // Admins are locked first, in id order, so two admins demoting each other at once can
      // neither both succeed nor deadlock.
      const admins =
        set.role !== undefined || set.active !== undefined ? await lockActiveAdmins(trx) : [];
      const before = await lockOperator(trx, id);
      const after = { ...before, ...set };
      const leaves =
        before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
      if (leaves && admins.every((admin) => admin === id))
        throw conflict(
          'last_admin',
          'This is the last active admin operator; appoint another first',
        );
      const updated = await trx
        .updateTable('operators')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (!updated.active)
        await trx.deleteFrom('operator_sessions').where('operator_id', '=', id).execute();
      await recordAudit(trx, actor, {
        action: 'operator.update',
        entityType: 'operator',
        entityId: id,
        before: pick(before, Object.keys(set)),
        after: pick(updated, Object.keys(set)),
      });
      return updated;
    })
    .catch(refuseTakenEmail);
  return toView(row);
}

/**
 * Gives an operator a new one-time password (say, one who forgot theirs): the old one stops
 * working, every session ends, a lock-out is lifted, and the operator must choose a password at
 * the next login.
 */
export async function resetOperatorPassword(
  deps: OperatorDeps,
  actor: Actor,
  target: { id: string } | { email: string },
): Promise<WithOneTimePassword> {
  const password = oneTimePassword();
  const passwordHash = await deps.passwords.hash(password);
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('operators')
      .set({
        password_hash: passwordHash,
        must_change_password: true,
        failed_logins: 0,
        locked_until: null,
        updated_at: new Date(),
      })
      .where(
        'id' in target ? 'id' : 'email',
        '=',
        'id' in target ? target.id : normaliseEmail(target.email),
      )
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw operatorNotFound('id' in target ? target.id : target.email);
    await trx.deleteFrom('operator_sessions').where('operator_id', '=', updated.id).execute();
    await recordAudit(trx, actor, {
      action: 'operator.password_reset',
      entityType: 'operator',
      entityId: updated.id,
    });
    return updated;
  });
  return { operator: toView(row), oneTimePassword: password };
}

async function lockOperator(trx: Kysely<Database>, id: string) {
  const row = await trx
    .selectFrom('operators')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw operatorNotFound(id);
  return row;
}

async function lockActiveAdmins(trx: Kysely<Database>): Promise<string[]> {
  const rows = await trx
    .selectFrom('operators')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

function refuseTakenEmail(error: unknown): never {
  if (isUniqueViolation(error))
    throw conflict('operator_email_taken', 'Another operator has this e-mail', '/email');
  throw error;
}

function operatorNotFound(reference: string) {
  return notFound('operator_not_found', `No operator ${reference}`, '/id');
}

function pick(row: Selectable<OperatorsTable>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key as keyof typeof row]]));
}

export function toView(row: Selectable<OperatorsTable>): OperatorView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    mustChangePassword: row.must_change_password,
    lockedUntil: row.locked_until ? row.locked_until.toISOString() : null,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
