import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import type { NewEvent } from '../outbox/event-types.ts';
import { recordEvents } from '../outbox/record-events.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { deleteOldDeliveries } from './delete-old-deliveries.ts';
import { replayDelivery, replayParked } from './replay.ts';
import { verifySignature } from './signature.ts';
import { createSubscription, updateSubscription } from './subscriptions.ts';
import { startTestReceiver, type TestReceiver } from './test-receiver.ts';
import { type DelivererOptions, deliverDue } from './webhook-deliverer.ts';

let database: TestDatabase;
let db: Db;
let receiver: TestReceiver;
let clock = Date.parse('2026-12-05T10:00:00Z');
const secret = 'whsec_delivery_test_secret';

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  receiver = await startTestReceiver();
});
afterAll(async () => {
  await receiver.close();
  await database.close();
});
afterEach(async () => {
  await db.deleteFrom('webhook_deliveries').execute();
  await db.deleteFrom('webhook_subscriptions').execute();
  receiver.received.length = 0;
  receiver.answer = () => 204;
});

// Jitter 0: each pause is exactly half the exponential step (500, 1 000, 2 000 ms…).
const options = (overrides: Partial<DelivererOptions> = {}): DelivererOptions => ({
  maxAttempts: 5,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  random: () => 0,
  timeoutMs: 2_000,
  batchSize: 50,
  clock: () => clock,
  ...overrides,
});

const subscribe = async (types: NewEvent['type'][] = ['coupon.issued']) =>
  createSubscription(
    db,
    commandLineActor,
    { url: receiver.url, eventTypes: types, secret },
    new Date(clock),
  );

const coupon = (code: string): NewEvent => ({
  type: 'coupon.issued',
  occurredAt: new Date(clock),
  customerId: 'c-1',
  payload: { seriesId: 'spring', code },
});

const deliveryRows = () => db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();

describe('webhook delivery', () => {
  it('retries a receiver that fails three times with backoff, then delivers once, signed', async () => {
    await subscribe();
    await recordEvents(db, [coupon('SPRING-1')], new Date(clock));
    receiver.answer = ({ index }) => (index < 3 ? 503 : 200);
    const passes = [];
    // Each pause: half the exponential step (jitter 0), so due at +500, +1 000, +2 000 ms.
    for (const step of [0, 499, 1, 999, 1, 1_999, 1, 0, 60_000]) {
      clock += step;
      passes.push((await deliverDue(db, options())).claimed);
    }
    expect(passes).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 0]);
    expect(receiver.received.map((r) => [r.status, r.headers['perk-delivery-attempt']])).toEqual([
      [503, '1'],
      [503, '2'],
      [503, '3'],
      [200, '4'],
    ]);
    const last = receiver.received[3];
    const body = JSON.parse(last?.body ?? '{}');
    expect(body).toMatchObject({
      type: 'coupon.issued',
      customerId: 'c-1',
      data: { seriesId: 'spring', code: 'SPRING-1' },
    });
    expect(new Set(receiver.received.map((r) => r.headers['perk-event-id']))).toEqual(
      new Set([body.id]),
    );
    expect(last?.headers['perk-event-type']).toBe('coupon.issued');
    const signature = String(last?.headers['perk-signature']);
    expect(verifySignature(signature, last?.body ?? '', secret, Math.floor(clock / 1000))).toBe(
      true,
    );
    expect(
      verifySignature(signature, last?.body ?? '', 'whsec_wrong', Math.floor(clock / 1000)),
    ).toBe(false);
    const [row] = await deliveryRows();
    expect(row).toMatchObject({ status: 'delivered', attempts: 4, last_status: 200 });
  });

  it('parks a delivery after the last try, and replays it on demand', async () => {
    const subscription = await subscribe();
    await recordEvents(db, [coupon('SPRING-2'), coupon('SPRING-3')], new Date(clock));
    receiver.answer = () => 500;
    for (let i = 0; i < 3; i++) {
      await deliverDue(db, options({ maxAttempts: 3 }));
      clock += 60_000;
    }
    expect(receiver.received).toHaveLength(6);
    const parked = await deliveryRows();
    expect(parked.map((r) => [r.status, r.attempts, r.last_status, r.last_error])).toEqual([
      ['dead', 3, 500, 'HTTP 500'],
      ['dead', 3, 500, 'HTTP 500'],
    ]);
    expect((await deliverDue(db, options({ maxAttempts: 3 }))).claimed).toBe(0);

    receiver.answer = () => 204;
    await replayDelivery(db, commandLineActor, Number(parked[0]?.id), new Date(clock));
    expect(await deliverDue(db, options())).toMatchObject({ claimed: 1, delivered: 1 });
    expect(
      await replayParked(
        db,
        commandLineActor,
        { subscriptionId: subscription.id },
        new Date(clock),
      ),
    ).toBe(1);
    expect(await deliverDue(db, options())).toMatchObject({ claimed: 1, delivered: 1 });
    expect((await deliveryRows()).map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
    await expect(
      replayDelivery(db, commandLineActor, 999_999, new Date(clock)),
    ).rejects.toMatchObject({ code: 'webhook_delivery_not_found' });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    await subscribe();
    await recordEvents(db, [coupon('SPRING-4')], new Date(clock));
    receiver.answer = () => 'hang';
    const started = Date.now();
    expect(await deliverDue(db, options({ timeoutMs: 300 }))).toMatchObject({ retrying: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = await deliveryRows();
    expect(row).toMatchObject({
      status: 'pending',
      last_status: null,
      last_error: 'no answer within 300 ms',
    });
  });

  it('sends only the types subscribed, to active subscriptions', async () => {
    const subscription = await subscribe(['points.changed']);
    await recordEvents(db, [coupon('SPRING-5')], new Date(clock));
    expect(await deliverDue(db, options())).toMatchObject({ fannedOut: 1, claimed: 0 });
    await updateSubscription(
      db,
      commandLineActor,
      subscription.id,
      { eventTypes: ['coupon.issued'], active: false },
      new Date(clock),
    );
    await recordEvents(db, [coupon('SPRING-6')], new Date(clock));
    expect(await deliverDue(db, options())).toMatchObject({ fannedOut: 1, claimed: 0 });
    expect(receiver.received).toEqual([]);
  });

  it('delivers each event once with two deliverers on one database', async () => {
    await subscribe();
    const codes = Array.from({ length: 40 }, (_, i) => `TWO-${i}`);
    await recordEvents(db, codes.map(coupon), new Date(clock));
    const other = database.driver === 'postgres' ? database.reopen(4) : db;
    const small = options({ batchSize: 5 });
    const drain = async (on: Db) => {
      for (let i = 0; i < 40; i++) await deliverDue(on, small);
    };
    await Promise.all([drain(db), drain(other)]);
    const sent = receiver.received.map((r) => JSON.parse(r.body).data.code as string);
    expect(sent.sort()).toEqual([...codes].sort());
    expect((await deliveryRows()).every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(
      true,
    );
  });

  it('forgets delivered events after the retention period, keeping the parked ones', async () => {
    await subscribe();
    await recordEvents(db, [coupon('KEEP-1'), coupon('GONE-1')], new Date(clock));
    receiver.answer = ({ body }) => (body.includes('KEEP-1') ? 500 : 204);
    await deliverDue(db, options({ maxAttempts: 1 }));
    const day = 86_400_000;
    expect(await deleteOldDeliveries(db, new Date(clock + 29 * day), 30)).toEqual({
      deliveries: 0,
      events: 0,
    });
    const deleted = await deleteOldDeliveries(db, new Date(clock + 31 * day), 30);
    expect(deleted.deliveries).toBe(1);
    const left = await db.selectFrom('domain_events').select('payload').execute();
    expect(left.map((row) => row.payload)).toEqual([{ seriesId: 'spring', code: 'KEEP-1' }]);
    expect((await deliveryRows()).map((row) => row.status)).toEqual(['dead']);
  });
});
