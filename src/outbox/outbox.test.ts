import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { recordEvents } from './record-events.ts';

let server: TestServer;
let anna: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PATCH', '/v1/points/settings', {
    body: { pendingDays: 0, accrualRateBp: 500, maxRedemptionShareBp: 5000 },
  });
  anna = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'OUTBOX-1' }] },
    })
  ).body.id;
  await server.call('POST', `/v1/customers/${anna}/points/adjustments`, {
    body: { points: 1_000, reason: 'start', operationId: 'outbox-start' },
  });
});
afterAll(() => server.close());

const events = async () =>
  (
    await server.db
      .selectFrom('domain_events')
      .select(['id', 'type', 'customer_id', 'occurred_at', 'payload'])
      .orderBy('seq')
      .execute()
  ).map((row) => ({ ...row, occurred_at: row.occurred_at.toISOString() }));

const commit = (transactionId: string, extra: object = {}) =>
  server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId,
      at: '2026-12-01T12:00:00+03:00',
      customer: { id: anna },
      lines: [{ lineId: '1', sku: 'X', unitPriceMinor: 10_000, quantity: 3 }],
      ...extra,
    },
  });

describe('the outbox', () => {
  it('records a commit, its points and nothing for a retry', async () => {
    const first = await commit('outbox-t1', { redeemPoints: 100 });
    expect(first.status).toBe(201);
    const again = await commit('outbox-t1', { redeemPoints: 100 });
    expect(again.status).toBe(200);
    const rows = await events();
    expect(rows.map((row) => row.type)).toEqual(['purchase.committed', 'points.changed']);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
    const [purchase, points] = rows;
    expect(purchase).toMatchObject({
      customer_id: anna,
      occurred_at: '2026-12-01T09:00:00.000Z',
      payload: {
        purchaseId: first.body.purchaseId,
        transactionId: 'outbox-t1',
        storeId: 'msk',
        offline: false,
        subtotalMinor: 30_000,
        discountMinor: 0,
        totalMinor: 30_000,
        paidMinor: 20_000,
        redeemedPoints: 100,
        // 5% of the 200.00 paid in money.
        accruedPoints: 10,
        lines: [
          {
            lineId: '1',
            sku: 'X',
            weighted: false,
            quantity: 3,
            totalMinor: 30_000,
            discountMinor: 0,
            paidMinor: 20_000,
          },
        ],
      },
    });
    expect(points?.payload).toEqual({
      cause: { kind: 'purchase', purchaseId: first.body.purchaseId },
      credited: 10,
      debited: 100,
      balance: { active: 910, pending: 0, debt: 0 },
    });
  });

  it('records a return and a cancel with the points they move', async () => {
    // 910 after the first test, +15 accrued on 300.00.
    const receipt = (await commit('outbox-t2')).body;
    await server.db.deleteFrom('domain_events').execute();
    const returned = await server.call('POST', `/v1/purchases/${receipt.purchaseId}/returns`, {
      key: server.keys.pos,
      body: {
        returnId: 'outbox-r1',
        at: '2026-12-02T10:00:00+03:00',
        lines: [{ lineId: '1', quantity: 1 }],
      },
    });
    expect(returned.status).toBe(201);
    const cancelled = await server.call('POST', `/v1/purchases/${receipt.purchaseId}/cancel`, {
      key: server.keys.pos,
      body: { at: '2026-12-02T11:00:00+03:00' },
    });
    expect(cancelled.status).toBe(201);
    const rows = await events();
    expect(rows.map((row) => [row.type, row.occurred_at, row.payload])).toEqual([
      [
        'purchase.returned',
        '2026-12-02T07:00:00.000Z',
        {
          purchaseId: receipt.purchaseId,
          returnId: 'outbox-r1',
          refundMinor: 10_000,
          takeBackPoints: 5,
          giveBackPoints: 0,
          lines: [{ lineId: '1', quantity: 1, refundMinor: 10_000 }],
        },
      ],
      [
        'points.changed',
        '2026-12-02T07:00:00.000Z',
        {
          cause: { kind: 'return', purchaseId: receipt.purchaseId },
          credited: 0,
          debited: 5,
          balance: { active: 920, pending: 0, debt: 0 },
        },
      ],
      [
        'purchase.cancelled',
        '2026-12-02T08:00:00.000Z',
        expect.objectContaining({ refundMinor: 20_000, takeBackPoints: 10 }),
      ],
      [
        'points.changed',
        '2026-12-02T08:00:00.000Z',
        expect.objectContaining({ credited: 0, debited: 10 }),
      ],
    ]);
  });

  it('leaves no event of a refused commit or a rolled-back transaction', async () => {
    await server.db.deleteFrom('domain_events').execute();
    const refused = await commit('outbox-t3', { redeemPoints: 1_000_000 });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await expect(
      server.db.transaction().execute(async (trx) => {
        await recordEvents(
          trx,
          [
            {
              type: 'coupon.issued',
              occurredAt: new Date(),
              customerId: anna,
              payload: { seriesId: 's', code: 'C-1' },
            },
          ],
          new Date(),
        );
        throw new Error('the change fails after its event was written');
      }),
    ).rejects.toThrow('the change fails');
    expect(await events()).toEqual([]);
  });

  it('records an anonymous check without a customer and without points', async () => {
    await server.db.deleteFrom('domain_events').execute();
    const anonymous = await commit('outbox-t4', { customer: undefined });
    expect(anonymous.status).toBe(201);
    const rows = await events();
    expect(rows.map((row) => [row.type, row.customer_id])).toEqual([['purchase.committed', null]]);
  });
});
