import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerkClient, ok, PerkProblem } from '../sdk/src/index.ts';
import { startTestServer, type TestServer } from '../src/api/test-server.ts';

// The flows of sdk/README.md, step for step, through the SDK against a real Perk server over
// HTTP: a change of the API that breaks them fails here (and the SDK's compile, for types).
let server: TestServer;

/** The problem a refused call throws; fails when the call is not refused. */
async function refusal(call: Promise<unknown>): Promise<PerkProblem> {
  const outcome = await call.then(
    (data) => ({ data }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome) || !(outcome.error instanceof PerkProblem)) {
    throw new Error(`not refused: ${JSON.stringify(outcome)}`);
  }
  return outcome.error;
}

beforeAll(async () => {
  server = await startTestServer();
  const setUp = async (method: string, path: string, body: unknown) => {
    const answer = await server.call(method, path, { body });
    if (answer.status >= 300) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  };
  await setUp('PUT', '/v1/stores/spb-nevsky', {
    name: 'Невский, 28',
    region: 'Санкт-Петербург',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  });
  await setUp('POST', '/v1/categories', { id: 'honey', name: 'Мёд' });
  await setUp('POST', '/v1/products', { sku: 'HONEY-500', name: 'Мёд', categoryId: 'honey' });
  await setUp('POST', '/v1/promotions', {
    id: 'honey-20',
    name: '−20% на мёд',
    status: 'active',
    stacking: { groupId: 'default', priority: 10, exclusive: false },
    mechanic: { kind: 'percent-off', scope: { categoryIds: ['honey'] }, percentBp: 2000 },
  });
  await setUp('POST', '/v1/customers', {
    firstName: 'Ольга',
    identifiers: [{ kind: 'phone', value: '+79991234567' }],
  });
});
afterAll(async () => {
  await server?.close();
});

describe('the SDK (sdk/README.md)', () => {
  it('runs the till: find by phone, calculate, commit, retry, return, and a refused retry', async () => {
    const perk = createPerkClient({ baseUrl: `${server.baseUrl}/`, apiKey: server.keys.pos });
    const customer = await ok(
      perk.GET('/v1/customers/lookup', { params: { query: { phone: '8 (999) 123-45-67' } } }),
    );
    await server.call('POST', `/v1/customers/${customer.id}/points/adjustments`, {
      body: { points: 200, reason: 'welcome', operationId: 'sdk-welcome' },
    });
    const cart = {
      storeId: 'spb-nevsky',
      customer: { id: customer.id },
      lines: [{ lineId: '1', sku: 'HONEY-500', unitPriceMinor: 45000, quantity: 2 }],
      redeemPoints: 100,
    };
    const calculation = await ok(perk.POST('/v1/carts/calculate', { body: cart }));
    expect([calculation.totalMinor, calculation.discountMinor]).toEqual([72000, 18000]);
    expect(calculation.points?.maxRedeemablePoints).toBe(144);

    const receipt = await ok(
      perk.POST('/v1/purchases', { body: { ...cart, transactionId: 'A-1001' } }),
    );
    // 720 ₽ after −20%, 100 points pay 100 ₽, the 620 ₽ paid earn 3%: 18 points.
    expect([receipt.totalMinor, receipt.redeemedPoints, receipt.paidMinor]).toEqual([
      72000, 100, 62000,
    ]);
    expect([receipt.accruedPoints, receipt.balance?.active, receipt.balance?.pending]).toEqual([
      18, 100, 18,
    ]);
    const retried = await ok(
      perk.POST('/v1/purchases', { body: { ...cart, transactionId: 'A-1001' } }),
    );
    expect(retried.purchaseId).toBe(receipt.purchaseId);

    const returned = await ok(
      perk.POST('/v1/purchases/{id}/returns', {
        params: { path: { id: 'A-1001' } },
        body: { returnId: 'A-1001-R1', lines: [{ lineId: '1', quantity: 1 }] },
      }),
    );
    // Half the money paid comes back.
    expect(returned.refundMinor).toBe(31000);

    const problem = await refusal(
      ok(
        perk.POST('/v1/purchases', { body: { ...cart, transactionId: 'A-1001', redeemPoints: 0 } }),
      ),
    );
    expect([problem.status, problem.code]).toEqual([409, 'transaction_conflict']);
    expect(problem.requestId).toMatch(/\S/);
  });

  it('runs the web shop: a member signs up and reads the points; a bad field is named', async () => {
    const shop = createPerkClient({ baseUrl: server.baseUrl, apiKey: server.keys.web });
    const member = await ok(
      shop.POST('/v1/customers', {
        body: {
          firstName: 'Анна',
          identifiers: [
            { kind: 'email', value: 'anna@example.com' },
            { kind: 'phone', value: '+7 912 345-67-89' },
          ],
        },
      }),
    );
    const points = await ok(
      shop.GET('/v1/customers/{id}/points', {
        params: { path: { id: member.id }, query: { soonDays: 30 } },
      }),
    );
    expect([points.active, points.pending, points.debt, points.expiringSoon]).toEqual([
      0,
      0,
      0,
      [],
    ]);

    const refused = await refusal(
      ok(
        shop.POST('/v1/customers', {
          body: { identifiers: [{ kind: 'email', value: 'not an e-mail' }] },
        }),
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.problem.errors?.map((e) => e.field)).toEqual(['/identifiers/0/value']);
  });

  it('says a wrong key is refused, as a problem with its status', async () => {
    const stranger = createPerkClient({ baseUrl: server.baseUrl, apiKey: 'perk_wrong' });
    const refused = await refusal(
      ok(stranger.GET('/v1/stores/{id}', { params: { path: { id: 'spb-nevsky' } } })),
    );
    expect([refused.status, refused.code]).toEqual([401, 'invalid_api_key']);
  });
});
