import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { parallelClients, race } from '../coupons/coupon-test-kit.ts';
import { FailureLimiter } from '../coupons/failure-limiter.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { isWellFormedCardNumber, maskCardNumber, newCardNumber } from './card-number.ts';
import { chargeGiftCard, refundGiftCard } from './charge-gift-card.ts';
import { giftCardBalance, giftCardStatement } from './gift-card-balance.ts';
import { activateGiftCard, issueGiftCards } from './issue-gift-cards.ts';

let database: TestDatabase;
let db: Db;
let clients: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  clients = parallelClients(database, 20);
});
afterAll(() => database.close());

const now = new Date('2026-03-01T10:00:00Z');
const limiter = () => new FailureLimiter({ capacity: 100, refillPerMinute: 1 });

async function card(
  nominalMinor = 100_000,
  extra: { expiresAt?: string; activate?: boolean } = {},
) {
  const { result } = await issueGiftCards(
    db,
    systemActor,
    { batchId: randomUUID(), count: 1, nominalMinor, activate: true, ...extra },
    { now, apiKey: 'test key' },
  );
  return result[0] as { number: string; pin: string };
}

function charge(
  c: { number: string; pin: string },
  amountMinor: number,
  purchaseId = randomUUID(),
  on = db,
) {
  return on
    .transaction()
    .execute((trx) =>
      chargeGiftCard(trx, { ...c, amountMinor, purchaseId, now, apiKeyId: 'till' }, limiter()),
    );
}

const refund = (purchaseId: string, amountMinor: number) =>
  db.transaction().execute((trx) => refundGiftCard(trx, { purchaseId, amountMinor, now }));

describe('card numbers', () => {
  it('carry a Luhn digit that catches a mistyped digit; logs see the last 4 only', () => {
    const number = newCardNumber();
    expect(number).toMatch(/^9[0-9]{15}$/);
    expect(isWellFormedCardNumber(number)).toBe(true);
    const typo = number.slice(0, 5) + String((Number(number[5]) + 1) % 10) + number.slice(6);
    expect(isWellFormedCardNumber(typo)).toBe(false);
    expect(maskCardNumber('9000123412341234')).toBe('************1234');
  });
});

describe('gift cards', () => {
  it('pays part of two purchases, refuses what it lacks, then refunds both to the card', async () => {
    const c = await card(100_000);
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await charge(c, 30_000, a)).toEqual({
      ok: true,
      maskedNumber: maskCardNumber(c.number),
      chargedMinor: 30_000,
      balanceMinor: 70_000,
    });
    expect(await charge(c, 50_000, b)).toMatchObject({ ok: true, balanceMinor: 20_000 });
    expect(await charge(c, 30_000)).toEqual({
      ok: false,
      reason: 'insufficient',
      balanceMinor: 20_000,
    });
    expect(await refund(a, 30_000)).toMatchObject({
      ok: true,
      refunds: [{ amountMinor: 30_000, balanceMinor: 50_000 }],
    });
    expect(await refund(b, 20_000)).toMatchObject({
      ok: true,
      refunds: [{ amountMinor: 20_000, balanceMinor: 70_000 }],
    });
    expect(await refund(b, 40_000)).toEqual({
      ok: false,
      reason: 'exceeds_charged',
      refundableMinor: 30_000,
    });
    expect(await refund(b, 30_000)).toMatchObject({
      ok: true,
      refunds: [{ balanceMinor: 100_000 }],
    });
    const statement = await giftCardStatement(db, c.number, now);
    expect(statement.card).toMatchObject({
      balanceMinor: 100_000,
      maskedNumber: maskCardNumber(c.number),
    });
    expect(statement.entries.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor])).toEqual([
      ['issue', 100_000, 100_000],
      ['charge', 30_000, 70_000],
      ['charge', 50_000, 20_000],
      ['refund', 30_000, 50_000],
      ['refund', 20_000, 70_000],
      ['refund', 30_000, 100_000],
    ]);
  });

  it('refunds a purchase paid by two cards in the order they were charged', async () => {
    const [first, second] = [await card(10_000), await card(10_000)];
    const purchase = randomUUID();
    await charge(first, 10_000, purchase);
    await charge(second, 4_000, purchase);
    const result = await refund(purchase, 12_000);
    expect(result).toEqual({
      ok: true,
      refunds: [
        { maskedNumber: maskCardNumber(first.number), amountMinor: 10_000, balanceMinor: 10_000 },
        { maskedNumber: maskCardNumber(second.number), amountMinor: 2_000, balanceMinor: 8_000 },
      ],
    });
  });

  it('is inactive until the purchase selling it commits', async () => {
    const c = await card(5_000, { activate: false });
    expect(await charge(c, 1_000)).toEqual({ ok: false, reason: 'inactive' });
    const sale = randomUUID();
    const activate = () =>
      db
        .transaction()
        .execute((trx) => activateGiftCard(trx, { number: c.number, purchaseId: sale, now }));
    expect(await activate()).toEqual({ ok: true });
    expect(await activate()).toEqual({ ok: false, reason: 'already_active' });
    expect(await charge(c, 1_000)).toMatchObject({ ok: true, balanceMinor: 4_000 });
  });

  it('refuses an expired card, an unknown number and a wrong PIN', async () => {
    const c = await card(5_000, { expiresAt: '2026-03-01T10:00:00Z' });
    expect(await charge(c, 1_000)).toEqual({ ok: false, reason: 'expired' });
    expect(await charge({ ...c, number: newCardNumber() }, 1_000)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    const pin = c.pin === '000000' ? '000001' : '000000';
    expect(await charge({ ...c, pin }, 1_000)).toEqual({ ok: false, reason: 'wrong_pin' });
  });

  it('limits wrong PINs per card, and answers the balance with the right PIN', async () => {
    const c = await card(7_000);
    const strict = new FailureLimiter({ capacity: 3, refillPerMinute: 1, clock: () => 0 });
    const ask = (pin: string, apiKeyId: string) =>
      giftCardBalance(db, { number: c.number, pin, apiKeyId, now }, strict);
    expect(await ask(c.pin, 'k1')).toMatchObject({
      ok: true,
      card: { balanceMinor: 7_000, status: 'active' },
    });
    const wrong = c.pin === '111111' ? '222222' : '111111';
    for (const key of ['k1', 'k2', 'k3'])
      expect(await ask(wrong, key)).toMatchObject({ reason: 'wrong_pin' });
    // A fourth key with the right PIN is refused too: the card itself is out of attempts.
    expect(await ask(c.pin, 'k4')).toEqual({
      ok: false,
      reason: 'too_many_attempts',
      retryAfterSeconds: 60,
    });
  });

  it('never overdraws: 10 tills charging 300 ₽ at once from 1 000 ₽, exactly 3 succeed', async () => {
    const c = await card(100_000);
    const results = await race(
      database,
      Array.from({ length: 10 }, () => () => charge(c, 30_000, randomUUID(), clients)),
    );
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : { ok: false }));
    expect(values.filter((v) => v.ok)).toHaveLength(3);
    expect((await giftCardStatement(db, c.number, now)).card.balanceMinor).toBe(10_000);
  });
});
