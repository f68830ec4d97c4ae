import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../access/actor.ts';
import { createApiKey } from '../access/api-keys.ts';
import { FailureLimiter } from '../coupons/failure-limiter.ts';
import type { Db } from '../store/database.ts';
import { up as addBatchColumns } from '../store/migrations/0034-gift-card-batches.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { chargeGiftCard } from './charge-gift-card.ts';
import { activateGiftCard, issueGiftCards } from './issue-gift-cards.ts';
import { listGiftCardBatches } from './list-gift-card-batches.ts';
import { voidCardsSoldBy } from './void-sold-cards.ts';

let database: TestDatabase;
let db: Db;
let till: Actor;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const { apiKey } = await createApiKey(db, systemActor, { name: 'till 1', role: 'pos' });
  till = { keyId: apiKey.id, name: apiKey.name, role: 'pos' };
});
afterAll(() => database.close());

const march1 = new Date('2026-03-01T10:00:00Z');
const march2 = new Date('2026-03-02T10:00:00Z');

async function issue(
  actor: Actor,
  batchId: string,
  input: { count: number; nominalMinor: number; expiresAt?: string; activate?: boolean },
  now: Date,
) {
  const { result } = await issueGiftCards(db, actor, { batchId, ...input }, { now, apiKey: 'k' });
  return result;
}

describe('the list of gift card batches', () => {
  it('counts each batch by status, expiry and balance left, newest first, per API key', async () => {
    // Batch "spring": 3 cards of 1 500 ₽ expiring on 10 March; one sold and spent from, one sold
    // and voided by the cancel of its sale, one left unsold.
    const spring = await issue(
      systemActor,
      'spring',
      { count: 3, nominalMinor: 150_000, expiresAt: '2026-03-10T00:00:00Z' },
      march1,
    );
    const [spent, voided] = spring as [(typeof spring)[0], (typeof spring)[0]];
    const sale = randomUUID();
    await db.transaction().execute(async (trx) => {
      await activateGiftCard(trx, { number: spent.number, purchaseId: randomUUID(), now: march1 });
      await activateGiftCard(trx, { number: voided.number, purchaseId: sale, now: march1 });
    });
    const limiter = new FailureLimiter({ capacity: 10, refillPerMinute: 1 });
    const charged = await db
      .transaction()
      .execute((trx) =>
        chargeGiftCard(
          trx,
          { ...spent, amountMinor: 40_000, purchaseId: randomUUID(), now: march1, apiKeyId: 't' },
          limiter,
        ),
      );
    expect(charged).toMatchObject({ ok: true });
    await db
      .transaction()
      .execute((trx) =>
        voidCardsSoldBy(trx, { purchaseId: sale, scope: { kind: 'cancel' }, now: march1 }),
      );
    // Batch "gift": 2 active cards of 500 ₽ without expiry, a day later; a till's key also names
    // a batch "gift", which is its own.
    await issue(systemActor, 'gift', { count: 2, nominalMinor: 50_000, activate: true }, march2);
    await issue(till, 'gift', { count: 1, nominalMinor: 20_000 }, march1);

    const before = await listGiftCardBatches(db, new Date('2026-03-05T00:00:00Z'));
    expect(before).toEqual([
      {
        batchId: 'gift',
        issuedAt: '2026-03-02T10:00:00.000Z',
        cardCount: 2,
        nominalMinor: 50_000,
        expiresAt: null,
        issued: 0,
        active: 2,
        voided: 0,
        expired: 0,
        balanceMinor: 100_000,
      },
      {
        batchId: 'gift',
        issuedAt: '2026-03-01T10:00:00.000Z',
        cardCount: 1,
        nominalMinor: 20_000,
        expiresAt: null,
        issued: 1,
        active: 0,
        voided: 0,
        expired: 0,
        balanceMinor: 20_000,
      },
      {
        batchId: 'spring',
        issuedAt: '2026-03-01T10:00:00.000Z',
        cardCount: 3,
        nominalMinor: 150_000,
        expiresAt: '2026-03-10T00:00:00.000Z',
        issued: 1,
        active: 1,
        voided: 1,
        expired: 0,
        // 1 500 − 400 on the spent card, 1 500 on the unsold one, 0 on the voided one.
        balanceMinor: 260_000,
      },
    ]);
    // At the expiry instant the two cards not voided are expired; the voided one is not counted.
    const after = await listGiftCardBatches(db, new Date('2026-03-10T00:00:00Z'));
    expect(after.find((batch) => batch.batchId === 'spring')?.expired).toBe(2);
  });

  it('finds the batch of cards issued before migration 0034 through the batch kept for repeats', async () => {
    await issue(till, 'older', { count: 2, nominalMinor: 10_000 }, march1);
    const listed = await listGiftCardBatches(db, march2);
    // The columns as they were before the migration, then the migration once more.
    await sql`DROP INDEX gift_cards_batch_idx`.execute(db);
    await sql`ALTER TABLE gift_cards DROP COLUMN batch_id, DROP COLUMN batch_key_id`.execute(db);
    await addBatchColumns(db as unknown as Kysely<unknown>);
    expect(await listGiftCardBatches(db, march2)).toEqual(listed);
    expect(listed.filter((batch) => batch.batchId === 'older')).toHaveLength(1);
    // gift (2 March), then the batches of 1 March by id: the till's gift, older, spring.
    expect(listed.map((batch) => batch.cardCount)).toEqual([2, 1, 2, 3]);
  });
});
