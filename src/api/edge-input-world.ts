import type { TestServer } from './test-server.ts';

/** A request as the edge-input property test sends it: path parameters, query, one body. */
export interface ExampleRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A text/csv body instead of JSON. */
  csv?: string;
}

/** What the seeded world holds, for examples that name existing things. */
export interface World {
  apiKeyId: string;
  customerId: string;
  otherCustomerId: string;
  purchaseId: string;
  giftCard: { number: string; pin: string };
  /** A card issued but not active yet. */
  issuedCardNumber: string;
  /** What the example cart comes to, so the example purchase's payments add up. */
  cartTotalMinor: number;
  webhookId: string;
}

// An hour ago: business time a till may send, whatever day the test runs.
const at = new Date(Date.now() - 3_600_000).toISOString();

async function expectOk(server: TestServer, method: string, path: string, body: unknown) {
  const answer = await server.call(method, path, { body });
  if (answer.status >= 300) {
    throw new Error(`${method} ${path} refused: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * Seeds through the API what the write examples refer to: a store, a category, a product, two
 * customers, a custom field, an active promotion, a purchase, a coupon series, an active gift card,
 * a static segment, a tier programme and an action campaign.
 */
export async function seedWorld(server: TestServer): Promise<World> {
  const ok = (method: string, path: string, body: unknown) => expectOk(server, method, path, body);
  const key = await ok('POST', '/v1/keys', { name: 'Till to revoke', role: 'pos' });
  await ok('PUT', '/v1/stores/msk', {
    name: 'Tverskaya',
    region: 'Moscow',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  });
  await ok('PUT', '/v1/categories', {
    categories: [{ id: 'dairy', name: 'Dairy', parentId: null }],
  });
  await ok('PUT', '/v1/products', {
    products: [{ sku: 'A', name: 'Milk', categoryId: 'dairy', brand: 'Farm', minPriceMinor: 10 }],
  });
  const customer = await ok('POST', '/v1/customers', {
    firstName: 'Анна',
    identifiers: [{ kind: 'card', value: 'EDGE-1' }],
  });
  const other = await ok('POST', '/v1/customers', {
    firstName: 'Борис',
    identifiers: [{ kind: 'card', value: 'EDGE-2' }],
  });
  await ok('PUT', '/v1/customer-fields/pet', {
    type: 'string',
    titleRu: 'Питомец',
    titleEn: 'Pet',
  });
  await ok('POST', '/v1/promotions', promotion('dairy-10'));
  await ok('POST', '/v1/promotions/dairy-10/status', { status: 'active' });
  const purchase = await ok('POST', '/v1/purchases', {
    ...cart(customer.id),
    transactionId: 'edge-seed',
  });
  await ok('POST', '/v1/coupon-series', {
    id: 'spring',
    promotionId: 'dairy-10',
    name: 'Spring',
    kind: 'unique',
  });
  const cards = await ok('POST', '/v1/gift-cards', {
    batchId: 'edge-cards',
    count: 1,
    nominalMinor: 100_000,
    activate: true,
  });
  await ok('POST', '/v1/segments', { id: 'vip', name: 'VIP' });
  await ok('PUT', '/v1/tiers', tierProgram());
  await ok('POST', '/v1/campaigns', campaign('reviews'));
  const issued = await ok('POST', '/v1/gift-cards', {
    batchId: 'edge-issued',
    count: 1,
    nominalMinor: 100_000,
  });
  const priced = await ok('POST', '/v1/carts/calculate', cart(customer.id));
  const webhook = await ok('POST', '/v1/webhooks', {
    url: 'https://crm.example.ru/perk-events',
    eventTypes: ['purchase.committed'],
  });
  return {
    apiKeyId: key.apiKey.id,
    customerId: customer.id,
    otherCustomerId: other.id,
    purchaseId: purchase.purchaseId,
    giftCard: { number: cards.cards[0].number, pin: cards.cards[0].pin },
    issuedCardNumber: issued.cards[0].number,
    cartTotalMinor: priced.totalMinor,
    webhookId: webhook.id,
  };
}

function promotion(id: string) {
  return {
    id,
    name: '−10% on dairy',
    status: 'draft',
    validFrom: '2026-01-01T00:00:00+03:00',
    stacking: { groupId: 'default', priority: 10, exclusive: false },
    limits: { maxUnitsPerCheck: 10, budgetMinor: 1_000_000 },
    conditions: { minSubtotal: { amountMinor: 100 } },
    mechanic: { kind: 'percent-off', scope: { categoryIds: ['dairy'] }, percentBp: 1000 },
  };
}

function cart(customerId: string) {
  return {
    storeId: 'msk',
    at,
    customer: { id: customerId },
    lines: [
      { lineId: '1', sku: 'A', unitPriceMinor: 9_990, quantity: 2 },
      { lineId: '2', sku: 'W', unitPriceMinor: 45_000, quantityMilli: 1_250 },
    ],
  };
}

function tierProgram() {
  return {
    metric: 'spent_minor',
    period: { kind: 'calendar_year' },
    comparison: 'at_least',
    autoTransition: false,
    downgradeAtPeriodEnd: false,
    tiers: [
      { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
      {
        id: 'gold',
        name: { ru: 'Золотой', en: 'Gold' },
        threshold: 3_000_000,
        accrualRateBp: 500,
        welcomeBonusPoints: 100,
      },
    ],
  };
}

function campaign(id: string) {
  return {
    id,
    name: 'Reviews',
    status: 'active',
    period: { from: '2026-01-01', to: '2099-12-31' },
    rule: { kind: 'action', actionType: 'review', capPerPeriod: 2, capPeriod: 'month' },
    reward: { kind: 'points', points: 50 },
    limits: { perCustomer: 10 },
  };
}

/**
 * A valid request for each write route of the API, keyed `METHOD /openapi/{path}`. A route missing
 * here is still fuzzed, from a body derived from its schema; an example makes the mutations reach
 * deeper than its validation.
 */
export function writeExamples(world: World): Record<string, ExampleRequest> {
  const { customerId, otherCustomerId, purchaseId, giftCard, cartTotalMinor } = world;
  const { apiKeyId, issuedCardNumber } = world;
  const id = { id: customerId };
  return {
    'POST /v1/keys': { body: { name: 'Till 9', role: 'pos' } },
    'DELETE /v1/keys/{id}': { params: { id: apiKeyId } },
    'PUT /v1/stores/{id}': {
      params: { id: 'spb' },
      body: { name: 'Nevsky', region: 'SPb', timeZone: 'Europe/Moscow', channel: 'web' },
    },
    'POST /v1/carts/calculate': {
      body: {
        ...cart(customerId),
        couponCodes: ['NOPE'],
        redeemPoints: 0,
        manualDiscount: { percentBp: 500, reason: 'damaged', cashierRole: 'senior' },
      },
    },
    'POST /v1/purchases': {
      body: {
        ...cart(customerId),
        transactionId: 'edge-1',
        expectedTotalMinor: cartTotalMinor,
        payments: [{ kind: 'cash', amountMinor: cartTotalMinor }],
      },
    },
    'POST /v1/purchases/offline': {
      body: { checks: [{ ...cart(customerId), transactionId: 'edge-offline' }] },
    },
    'POST /v1/purchases/{id}/returns': {
      params: { id: purchaseId },
      body: { returnId: 'edge-r1', at, lines: [{ lineId: '1', quantity: 1 }] },
    },
    'POST /v1/purchases/{id}/cancel': { params: { id: purchaseId }, body: { at } },
    'POST /v1/promotions': { body: promotion('edge-promo') },
    'PUT /v1/promotions/{id}': {
      params: { id: 'dairy-10' },
      body: { ...promotion('dairy-10'), status: 'active' },
    },
    'POST /v1/promotions/{id}/status': { params: { id: 'dairy-10' }, body: { status: 'active' } },
    'PUT /v1/ruleset/settings': {
      body: {
        stackingGroups: [{ id: 'default', mode: 'cumulative' }],
        maxLineDiscountBp: 5000,
        maxCheckDiscountBp: 5000,
        manualDiscountLimitsBp: { senior: 1000 },
        roundTotalDownToMinor: 100,
      },
    },
    'PATCH /v1/ruleset/settings': { body: { maxCheckDiscountBp: 6000 } },
    'PUT /v1/categories': {
      body: { categories: [{ id: 'milk', name: 'Milk', parentId: 'dairy' }] },
    },
    'PUT /v1/products': {
      body: {
        products: [
          {
            sku: 'B',
            name: 'Kefir',
            categoryId: 'dairy',
            brand: 'Farm',
            attributes: { fat: 2.5, organic: true },
            tags: ['new'],
            minPriceMinor: 5_000,
          },
        ],
      },
    },
    'POST /v1/history/checks': {
      body: {
        lines: [
          {
            checkId: 'edge-old-1',
            at: '2024-03-01 14:05',
            storeId: 'msk',
            customer: { card: 'EDGE-1' },
            sku: 'A',
            quantityMilli: 1000,
            priceMinor: 10_000,
            discountMinor: 1_000,
            paidMinor: 9_000,
          },
        ],
      },
    },
    'POST /v1/imports/categories': { csv: 'id,name,parent_id\nedge-import,Edge import,\n' },
    'POST /v1/imports/products': {
      csv: 'sku,name,brand,tags\nEDGE-IMPORT-1,Edge product,Acme,a|b\n',
    },
    'POST /v1/imports/customers': {
      query: { dryRun: 'true' },
      body: {
        system: 'oldcrm',
        rows: [
          {
            externalId: 'EDGE-C-1',
            identifiers: [{ kind: 'card', value: 'EDGE-IMPORT-1' }],
            firstName: 'Вера',
            balance: [{ points: 100, validUntil: '2031-12-31' }],
          },
        ],
      },
    },
    'POST /v1/customers': {
      body: {
        firstName: 'Вера',
        lastName: 'Иванова',
        birthDate: '1990-04-01',
        identifiers: [
          { kind: 'phone', value: '+79161234567' },
          { kind: 'external', value: 'shop-42', system: 'shopify' },
        ],
        customFields: { pet: 'cat' },
      },
    },
    'PATCH /v1/customers/{id}': {
      params: id,
      body: { lastName: 'Петрова', city: 'Москва', customFields: { pet: 'dog' } },
    },
    'POST /v1/customers/{id}/merge': { params: id, body: { mergedId: otherCustomerId } },
    'POST /v1/customers/{id}/identifiers': {
      params: id,
      body: { kind: 'email', value: 'anna@example.com' },
    },
    'DELETE /v1/customers/{id}/identifiers/{kind}/{value}': {
      params: { id: customerId, kind: 'card', value: 'EDGE-1' },
    },
    'PUT /v1/customer-fields/{key}': {
      params: { key: 'size' },
      body: { type: 'integer', titleRu: 'Размер', titleEn: 'Size' },
    },
    'POST /v1/customers/{id}/points/adjustments': {
      params: id,
      body: { points: 500, reason: 'apology', operationId: 'edge-adj-1' },
    },
    'PUT /v1/points/settings': {
      body: {
        currency: 'RUB',
        pointValueMinor: 100,
        accrualRateBp: 300,
        accrualRateBpByTier: { gold: 500 },
        accrualRounding: 'down',
        maxRedemptionShareBp: 2_000,
        maxRedemptionShareBpByTier: {},
        minMoneyPaidMinor: 100,
        pendingDays: 0,
        expiry: { unit: 'months', count: 12 },
        timeZone: 'Europe/Moscow',
        returnPolicyWhenSpent: 'negative_balance',
        accrualExclusions: null,
      },
    },
    'PATCH /v1/points/settings': { body: { accrualRateBp: 400, expiry: null } },
    'PUT /v1/tiers': { body: tierProgram() },
    'PATCH /v1/tiers': { body: { comparison: 'more_than' } },
    'POST /v1/tiers/period-end': { body: { at } },
    'POST /v1/customers/{id}/tier': { params: id, body: { tierId: 'gold', note: 'VIP', at } },
    'POST /v1/coupon-series': {
      body: {
        id: 'summer',
        promotionId: 'dairy-10',
        name: 'Summer',
        kind: 'shared',
        prefix: 'SUMMER',
        randomLength: 0,
        totalUses: 1000,
        perCustomerUses: 1,
      },
    },
    'POST /v1/coupon-series/{id}/codes': {
      params: { id: 'spring' },
      body: { batchId: 'edge-b1', count: 3 },
    },
    'POST /v1/coupon-series/{id}/issue': { params: { id: 'spring' }, body: { customerId } },
    'POST /v1/coupons/check': { body: { storeId: 'msk', codes: ['NOPE'], customerId, at } },
    'POST /v1/gift-cards': { body: { batchId: 'edge-c2', count: 2, nominalMinor: 50_000 } },
    'POST /v1/gift-cards/activate': { body: { number: issuedCardNumber } },
    'POST /v1/gift-cards/balance': { body: giftCard },
    'POST /v1/gift-cards/statement': { body: { number: giftCard.number } },
    'POST /v1/segments': {
      body: { id: 'big-spenders', name: 'Big spenders', rule: spendRule() },
    },
    'PUT /v1/segments/{id}': { params: { id: 'vip' }, body: { name: 'VIP guests' } },
    'POST /v1/segments/preview': { body: { rule: spendRule() } },
    'POST /v1/segments/{id}/members.csv': {
      params: { id: 'vip' },
      query: { mode: 'add' },
      csv: 'kind,value\ncard,EDGE-1\nphone,+79161234567\n',
    },
    'POST /v1/campaigns': { body: campaign('edge-campaign') },
    'PUT /v1/campaigns/{id}': { params: { id: 'reviews' }, body: campaign('reviews') },
    'POST /v1/customers/{id}/actions': {
      params: id,
      body: { type: 'review', actionId: 'edge-a1', at },
    },
    'POST /v1/carts/abandoned': { body: { cartId: 'edge-cart', customerId, totalMinor: 50_000 } },
    'POST /v1/jobs/{name}/run': {
      params: { name: 'birthday-bonuses' },
      body: { businessTime: at },
    },
    'POST /v1/watch/backtests': {
      body: { draft: promotion('edge-backtest'), from: '2026-01-01T00:00:00Z', to: at },
    },
    'POST /v1/analytics/simulations': {
      body: {
        fromMonth: '2026-01',
        toMonth: '2026-03',
        grossMarginBp: 3_000,
        models: [
          {
            name: 'Edge ladder',
            tierProgram: {
              metric: 'spent_minor',
              period: { kind: 'all_time' },
              comparison: 'at_least',
              autoTransition: true,
              downgradeAtPeriodEnd: false,
              tiers: [{ id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 }],
            },
            redeemersShareBp: 5_000,
          },
        ],
        scenarios: [{ name: 'moderate', newCustomersBp: 500 }],
      },
    },
    'POST /v1/webhooks': {
      body: {
        url: 'https://shop.example.ru/hooks/perk',
        eventTypes: ['points.changed', 'tier.changed'],
        secret: 'whsec_edge_input_secret_1',
        description: 'Web shop',
      },
    },
    'PATCH /v1/webhooks/{id}': {
      params: { id: world.webhookId },
      body: { eventTypes: ['purchase.committed', 'purchase.returned'], active: true },
    },
    'POST /v1/webhook-deliveries/replay': { body: { subscriptionId: world.webhookId } },
  };
}

function spendRule() {
  return {
    kind: 'and',
    rules: [
      { kind: 'spend', days: 30, min: 100_000 },
      { kind: 'not', rule: { kind: 'city', in: ['Казань'] } },
    ],
  };
}
