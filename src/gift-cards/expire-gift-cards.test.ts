import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { parallelClients, race } from '../coupons/coupon-test-kit.ts';
import { FailureLimiter } from '../coupons/failure-limiter.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { chargeGiftCard, refundGiftCard } from './charge-gift-card.ts';
import { expireGiftCards } from './expire-gift-cards.ts';
import { giftCardStatement } from './gift-card-balance.ts';
import { activateGiftCard, issueGiftCards } from './issue-gift-cards.ts';
import { voidCardsSoldBy } from './void-sold-cards.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

// Every test's cards expire after the previous test's runs, so each run sees its own cards only.
const issuedAt = new Date('2026-03-01T10:00:00Z');
const hour = 3_600_000;
const later = (instant: string, ms: number) => new Date(Date.parse(instant) + ms);

async function cards(
  count: number,
  nominalMinor: number,
  extra: { expiresAt?: string; activate?: boolean } = {},
) {
  const { result } = await issueGiftCards(
    db,
    systemActor,
    { batchId: randomUUID(), count, nominalMinor, activate: true, ...extra },
    { now: issuedAt, apiKey: 'test key' },
  );
  return result;
}

async function card(nominalMinor: number, expiresAt?: string) {
  const [issued] = await cards(1, nominalMinor, expiresAt ? { expiresAt } : {});
  if (!issued) throw new Error('no card');
  return issued;
}

const charge = (
  c: { number: string; pin: string },
  amountMinor: number,
  purchaseId: string,
  now: Date,
) =>
  db
    .transaction()
    .execute((trx) =>
      chargeGiftCard(
        trx,
        { ...c, amountMinor, purchaseId, now, apiKeyId: 'till' },
        new FailureLimiter({ capacity: 100, refillPerMinute: 1 }),
      ),
    );

async function ledger(number: string) {
  const { card: view, entries } = await giftCardStatement(db, number, issuedAt);
  return {
    balanceMinor: view.balanceMinor,
    status: view.status,
    entries: entries.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor, e.effectiveAt]),
  };
}

describe('expireGiftCards', () => {
  it('writes off what is left at the instant the card expired, once', async () => {
    const expiresAt = '2026-06-01T00:00:00.000Z';
    const c = await card(100_000, expiresAt);
    const noExpiry = await card(100_000);
    const notYet = await card(100_000, '2030-01-01T00:00:00.000Z');
    const purchase = randomUUID();
    expect(await charge(c, 30_000, purchase, issuedAt)).toMatchObject({ balanceMinor: 70_000 });
    const before = await ledger(c.number);

    expect(await expireGiftCards(db, later(expiresAt, -1))).toEqual({
      cards: 0,
      writtenOffMinor: 0,
    });
    expect(await ledger(c.number)).toEqual(before);

    // The job runs an hour late; the entry is still dated at the expiry.
    expect(await expireGiftCards(db, later(expiresAt, hour))).toEqual({
      cards: 1,
      writtenOffMinor: 70_000,
    });
    const issued = issuedAt.toISOString();
    const expired = {
      balanceMinor: 0,
      status: 'active',
      entries: [
        ['issue', 100_000, 100_000, issued],
        ['charge', 30_000, 70_000, issued],
        ['expire', 70_000, 0, expiresAt],
      ],
    };
    expect(await ledger(c.number)).toEqual(expired);

    expect(await expireGiftCards(db, later(expiresAt, 2 * hour))).toEqual({
      cards: 0,
      writtenOffMinor: 0,
    });
    expect(await ledger(c.number)).toEqual(expired);
    for (const untouched of [noExpiry, notYet]) {
      expect((await ledger(untouched.number)).balanceMinor).toBe(100_000);
    }
  });

  it('writes off money refunded to an expired card again, dated at the refund', async () => {
    const expiresAt = '2026-07-01T00:00:00.000Z';
    const c = await card(100_000, expiresAt);
    const purchase = randomUUID();
    await charge(c, 30_000, purchase, issuedAt);
    // Due from the very instant of expiry, as a charge is refused from it.
    expect(await expireGiftCards(db, new Date(expiresAt))).toEqual({
      cards: 1,
      writtenOffMinor: 70_000,
    });

    const refundedAt = new Date('2026-07-10T12:00:00.000Z');
    const refund = await db
      .transaction()
      .execute((trx) =>
        refundGiftCard(trx, { purchaseId: purchase, amountMinor: 10_000, now: refundedAt }),
      );
    expect(refund).toMatchObject({
      ok: true,
      refunds: [{ amountMinor: 10_000, balanceMinor: 10_000 }],
    });
    expect(await charge(c, 1_000, randomUUID(), refundedAt)).toEqual({
      ok: false,
      reason: 'expired',
    });

    expect(await expireGiftCards(db, later(refundedAt.toISOString(), hour))).toEqual({
      cards: 1,
      writtenOffMinor: 10_000,
    });
    expect((await ledger(c.number)).entries.slice(2)).toEqual([
      ['expire', 70_000, 0, expiresAt],
      ['refund', 10_000, 10_000, refundedAt.toISOString()],
      ['expire', 10_000, 0, refundedAt.toISOString()],
    ]);
  });

  it('a sold card that lapsed unspent still goes back when its sale is cancelled', async () => {
    const expiresAt = '2026-08-01T00:00:00.000Z';
    const [c] = await cards(1, 50_000, { expiresAt, activate: false });
    if (!c) throw new Error('no card');
    const sale = randomUUID();
    await db
      .transaction()
      .execute((trx) =>
        activateGiftCard(trx, { number: c.number, purchaseId: sale, now: issuedAt }),
      );
    expect(await expireGiftCards(db, new Date(expiresAt))).toMatchObject({ cards: 1 });
    const cancelledAt = later(expiresAt, 24 * hour);
    const voided = await db
      .transaction()
      .execute((trx) =>
        voidCardsSoldBy(trx, { purchaseId: sale, scope: { kind: 'cancel' }, now: cancelledAt }),
      );
    expect(voided).toHaveLength(1);
    const { status, entries } = await ledger(c.number);
    expect(status).toBe('voided');
    expect(entries.slice(2).map((e) => e.slice(0, 3))).toEqual([
      ['expire', 50_000, 0],
      ['void', 0, 0],
    ]);
  });

  it('two runs at once on separate connections write each card off once', async () => {
    const expiresAt = '2026-09-01T00:00:00.000Z';
    const batch = await cards(30, 10_000, { expiresAt });
    for (const [i, c] of batch.entries()) await charge(c, 100 * (i + 1), randomUUID(), issuedAt);
    const runAt = later(expiresAt, hour);
    const runs = await race(database, [
      () => expireGiftCards(parallelClients(database, 5), runAt, { batchSize: 7 }),
      () => expireGiftCards(parallelClients(database, 5), runAt, { batchSize: 7 }),
    ]);
    const done = runs.map((r) =>
      r.status === 'fulfilled' ? r.value : { cards: 0, writtenOffMinor: Number.NaN },
    );
    const owed = 30 * 10_000 - (100 * 30 * 31) / 2;
    expect(done.reduce((sum, r) => sum + r.cards, 0)).toBe(30);
    expect(done.reduce((sum, r) => sum + r.writtenOffMinor, 0)).toBe(owed);

    const numbers = batch.map((c) => c.number);
    const entries = await db
      .selectFrom('gift_card_entries')
      .select(['card_number', 'amount_minor'])
      .where('kind', '=', 'expire')
      .where('card_number', 'in', numbers)
      .execute();
    expect(new Set(entries.map((e) => e.card_number)).size).toBe(30);
    expect(entries.reduce((sum, e) => sum + e.amount_minor, 0)).toBe(owed);
    const left = await db
      .selectFrom('gift_cards')
      .select((eb) => eb.fn.sum<number>('balance_minor').as('sum'))
      .where('number', 'in', numbers)
      .executeTakeFirstOrThrow();
    expect(Number(left.sum)).toBe(0);
    expect(await expireGiftCards(db, runAt)).toEqual({ cards: 0, writtenOffMinor: 0 });
  });
});
