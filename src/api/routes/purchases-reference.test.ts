import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A till knows its own check number, not Perk's purchase id: returns, cancels and reads take
// either. The transaction id is looked up among the calling key's purchases only.
let server: TestServer;
let otherTill: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  otherTill = (await server.call('POST', '/v1/keys', { body: { name: 'till 2', role: 'pos' } }))
    .body.key;
});
afterAll(() => server.close());

const commit = (transactionId: string, key = server.keys.pos) =>
  server.call('POST', '/v1/purchases', {
    key,
    body: {
      storeId: 'msk',
      transactionId,
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: 10_000, quantity: 3 }],
    },
  });

describe('a purchase named by the till', () => {
  it("returns part of a purchase by the till's transactionId, and replays it by Perk's id", async () => {
    const purchase = (await commit('T-1001')).body;
    const body = { returnId: 'R-1', lines: [{ lineId: '1', quantity: 1 }] };
    const first = await server.call('POST', '/v1/purchases/T-1001/returns', {
      key: server.keys.pos,
      body,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ purchaseId: purchase.purchaseId, refundMinor: 10_000 });
    const replay = await server.call('POST', `/v1/purchases/${purchase.purchaseId}/returns`, {
      key: server.keys.pos,
      body,
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
  });

  it('reads the purchase and its trace by transactionId', async () => {
    const read = await server.call('GET', '/v1/purchases/T-1001', { key: server.keys.pos });
    expect(read.body).toMatchObject({ transactionId: 'T-1001', totalMinor: 30_000 });
    const trace = await server.call('GET', '/v1/purchases/T-1001/trace', { key: server.keys.pos });
    expect(trace.body.totalMinor).toBe(30_000);
  });

  it('cancels by transactionId: the two units left come back', async () => {
    const cancel = await server.call('POST', '/v1/purchases/T-1001/cancel', {
      key: server.keys.pos,
    });
    expect(cancel.status).toBe(201);
    expect(cancel.body).toMatchObject({ kind: 'cancel', refundMinor: 20_000 });
  });

  it("another key's transactionId is not found; that key finds its own", async () => {
    await commit('T-2002', otherTill);
    const stranger = await server.call('POST', '/v1/purchases/T-2002/cancel', {
      key: server.keys.pos,
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body).toMatchObject({ code: 'purchase_not_found', field: '/id' });
    const own = await server.call('POST', '/v1/purchases/T-2002/cancel', { key: otherTill });
    expect(own.status).toBe(201);
  });

  it('two keys may use the same transactionId: each names its own purchase', async () => {
    const mine = (await commit('T-3003')).body;
    const theirs = (await commit('T-3003', otherTill)).body;
    expect(mine.purchaseId).not.toBe(theirs.purchaseId);
    const read = await server.call('GET', '/v1/purchases/T-3003', { key: otherTill });
    expect(read.body.purchaseId).toBe(theirs.purchaseId);
  });

  it('a transactionId shaped as a UUID works when it is not a Perk id', async () => {
    const transactionId = '0b8f9a4e-52c7-4d1e-9a51-3f7e2c0d9b11';
    const purchase = (await commit(transactionId)).body;
    const read = await server.call('GET', `/v1/purchases/${transactionId}`, {
      key: server.keys.pos,
    });
    expect(read.body.purchaseId).toBe(purchase.purchaseId);
  });
});
