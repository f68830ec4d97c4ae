import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../../webhooks/test-receiver.ts';
import { deliverDue } from '../../webhooks/webhook-deliverer.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let receiver: TestReceiver;
beforeAll(async () => {
  server = await startTestServer();
  receiver = await startTestReceiver();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

const pass = (maxAttempts = 2) =>
  deliverDue(server.db, {
    maxAttempts,
    backoff: { baseMs: 1, capMs: 1 },
    random: () => 0,
    timeoutMs: 2_000,
    batchSize: 50,
    clock: () => Date.now() + 60_000,
  });

describe('/v1/webhooks', () => {
  it('shows the secret once, on creation, and never in the list', async () => {
    const created = await server.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, eventTypes: ['purchase.committed'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: receiver.url,
      eventTypes: ['purchase.committed'],
      active: true,
      description: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{32}$/),
    });
    const listed = await server.call('GET', '/v1/webhooks');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).not.toHaveProperty('secret');
    const patched = await server.call('PATCH', `/v1/webhooks/${created.body.id}`, {
      body: { description: 'CRM', eventTypes: ['purchase.committed', 'purchase.cancelled'] },
    });
    expect(patched.body).toMatchObject({
      description: 'CRM',
      eventTypes: ['purchase.committed', 'purchase.cancelled'],
    });
  });

  it('refuses a bad subscription with every field at fault, and writes nothing', async () => {
    const before = (await server.call('GET', '/v1/webhooks')).body.items.length;
    const refused = await server.call('POST', '/v1/webhooks', {
      body: {
        url: 'ftp://user:pw@example.ru/x',
        eventTypes: ['purchase.committed', 'purchase.committed'],
      },
    });
    expect(refused.status).toBe(400);
    expect(
      refused.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/url', 'invalid_webhook_url'],
      ['/eventTypes', 'duplicate_event_type'],
    ]);
    const unknownType = await server.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, eventTypes: ['purchase.stolen'] },
    });
    expect(unknownType.status).toBe(400);
    expect((await server.call('GET', '/v1/webhooks')).body.items).toHaveLength(before);
    const missing = await server.call(
      'PATCH',
      '/v1/webhooks/0b8f2f36-4c8e-4a55-9d4f-6f1f1c0e2a11',
      {
        body: { active: false },
      },
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'webhook_not_found']);
  });

  it('lists deliveries by status and replays the parked ones', async () => {
    receiver.answer = () => 500;
    const commit = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        transactionId: 'hooks-1',
        lines: [{ lineId: '1', sku: 'X', unitPriceMinor: 5_000, quantity: 2 }],
      },
    });
    expect(commit.status).toBe(201);
    await pass();
    await pass();
    const dead = await server.call('GET', '/v1/webhook-deliveries?status=dead');
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0]).toMatchObject({
      eventType: 'purchase.committed',
      status: 'dead',
      attempts: 2,
      lastStatus: 500,
      lastError: 'HTTP 500',
      deliveredAt: null,
    });
    receiver.answer = () => 204;
    const replayed = await server.call('POST', '/v1/webhook-deliveries/replay', { body: {} });
    expect([replayed.status, replayed.body]).toEqual([202, { replayed: 1 }]);
    const pending = await server.call(
      'POST',
      `/v1/webhook-deliveries/${dead.body.items[0].id}/replay`,
    );
    expect([pending.status, pending.body.code]).toEqual([409, 'webhook_delivery_pending']);
    await pass();
    const delivered = await server.call('GET', '/v1/webhook-deliveries?status=delivered');
    expect(delivered.body.items).toHaveLength(1);
    const body = JSON.parse(receiver.received.at(-1)?.body ?? '{}');
    expect(body).toMatchObject({
      type: 'purchase.committed',
      customerId: null,
      data: { transactionId: 'hooks-1', totalMinor: 10_000 },
    });
    const missing = await server.call('POST', '/v1/webhook-deliveries/999999/replay');
    expect([missing.status, missing.body.code]).toEqual([404, 'webhook_delivery_not_found']);
  });
});
