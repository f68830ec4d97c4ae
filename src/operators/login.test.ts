import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { listAudit } from '../access/audit.ts';
import type { PerkError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { changeOwnPassword, type LoginDeps, login } from './login.ts';
import { createOperator } from './operators.ts';
import { scryptHasher } from './password-hash.ts';
import { resolveSession } from './sessions.ts';

let database: TestDatabase;
let deps: LoginDeps;
const policy = { idleMinutes: 30, maxHours: 12 };
beforeAll(async () => {
  database = await createTestDatabase();
  deps = { db: database.db, passwords: scryptHasher(10), sessions: policy };
});
afterAll(() => database.close());

const t0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function operator(email: string, password = 'correct horse battery') {
  return (
    await createOperator(deps, commandLineActor, { email, name: email, role: 'support', password })
  ).operator;
}

describe('login', () => {
  it('starts a session for the right password, case-blind in the e-mail', async () => {
    const { id } = await operator('vera@shop.ru');
    const result = await login(
      deps,
      { email: 'Vera@Shop.ru', password: 'correct horse battery' },
      t0,
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.session).toMatchObject({
      operator: { id, email: 'vera@shop.ru', role: 'support' },
      mustChangePassword: false,
      expiresAt: at(12 * 60),
    });
    const row = await deps.db
      .selectFrom('operators')
      .select('last_login_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.last_login_at).toEqual(t0);
  });

  it('answers an unknown e-mail, a deactivated operator and a wrong password alike', async () => {
    const { id } = await operator('gone@shop.ru');
    await deps.db.updateTable('operators').set({ active: false }).where('id', '=', id).execute();
    const answers = [
      await login(deps, { email: 'nobody@shop.ru', password: 'correct horse battery' }, t0),
      await login(deps, { email: 'gone@shop.ru', password: 'correct horse battery' }, t0),
      await login(deps, { email: 'vera@shop.ru', password: 'wrong horse battery' }, t0),
    ];
    expect(answers).toEqual(Array(3).fill({ ok: false, reason: 'invalid_credentials' }));
  });

  it('locks out after 5 wrong passwords for 15 minutes, even the right one, then counts afresh', async () => {
    await operator('lock@shop.ru');
    const wrong = { email: 'lock@shop.ru', password: 'guess' };
    const right = { email: 'lock@shop.ru', password: 'correct horse battery' };
    for (let i = 0; i < 5; i++) expect((await login(deps, wrong, at(i))).ok).toBe(false);
    expect(await login(deps, right, at(5))).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterSeconds: 14 * 60,
    });
    expect(await login(deps, right, at(18.5))).toMatchObject({ retryAfterSeconds: 30 });
    // At 19:00 the lock set at 4:00 has passed: one more wrong password does not lock again.
    expect(await login(deps, wrong, at(19))).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect((await login(deps, right, at(20))).ok).toBe(true);
  });

  it('clears the count on success, so 4 wrong, 1 right and 4 wrong do not lock', async () => {
    await operator('count@shop.ru');
    const wrong = { email: 'count@shop.ru', password: 'guess' };
    for (let i = 0; i < 4; i++) await login(deps, wrong, t0);
    expect((await login(deps, { ...wrong, password: 'correct horse battery' }, t0)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await login(deps, wrong, t0);
    const row = await deps.db
      .selectFrom('operators')
      .select(['failed_logins', 'locked_until'])
      .where('email', '=', 'count@shop.ru')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 4, locked_until: null });
  });

  it('gives 12 parallel guesses only 5 tries (the count lives in the row)', async () => {
    await operator('race@shop.ru');
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        login(deps, { email: 'race@shop.ru', password: `guess ${i}` }, t0),
      ),
    );
    const reasons = guesses.map((g) => (g.ok ? 'ok' : g.reason));
    expect(reasons.filter((r) => r === 'invalid_credentials')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(7);
  });

  it('rehashes a password made at an older cost at the next login', async () => {
    const older = scryptHasher(11);
    const { id } = (
      await createOperator({ db: deps.db, passwords: older }, commandLineActor, {
        email: 'old@shop.ru',
        name: 'Old',
        role: 'analyst',
        password: 'correct horse battery',
      })
    ).operator;
    await login(deps, { email: 'old@shop.ru', password: 'correct horse battery' }, t0);
    const row = await deps.db
      .selectFrom('operators')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('scrypt$10$')).toBe(true);
    expect(await deps.passwords.verify('correct horse battery', row.password_hash)).toBe(true);
  });
});

describe('changeOwnPassword', () => {
  it('replaces a one-time password, ends the other sessions and audits as the operator', async () => {
    const created = await createOperator(deps, commandLineActor, {
      email: 'new@shop.ru',
      name: 'Новый сотрудник',
      role: 'marketer',
    });
    const password = created.oneTimePassword as string;
    const first = await login(deps, { email: 'new@shop.ru', password }, t0);
    const second = await login(deps, { email: 'new@shop.ru', password }, t0);
    if (!first.ok || !second.ok) throw new Error('login failed');
    expect(first.session.mustChangePassword).toBe(true);
    const changed = await changeOwnPassword(
      deps,
      second.session,
      { currentPassword: password, newPassword: 'my own long password' },
      at(1),
    );
    expect(changed).toEqual({ ok: true });
    expect(await resolveSession(deps.db, first.token, at(2), policy)).toBeNull();
    expect(await resolveSession(deps.db, second.token, at(2), policy)).toMatchObject({
      mustChangePassword: false,
    });
    const again = await login(
      deps,
      { email: 'new@shop.ru', password: 'my own long password' },
      at(3),
    );
    expect(again.ok).toBe(true);
    const [entry] = await listAudit(deps.db, { entityId: created.operator.id, limit: 1 });
    expect(entry).toMatchObject({
      action: 'operator.password_change',
      actor: { operatorId: created.operator.id, name: 'Новый сотрудник', keyId: null },
    });
  });

  it('refuses a wrong current password and a short new one in one answer, changing nothing', async () => {
    await operator('keep@shop.ru');
    const started = await login(
      deps,
      { email: 'keep@shop.ru', password: 'correct horse battery' },
      t0,
    );
    if (!started.ok) throw new Error('login failed');
    const error = await changeOwnPassword(
      deps,
      started.session,
      { currentPassword: 'not it', newPassword: 'short' },
      t0,
    ).catch((e: unknown) => e as PerkError);
    expect((error as PerkError).problems.map((p) => [p.field, p.code])).toEqual([
      ['/currentPassword', 'wrong_password'],
      ['/newPassword', 'password_too_short'],
    ]);
    const unchanged = await changeOwnPassword(
      deps,
      started.session,
      { currentPassword: 'correct horse battery', newPassword: 'correct horse battery' },
      t0,
    ).catch((e: unknown) => e as PerkError);
    expect((unchanged as PerkError).code).toBe('password_unchanged');
    expect(
      (await login(deps, { email: 'keep@shop.ru', password: 'correct horse battery' }, t0)).ok,
    ).toBe(true);
  });
});
