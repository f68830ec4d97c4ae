import { randomBytes } from 'node:crypto';
import { AckPolicy, connect, type NatsConnection } from 'nats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../outbox/event-types.ts';
import { recordEvents } from '../outbox/record-events.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { deleteOldDeliveries } from '../webhooks/delete-old-deliveries.ts';
import { deliverDue } from '../webhooks/webhook-deliverer.ts';
import type { EventStream } from './event-stream.ts';
import { connectNatsStream } from './nats-stream.ts';
import { type PublisherOptions, publishDue } from './publish-events.ts';

// The NATS server with JetStream this machine runs (CI runs on it too); a suite that cannot
// reach it fails rather than skip.
const natsUrl = process.env.PERK_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomBytes(4).toString('hex');
const streamName = `PERK_TEST_${run}`;
const prefix = `perktest.${run}`;

let database: TestDatabase;
let db: Db;
let nats: NatsConnection;
let stream: EventStream;
let clock = Date.parse('2026-12-06T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  nats = await connect({ servers: natsUrl });
  stream = await connectNatsStream({
    url: natsUrl,
    stream: streamName,
    subjectPrefix: prefix,
    timeoutMs: 2_000,
  });
});
afterAll(async () => {
  await stream.close();
  await (await nats.jetstreamManager()).streams.delete(streamName);
  await nats.close();
  await database.close();
});
afterEach(async () => {
  await db.deleteFrom('stream_publications').execute();
  await db.deleteFrom('domain_events').execute();
  await (await nats.jetstreamManager()).streams.purge(streamName);
});

const options: PublisherOptions = {
  batchSize: 50,
  leaseMs: 7_000,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  random: () => 0,
  subjectPrefix: prefix,
  clock: () => clock,
};

const fanOut = (toStream = true) =>
  deliverDue(db, {
    maxAttempts: 5,
    backoff: options.backoff,
    random: () => 0,
    timeoutMs: 1_000,
    batchSize: 50,
    clock: () => clock,
    toStream,
  });

const coupon = (code: string): NewEvent => ({
  type: 'coupon.issued',
  occurredAt: new Date(clock),
  customerId: 'c-1',
  payload: { seriesId: 'spring', code },
});

/** Every message the stream holds, oldest first, with its subject, id header and body. */
async function streamMessages() {
  const manager = await nats.jetstreamManager();
  const consumer = await manager.consumers.add(streamName, { ack_policy: AckPolicy.None });
  const held = (await manager.streams.info(streamName)).state.messages;
  const messages: { subject: string; id: string | undefined; body: Record<string, unknown> }[] = [];
  if (held > 0) {
    const fetched = await nats
      .jetstream()
      .consumers.get(streamName, consumer.name)
      .then((c) => c.fetch({ max_messages: held, expires: 2_000 }));
    for await (const message of fetched) {
      messages.push({
        subject: message.subject,
        id: message.headers?.get('Nats-Msg-Id'),
        body: message.json(),
      });
      if (messages.length === held) break;
    }
  }
  await manager.consumers.delete(streamName, consumer.name);
  return messages;
}

describe('publishing outbox events to NATS JetStream', () => {
  it('publishes each event once, in outbox order, under its type, with its id as message id', async () => {
    await recordEvents(db, [coupon('A-1'), coupon('A-2')], new Date(clock));
    await recordEvents(
      db,
      [
        {
          type: 'tier.changed',
          occurredAt: new Date(clock),
          customerId: 'c-2',
          payload: {
            purchaseId: null,
            previousTierId: null,
            tierId: 'gold',
            reason: 'manual',
            welcomeBonusPoints: 0,
          },
        },
      ],
      new Date(clock),
    );
    expect((await fanOut()).fannedOut).toBe(3);
    const events = await db
      .selectFrom('domain_events')
      .select(['id', 'type'])
      .orderBy('seq')
      .execute();

    expect(await publishDue(db, stream, options)).toEqual({ claimed: 3, published: 3, failed: 0 });
    expect(await db.selectFrom('stream_publications').selectAll().execute()).toEqual([]);
    const messages = await streamMessages();
    expect(messages.map((m) => [m.subject, m.id])).toEqual([
      [`${prefix}.coupon.issued`, events[0]?.id],
      [`${prefix}.coupon.issued`, events[1]?.id],
      [`${prefix}.tier.changed`, events[2]?.id],
    ]);
    expect(messages[0]?.body).toEqual({
      id: events[0]?.id,
      type: 'coupon.issued',
      occurredAt: '2026-12-06T10:00:00.000Z',
      customerId: 'c-1',
      createdAt: '2026-12-06T10:00:00.000Z',
      data: { seriesId: 'spring', code: 'A-1' },
    });
    expect(await publishDue(db, stream, options)).toEqual({ claimed: 0, published: 0, failed: 0 });
  });

  it('keeps every event while NATS is unreachable, backs off, and publishes them once it is back', async () => {
    await recordEvents(db, [coupon('B-1'), coupon('B-2')], new Date(clock));
    await fanOut();
    const down: EventStream = {
      publish: () => Promise.reject(new Error('connection refused')),
      close: async () => {},
    };
    expect(await publishDue(db, down, options)).toEqual({ claimed: 2, published: 0, failed: 2 });
    const waiting = await db.selectFrom('stream_publications').selectAll().execute();
    expect(waiting.map((row) => [row.attempts, row.last_error, row.next_attempt_at])).toEqual([
      [1, 'Error: connection refused', new Date(clock + 500)],
      [1, 'Error: connection refused', new Date(clock + 500)],
    ]);
    // Not due before its pause ends.
    clock += 499;
    expect((await publishDue(db, stream, options)).claimed).toBe(0);
    clock += 1;
    expect(await publishDue(db, stream, options)).toEqual({ claimed: 2, published: 2, failed: 0 });
    expect((await streamMessages()).map((m) => m.body.data)).toEqual([
      { seriesId: 'spring', code: 'B-1' },
      { seriesId: 'spring', code: 'B-2' },
    ]);
  });

  it('stores an event once when a publisher died after publishing and before recording it', async () => {
    await recordEvents(db, [coupon('C-1')], new Date(clock));
    await fanOut();
    const row = await db.selectFrom('stream_publications').selectAll().executeTakeFirstOrThrow();
    await publishDue(db, stream, options);
    // The row the dead publisher could not delete: due again, published again.
    await db
      .insertInto('stream_publications')
      .values({ ...row, attempts: 1 })
      .execute();
    expect(await publishDue(db, stream, options)).toEqual({ claimed: 1, published: 1, failed: 0 });
    expect((await streamMessages()).map((m) => m.body.data)).toEqual([
      { seriesId: 'spring', code: 'C-1' },
    ]);
  });

  it('queues nothing for the stream when none is configured', async () => {
    await recordEvents(db, [coupon('D-1')], new Date(clock));
    expect((await fanOut(false)).fannedOut).toBe(1);
    expect(await db.selectFrom('stream_publications').selectAll().execute()).toEqual([]);
  });

  it('keeps an old event while it waits for the stream, and deletes it once published', async () => {
    await recordEvents(db, [coupon('E-1')], new Date(clock));
    await fanOut();
    const later = new Date(clock + 31 * 86_400_000);
    const before = await db.selectFrom('domain_events').select('id').execute();
    await deleteOldDeliveries(db, later, 30);
    expect(await db.selectFrom('domain_events').select('id').execute()).toEqual(before);
    await publishDue(db, stream, options);
    await deleteOldDeliveries(db, later, 30);
    expect(await db.selectFrom('domain_events').select('id').execute()).toEqual([]);
  });
});
