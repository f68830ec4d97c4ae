import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { listAudit } from '../access/audit.ts';
import { PerkError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import {
  createOperator,
  listOperators,
  type OperatorDeps,
  resetOperatorPassword,
  updateOperator,
} from './operators.ts';
import { scryptHasher } from './password-hash.ts';

let database: TestDatabase;
let deps: OperatorDeps;
beforeAll(async () => {
  database = await createTestDatabase();
  deps = { db: database.db, passwords: scryptHasher(10) };
});
afterAll(() => database.close());

async function refusal(promise: Promise<unknown>): Promise<PerkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PerkError);
  return error as PerkError;
}

describe('createOperator', () => {
  it('stores the e-mail in lower case, makes a one-time password and audits the creation', async () => {
    const { operator, oneTimePassword } = await createOperator(deps, commandLineActor, {
      email: '  Olga.Marketing@Shop.RU ',
      name: ' Ольга ',
      role: 'marketer',
    });
    expect(operator).toMatchObject({
      email: 'olga.marketing@shop.ru',
      name: 'Ольга',
      role: 'marketer',
      active: true,
      mustChangePassword: true,
      lockedUntil: null,
      lastLoginAt: null,
    });
    expect(oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const row = await deps.db
      .selectFrom('operators')
      .select('password_hash')
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(await deps.passwords.verify(oneTimePassword as string, row.password_hash)).toBe(true);
    const [entry] = await listAudit(deps.db, { entityId: operator.id, limit: 5 });
    expect(entry).toMatchObject({
      action: 'operator.create',
      actor: { name: 'command line', keyId: null, operatorId: null },
      after: { email: 'olga.marketing@shop.ru', name: 'Ольга', role: 'marketer' },
    });
    expect(JSON.stringify(entry)).not.toContain('scrypt$');
  });

  it('keeps a password the caller chose, without asking to change it', async () => {
    const created = await createOperator(deps, commandLineActor, {
      email: 'sam@shop.ru',
      name: 'Sam',
      role: 'support',
      password: 'a long enough secret',
    });
    expect(created.oneTimePassword).toBeNull();
    expect(created.operator.mustChangePassword).toBe(false);
  });

  it('answers every field at fault at once', async () => {
    const error = await refusal(
      createOperator(deps, commandLineActor, {
        email: 'not-an-address',
        name: '   ',
        role: 'cashier' as never,
        password: 'short',
      }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.problems.map((p) => [p.field, p.code])).toEqual([
      ['/email', 'invalid_email'],
      ['/name', 'invalid_name'],
      ['/role', 'unknown_role'],
      ['/password', 'password_too_short'],
    ]);
  });

  it('refuses an e-mail another operator has, in any case', async () => {
    const error = await refusal(
      createOperator(deps, commandLineActor, { email: 'SAM@shop.ru', name: 'S', role: 'analyst' }),
    );
    expect([error.kind, error.code, error.field]).toEqual([
      'conflict',
      'operator_email_taken',
      '/email',
    ]);
  });
});

describe('updateOperator', () => {
  it('changes name and role, recording before and after', async () => {
    const { operator } = await createOperator(deps, commandLineActor, {
      email: 'ann@shop.ru',
      name: 'Ann',
      role: 'analyst',
    });
    const updated = await updateOperator(deps.db, commandLineActor, operator.id, {
      name: 'Anna',
      role: 'support',
    });
    expect(updated).toMatchObject({ name: 'Anna', role: 'support' });
    const [entry] = await listAudit(deps.db, { entityId: operator.id, limit: 1 });
    expect(entry).toMatchObject({
      action: 'operator.update',
      before: { name: 'Ann', role: 'analyst' },
      after: { name: 'Anna', role: 'support' },
    });
  });

  it('never leaves the console without an active admin', async () => {
    const { operator: first } = await createOperator(deps, commandLineActor, {
      email: 'admin1@shop.ru',
      name: 'Admin One',
      role: 'admin',
    });
    const { operator: second } = await createOperator(deps, commandLineActor, {
      email: 'admin2@shop.ru',
      name: 'Admin Two',
      role: 'admin',
    });
    await updateOperator(deps.db, commandLineActor, second.id, { active: false });
    const demoted = await refusal(
      updateOperator(deps.db, commandLineActor, first.id, { role: 'marketer' }),
    );
    expect([demoted.kind, demoted.code]).toEqual(['conflict', 'last_admin']);
    const deactivated = await refusal(
      updateOperator(deps.db, commandLineActor, first.id, { active: false }),
    );
    expect(deactivated.code).toBe('last_admin');
    // Renaming the last admin is fine, and so is deactivating it once another admin is back.
    await updateOperator(deps.db, commandLineActor, first.id, { name: 'Admin 1' });
    await updateOperator(deps.db, commandLineActor, second.id, { active: true });
    expect(
      (await updateOperator(deps.db, commandLineActor, first.id, { active: false })).active,
    ).toBe(false);
  });

  it('answers 404 for an unknown id', async () => {
    const error = await refusal(
      updateOperator(deps.db, commandLineActor, '00000000-0000-4000-8000-000000000000', {
        name: 'X',
      }),
    );
    expect([error.kind, error.code]).toEqual(['not_found', 'operator_not_found']);
  });
});

describe('resetOperatorPassword', () => {
  it('makes a new one-time password, lifts a lock-out and ends the sessions', async () => {
    const { operator } = await createOperator(deps, commandLineActor, {
      email: 'locked@shop.ru',
      name: 'Locked',
      role: 'support',
      password: 'the old password',
    });
    await deps.db
      .updateTable('operators')
      .set({ failed_logins: 3, locked_until: new Date('2030-01-01T00:00:00Z') })
      .where('id', '=', operator.id)
      .execute();
    await deps.db
      .insertInto('operator_sessions')
      .values({
        token_hash: 'a'.repeat(64),
        operator_id: operator.id,
        created_at: new Date(),
        last_seen_at: new Date(),
        expires_at: new Date('2030-01-01T00:00:00Z'),
      })
      .execute();
    const reset = await resetOperatorPassword(deps, commandLineActor, { email: 'LOCKED@shop.ru' });
    expect(reset.operator).toMatchObject({ mustChangePassword: true, lockedUntil: null });
    const row = await deps.db
      .selectFrom('operators')
      .select(['password_hash', 'failed_logins'])
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(0);
    expect(await deps.passwords.verify(reset.oneTimePassword as string, row.password_hash)).toBe(
      true,
    );
    expect(await deps.passwords.verify('the old password', row.password_hash)).toBe(false);
    const sessions = await deps.db
      .selectFrom('operator_sessions')
      .select('token_hash')
      .where('operator_id', '=', operator.id)
      .execute();
    expect(sessions).toEqual([]);
  });
});

describe('listOperators', () => {
  it('lists operators by e-mail', async () => {
    const emails = (await listOperators(deps.db)).map((o) => o.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toContain('olga.marketing@shop.ru');
  });
});
