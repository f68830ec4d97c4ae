import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { createOperator, updateOperator } from './operators.ts';
import { scryptHasher } from './password-hash.ts';
import { csrfTokenFor, endSession, resolveSession, startSession } from './sessions.ts';

let database: TestDatabase;
let operatorId: string;
const policy = { idleMinutes: 30, maxHours: 12 };
beforeAll(async () => {
  database = await createTestDatabase();
  const created = await createOperator(
    { db: database.db, passwords: scryptHasher(10) },
    commandLineActor,
    { email: 'ivan@shop.ru', name: 'Иван', role: 'analyst', password: 'correct horse battery' },
  );
  operatorId = created.operator.id;
});
afterAll(() => database.close());

const t0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function rows() {
  return database.db
    .selectFrom('operator_sessions')
    .select(['token_hash', 'last_seen_at'])
    .where('operator_id', '=', operatorId)
    .execute();
}

describe('sessions', () => {
  it('store only the hash of their token', async () => {
    const { token, tokenHash } = await startSession(database.db, operatorId, t0, policy);
    const stored = (await rows()).map((r) => r.token_hash);
    expect(stored).toContain(tokenHash);
    expect(stored).not.toContain(token);
    await endSession(database.db, tokenHash);
  });

  it('end after 30 idle minutes; use keeps them alive', async () => {
    const { token } = await startSession(database.db, operatorId, t0, policy);
    expect(await resolveSession(database.db, token, at(29), policy)).not.toBeNull();
    expect(await resolveSession(database.db, token, at(58), policy)).not.toBeNull();
    expect(await resolveSession(database.db, token, at(88), policy)).toBeNull();
    // And the dead session's row is gone: going back in time does not revive it.
    expect(await resolveSession(database.db, token, at(60), policy)).toBeNull();
  });

  it('touch last_seen_at at most once a minute', async () => {
    const { token, tokenHash } = await startSession(database.db, operatorId, t0, policy);
    await resolveSession(database.db, token, at(0.5), policy);
    const seen = async () => (await rows()).find((r) => r.token_hash === tokenHash)?.last_seen_at;
    expect(await seen()).toEqual(t0);
    await resolveSession(database.db, token, at(1), policy);
    expect(await seen()).toEqual(at(1));
    await endSession(database.db, tokenHash);
  });

  it('end 12 hours after login however busy', async () => {
    const { token, expiresAt } = await startSession(database.db, operatorId, t0, policy);
    expect(expiresAt).toEqual(at(720));
    for (let minute = 20; minute < 720; minute += 20)
      expect(await resolveSession(database.db, token, at(minute), policy)).not.toBeNull();
    expect(await resolveSession(database.db, token, at(720), policy)).toBeNull();
  });

  it('end at logout and when the operator is deactivated', async () => {
    const first = await startSession(database.db, operatorId, t0, policy);
    await endSession(database.db, first.tokenHash);
    expect(await resolveSession(database.db, first.token, t0, policy)).toBeNull();
    const second = await startSession(database.db, operatorId, t0, policy);
    await createOperator({ db: database.db, passwords: scryptHasher(10) }, commandLineActor, {
      email: 'other@shop.ru',
      name: 'Other',
      role: 'admin',
      password: 'correct horse battery',
    });
    await updateOperator(database.db, commandLineActor, operatorId, { active: false });
    expect(await rows()).toEqual([]);
    expect(await resolveSession(database.db, second.token, t0, policy)).toBeNull();
    await updateOperator(database.db, commandLineActor, operatorId, { active: true });
  });

  it('ignore a malformed or unknown token', async () => {
    expect(await resolveSession(database.db, "x' or 1=1 --", t0, policy)).toBeNull();
    expect(await resolveSession(database.db, 'A'.repeat(43), t0, policy)).toBeNull();
  });

  it('drop the ended sessions of the operator at the next login', async () => {
    await startSession(database.db, operatorId, t0, policy);
    await startSession(database.db, operatorId, at(5), policy);
    const fresh = await startSession(database.db, operatorId, at(40), policy);
    expect((await rows()).map((r) => r.token_hash)).toEqual([fresh.tokenHash]);
  });
});

describe('csrfTokenFor', () => {
  it('is fixed for a session and differs between sessions', () => {
    const a = 'a'.repeat(43);
    const b = 'b'.repeat(43);
    expect(csrfTokenFor(a)).toBe(csrfTokenFor(a));
    expect(csrfTokenFor(a)).not.toBe(csrfTokenFor(b));
    expect(csrfTokenFor(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
