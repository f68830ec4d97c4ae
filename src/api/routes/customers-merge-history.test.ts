import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// A merge carries the merged profile's history into every module that judges customers by it.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('POST', '/v1/segments', {
    body: {
      id: 'buyers',
      name: 'Bought in 30 days',
      rule: { kind: 'purchaseCount', days: 30, min: 2 },
    },
  });
  await server.call('POST', '/v1/segments', {
    body: { id: 'kazan', name: 'From Kazan', rule: { kind: 'city', in: ['Казань'] } },
  });
});
afterAll(() => server.close());

const customer = async (card: string) =>
  (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: card }] },
    })
  ).body.id as string;
const buy = (customerId: string, transactionId: string) =>
  server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId,
      customer: { id: customerId },
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: 10_000, quantity: 1 }],
    },
  });
const memberOf = async (segment: string, customerId: string) =>
  (await server.call('GET', `/v1/segments/${segment}/explain/${customerId}`)).body.member;

describe('history across a merge', () => {
  it('the survivor is judged by the purchases of both profiles', async () => {
    const [anna, annaToo] = [await customer('HIST-A1'), await customer('HIST-A2')];
    await buy(anna, 'h-1');
    await buy(annaToo, 'h-2');
    expect([await memberOf('buyers', anna), await memberOf('buyers', annaToo)]).toEqual([
      false,
      false,
    ]);
    const merged = await server.call('POST', `/v1/customers/${anna}/merge`, {
      body: { mergedId: annaToo },
    });
    expect(merged.status).toBe(200);
    expect(await memberOf('buyers', anna)).toBe(true);
    const members = (
      await server.call('GET', '/v1/segments/buyers/members?limit=10')
    ).body.items.map((m: { customerId: string }) => m.customerId);
    expect(members).toEqual([anna]);
  });

  it('a profile edit moves the customer between profile segments at once', async () => {
    const ivan = await customer('HIST-I1');
    expect(await memberOf('kazan', ivan)).toBe(false);
    await server.call('PATCH', `/v1/customers/${ivan}`, { body: { city: 'Казань' } });
    const members = (
      await server.call('GET', '/v1/segments/kazan/members?limit=10')
    ).body.items.map((m: { customerId: string }) => m.customerId);
    expect(members).toEqual([ivan]);
  });

  it('a changed rule takes effect for every customer at once, and the kind stays', async () => {
    const olga = await customer('HIST-O1');
    await server.call('PATCH', `/v1/customers/${olga}`, { body: { city: 'Пермь' } });
    const changed = await server.call('PUT', '/v1/segments/kazan', {
      body: { name: 'Kazan or Perm', rule: { kind: 'city', in: ['Казань', 'Пермь'] } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Kazan or Perm', memberCount: 2 });
    expect(await memberOf('kazan', olga)).toBe(true);
    const toStatic = await server.call('PUT', '/v1/segments/kazan', { body: { name: 'no rule' } });
    expect(toStatic.body).toMatchObject({ status: 400, code: 'kind_fixed' });
    const audit = await server.call('GET', '/v1/audit?entityType=segment&entityId=kazan');
    expect(audit.body.items[0]).toMatchObject({
      action: 'segment.update',
      before: { name: 'From Kazan' },
    });
  });
});
