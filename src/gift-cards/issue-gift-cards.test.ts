import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { parallelClients, race } from '../coupons/coupon-test-kit.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { giftCardStatement } from './gift-card-balance.ts';
import { issueGiftCards } from './issue-gift-cards.ts';
import { verifyPin } from './pin-hash.ts';

let database: TestDatabase;
let db: Db;
let clients: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  clients = parallelClients(database, 10);
});
afterAll(() => database.close());

const now = new Date('2026-03-01T10:00:00Z');
const context = { now, apiKey: 'perk_test_key' };
const cardCount = async () =>
  (
    await db
      .selectFrom('gift_cards')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('issuing gift cards by batch', () => {
  it('answers a repeat with the same cards and PINs, as issued, and issues nothing', async () => {
    const input = {
      batchId: 'spring',
      count: 2,
      nominalMinor: 300_000,
      expiresAt: '2027-03-01T03:00:00+03:00',
    };
    const first = await issueGiftCards(db, systemActor, input, context);
    expect(first.replayed).toBe(false);
    expect(first.result.map(({ number, pin, ...rest }) => rest)).toEqual([
      { nominalMinor: 300_000, status: 'issued', expiresAt: '2027-03-01T00:00:00.000Z' },
      { nominalMinor: 300_000, status: 'issued', expiresAt: '2027-03-01T00:00:00.000Z' },
    ]);
    const card = first.result[0] as { number: string; pin: string };
    const stored = await db
      .selectFrom('gift_cards')
      .select('pin_hash')
      .where('number', '=', card.number)
      .executeTakeFirstOrThrow();
    expect(await verifyPin(card.pin, stored.pin_hash)).toBe(true);
    const cards = await cardCount();

    // The same instant written in UTC is the same request.
    const repeat = { ...input, expiresAt: '2027-03-01T00:00:00Z', activate: false };
    expect(await issueGiftCards(db, systemActor, repeat, context)).toEqual({
      result: first.result,
      replayed: true,
    });
    expect(await cardCount()).toBe(cards);
    expect((await giftCardStatement(db, card.number, now)).entries).toHaveLength(1);
  });

  it('refuses the same batch id with another nominal or activation, and issues nothing', async () => {
    const input = { batchId: 'gifts', count: 1, nominalMinor: 100_000 };
    await issueGiftCards(db, systemActor, input, context);
    const cards = await cardCount();
    const other = { ...input, nominalMinor: 50_000, activate: true };
    await expect(issueGiftCards(db, systemActor, other, context)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'batch_conflict',
      field: '/nominalMinor',
      problems: [
        { field: '/nominalMinor', message: '100000 in the first request, 50000 now' },
        { field: '/activate', message: 'false in the first request, true now' },
      ],
      details: { batchId: 'gifts' },
    });
    expect(await cardCount()).toBe(cards);
  });

  it('issues one batch of 6 simultaneous requests with one batch id', async () => {
    const cards = await cardCount();
    const input = { batchId: 'race', count: 3, nominalMinor: 100_000, activate: true };
    const results = await race(
      database,
      Array.from({ length: 6 }, () => () => issueGiftCards(clients, systemActor, input, context)),
    );
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(outcomes.filter((o) => o.replayed === false)).toHaveLength(1);
    expect(outcomes[0].result).toHaveLength(3);
    for (const outcome of outcomes) expect(outcome.result).toEqual(outcomes[0].result);
    expect(await cardCount()).toBe(cards + 3);
  });
});
