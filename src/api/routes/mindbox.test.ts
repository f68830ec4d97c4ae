import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkCall, SdkError, type SdkOptions, sdkCall } from '../../mindbox/php-sdk-client.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
let sdk: SdkOptions;
let customerId: string;

interface Fixture {
  description: string;
  operation: string;
  transactionId?: string;
  request: unknown;
  answer: Record<string, unknown>;
}

/**
 * A recorded request/answer pair; `{customerId}` in it stands for the test customer's id and
 * `{purchaseId}` for the id Perk gave the order.
 */
function fixture(name: string, purchaseId = ''): Fixture {
  const url = new URL(`../../mindbox/fixtures/${name}.json`, import.meta.url);
  const text = readFileSync(url, 'utf8');
  return JSON.parse(
    text.replaceAll('{customerId}', customerId).replaceAll('{purchaseId}', purchaseId),
  ) as Fixture;
}

const call = (operation: string, body: unknown, extra: Partial<SdkCall> = {}) =>
  sdkCall(sdk, { operation, body, ...extra });

beforeAll(async () => {
  server = await startTestServer();
  sdk = { domain: server.baseUrl, endpointId: 'shop.example-Website', secretKey: server.keys.web };
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'web' },
  });
  await server.call('PUT', '/v1/categories', {
    body: { categories: [{ id: 'food', name: 'Food', parentId: null }] },
  });
  await server.call('PUT', '/v1/products', {
    body: { products: ['A', 'B', 'C'].map((sku) => ({ sku, name: sku, categoryId: 'food' })) },
  });
  const promotion = (id: string, name: string, mechanic: object) =>
    server.call('POST', '/v1/promotions', {
      body: {
        id,
        name,
        status: 'active',
        stacking: { groupId: 'default', priority: 0, exclusive: false },
        mechanic,
      },
    });
  await promotion('a-off', 'A −1 ₽', {
    kind: 'amount-off',
    scope: { skus: ['A'] },
    amountMinor: 100,
    per: 'line',
  });
  await promotion('b-10', 'B −10 %', {
    kind: 'percent-off',
    scope: { skus: ['B'] },
    percentBp: 1000,
  });
  const created = await server.call('POST', '/v1/customers', {
    body: {
      identifiers: [
        { kind: 'card', value: 'MB0001' },
        { kind: 'phone', value: '+79123456789' },
      ],
    },
  });
  customerId = created.body.id;
  await server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
    body: { points: 500, reason: 'welcome', operationId: 'mb-welcome' },
  });
});
afterAll(() => server.close());

describe('the recorded pairs', () => {
  it('calculates an authorized order', async () => {
    const pair = fixture('calculate-authorized-order');
    const answer = await call(pair.operation, pair.request);
    expect(answer.body).toEqual(pair.answer);
  });
});

const orderBody = (totalPrice?: string) => ({
  customer: { mobilePhone: '8 912 345-67-89' },
  order: {
    ids: { websiteID: 'ORD-1001' },
    area: { ids: { externalId: 'msk' } },
    ...(totalPrice ? { totalPrice } : {}),
    lines: [
      { lineId: 'a', quantity: 3, basePricePerItem: '100.00', product: { ids: { website: 'A' } } },
      { lineId: 'b', quantity: 1, basePricePerItem: 50, product: { ids: { website: 'B' } } },
    ],
  },
});

const purchasesOf = async (id: string) =>
  (await server.call('GET', `/v1/customers/${id}/purchases`)).body.items as {
    purchaseId: string;
    totalMinor: number;
  }[];

describe('creating an order', () => {
  it('answers PriceHasBeenChanged and writes nothing when the shown total is not the price now', async () => {
    const pair = fixture('price-has-been-changed');
    const answer = await call(pair.operation, pair.request, { transactionId: pair.transactionId });
    expect([answer.httpStatus, answer.body]).toEqual([200, pair.answer]);
    expect(await purchasesOf(customerId)).toEqual([]);
  });

  it('commits once per transactionId: a retry answers the same order', async () => {
    const pair = fixture('create-authorized-order');
    const first = await call(pair.operation, pair.request, { transactionId: pair.transactionId });
    const again = await call(pair.operation, pair.request, { transactionId: pair.transactionId });
    const purchases = await purchasesOf(customerId);
    expect(purchases.map((p) => [p.purchaseId, p.totalMinor])).toEqual([
      [first.body.order.ids.mindboxId, 34_400],
    ]);
    expect(first.body).toEqual(fixture('create-authorized-order', purchases[0]?.purchaseId).answer);
    expect(again.body).toEqual(first.body);
  });

  it('refuses the same transactionId with another order as a protocol conflict', async () => {
    const other = orderBody('344.00');
    other.order.lines[1] = {
      ...other.order.lines[1],
      quantity: 2,
    } as (typeof other.order.lines)[1];
    const refused = await call('Website.CreateAuthorizedOrder', other, {
      transactionId: 'tx-1001',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SdkError);
    expect(refused).toMatchObject({
      kind: 'ConflictException',
      httpStatus: 409,
      body: { status: 'ProtocolError', httpStatusCode: 409 },
    });
    expect((refused as SdkError).body).toMatchObject({
      errorMessage: expect.stringContaining('transaction_conflict'),
    });
  });
});

describe('refusals in Mindbox shapes', () => {
  it('answers every bad amount in one ValidationError (HTTP 200), and nothing is written', async () => {
    const pair = fixture('validation-error');
    const answer = await call(pair.operation, pair.request, { transactionId: pair.transactionId });
    expect([answer.httpStatus, answer.body]).toEqual([200, pair.answer]);
    expect(await purchasesOf(customerId)).toHaveLength(1);
  });

  it("answers Perk's own refusals at the Mindbox location of the field", async () => {
    const body = orderBody();
    body.order.area.ids.externalId = 'nowhere';
    const answer = await call('Website.CalculateAuthorizedOrder', body);
    expect(answer.body).toEqual({
      status: 'ValidationError',
      validationMessages: [
        { message: 'unknown_store: No store with id "nowhere"', location: '/order/area' },
      ],
    });
  });

  it('answers credentials, roles, unknown operations and a malformed call as ProtocolError', async () => {
    const failure = (options: SdkOptions, operation: string, body: unknown = {}) =>
      sdkCall(options, { operation, body }).then(
        () => null,
        (error: SdkError) => [error.kind, error.body],
      );
    const protocol = (status: number) => ({
      status: 'ProtocolError',
      errorMessage: expect.any(String),
      errorId: expect.any(String),
      httpStatusCode: status,
    });
    expect(await failure({ ...sdk, secretKey: 'perk_nope' }, 'Website.CheckCustomer')).toEqual([
      'UnauthorizedException',
      protocol(401),
    ]);
    expect(
      await failure({ ...sdk, secretKey: server.keys.analyst }, 'Website.CheckCustomer'),
    ).toEqual(['ForbiddenException', protocol(403)]);
    expect(await failure(sdk, 'Website.LaunchRocket')).toEqual([
      'NotFoundException',
      protocol(404),
    ]);
    expect(await failure(sdk, 'Website.CheckCustomer', [1, 2])).toEqual([
      'BadRequestException',
      protocol(400),
    ]);
    const noEndpoint = await fetch(
      `${server.baseUrl}/v3/operations/sync?operation=Website.EditCart`,
      {
        method: 'POST',
        headers: {
          authorization: `SecretKey ${sdk.secretKey}`,
          'content-type': 'application/json',
        },
        body: '{}',
      },
    );
    expect([noEndpoint.status, ((await noEndpoint.json()) as { status: string }).status]).toEqual([
      400,
      'ProtocolError',
    ]);
  });

  it('takes the older "Mindbox secretKey" header and answers an asynchronous call as accepted', async () => {
    const legacy = await sdkCall(
      { ...sdk, legacyHeader: true },
      { operation: 'Website.EditCart', body: { customer: { email: 'a@b.ru' } }, async: true },
    );
    expect(legacy.sent.headers.Authorization).toBe(`Mindbox secretKey="${sdk.secretKey}"`);
    expect(legacy.sent.url).toBe(
      `${server.baseUrl}/v3/operations/async?endpointId=shop.example-Website&operation=Website.EditCart`,
    );
    expect([legacy.httpStatus, legacy.body]).toEqual([200, { status: 'Success' }]);
  });
});

describe('customers and points', () => {
  it('checks, registers and reads the balance of a customer', async () => {
    expect(
      (await call('Website.CheckCustomer', { customer: { email: 'new@shop.ru' } })).body,
    ).toEqual({ status: 'Success', customer: { processingStatus: 'NotFound' } });
    const registered = await call('Website.RegisterCustomer', {
      customer: { email: 'new@shop.ru', firstName: 'Анна', ids: { websiteID: 'U-77' } },
    });
    expect(registered.body.customer.processingStatus).toBe('Created');
    const id = registered.body.customer.ids.mindboxId;
    const again = await call('Website.RegisterCustomer', {
      customer: { email: 'new@shop.ru', firstName: 'Анна', ids: { websiteID: 'U-77' } },
    });
    expect(again.body.customer).toEqual({
      processingStatus: 'AlreadyExists',
      ids: { mindboxId: id },
    });
    expect(
      (await call('Website.CheckCustomer', { customer: { ids: { websiteID: 'U-77' } } })).body,
    ).toEqual({
      status: 'Success',
      customer: { processingStatus: 'Found', ids: { mindboxId: id } },
    });
  });

  it('answers the points balance and its history', async () => {
    const pair = fixture('get-customer-points');
    expect((await call(pair.operation, pair.request)).body).toEqual(pair.answer);
    const history = await call('Website.GetCustomerBalanceHistory', {
      customer: { ids: { mindboxId: customerId } },
      page: { itemsPerPage: 10 },
    });
    expect(
      history.body.balanceChanges.map((c: Record<string, unknown>) => [
        c.changeAmount,
        c.isAvailable,
      ]),
    ).toEqual([
      [9, false],
      [-20, true],
      [500, true],
    ]);
  });
});

describe('order statuses', () => {
  const receipt = async (transactionId: string) =>
    (await server.call('GET', `/v1/purchases/${transactionId}`, { key: server.keys.web })).body;

  it('returns the lines a status names, by the order id the shop created it with', async () => {
    const body = orderBody('344.00');
    body.order.ids.websiteID = 'ORD-2002';
    await call('Website.CreateUnauthorizedOrder', body);
    const returned = {
      order: {
        ids: { websiteID: 'ORD-2002' },
        lines: [{ lineId: 'a', quantity: 1, status: { ids: { externalId: 'Returned' } } }],
      },
    };
    const half = structuredClone(returned);
    half.order.lines[0] = {
      ...returned.order.lines[0],
      quantity: 0.5,
    } as (typeof half.order.lines)[0];
    expect((await call('Website.ChangeStatus', half, { transactionId: 'st-0' })).body).toEqual({
      status: 'ValidationError',
      validationMessages: [
        {
          message: 'invalid: must be whole units for this line',
          location: '/order/lines/0/quantity',
        },
      ],
    });
    expect((await call('Website.ChangeStatus', returned, { transactionId: 'st-1' })).body).toEqual({
      status: 'Success',
    });
    // A retry changes nothing more.
    await call('Website.ChangeStatus', returned, { transactionId: 'st-1' });
    const returns = await server.call('GET', '/v1/purchases/ORD-2002', { key: server.keys.web });
    expect(returns.body.customer).toEqual({ status: 'anonymous' });
    const again = await server.call('POST', '/v1/purchases/ORD-2002/returns', {
      key: server.keys.web,
      body: { returnId: 'st-1', lines: [{ lineId: 'a', quantity: 1 }] },
    });
    // The till-side twin of the status change answers the return made then. Refunds follow
    // Perk's receipt (2 × 99.67 + 1 × 99.66), so the first unit back is 99.67 (docs/mindbox.md).
    expect([again.status, again.body.refundMinor]).toEqual([200, 9967]);
  });

  it('cancels an order by its mindboxId; a confirming status changes nothing', async () => {
    const created = await call('Website.CreateAuthorizedOrder', orderBody('344.00'), {
      transactionId: 'tx-3003',
    });
    const mindboxId = created.body.order.ids.mindboxId;
    const paid = await call('Website.ChangeStatus', {
      order: { ids: { mindboxId } },
      orderLinesStatus: 'Paid',
    });
    expect(paid.body).toEqual({ status: 'Success' });
    expect((await receipt(mindboxId)).purchaseId).toBe(mindboxId);
    const cancelled = await call(
      'Website.ChangeStatus',
      { order: { ids: { mindboxId } }, orderLinesStatus: 'Cancelled' },
      { async: true },
    );
    expect(cancelled.body).toEqual({ status: 'Success' });
    const cancel = await server.call('POST', `/v1/purchases/${mindboxId}/cancel`, {
      key: server.keys.web,
    });
    expect([cancel.status, cancel.body.kind, cancel.body.refundMinor]).toEqual([
      200,
      'cancel',
      34_400,
    ]);
    const unknown = await call('Website.ChangeStatus', {
      order: { ids: { websiteID: 'ORD-none' } },
      orderLinesStatus: 'Cancelled',
    });
    expect(unknown.body.validationMessages).toEqual([
      { message: 'order_not_found: No order with these ids', location: '/order/ids' },
    ]);
  });

  it('saves an offline order at its own time, priced by the rules of then', async () => {
    const body = orderBody();
    body.order.ids.websiteID = 'OFF-1';
    const offline = await call('Website.SaveOfflineOrder', {
      ...body,
      order: { ...body.order, executionDateTimeUtc: '2026-11-30 12:00:00' },
    });
    // Priced by the rules in force then: the promotions came later, so 3 × 100.00 + 50.00.
    expect(offline.body.order).toMatchObject({
      processingStatus: 'Created',
      totalPrice: 350,
      bonusPointsChanges: [{ earnedAmount: 10, spentAmount: 0 }],
    });
    const stored = await receipt('OFF-1');
    expect([stored.offline, stored.businessAt]).toEqual([true, '2026-11-30T12:00:00.000Z']);
  });
});
