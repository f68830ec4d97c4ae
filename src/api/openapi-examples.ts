import { ruleConditions } from '../segments/rule-conditions.ts';

type Json = Record<string, unknown>;

/** One example as OpenAPI shows it: a title in the reference's picker and the value. */
export interface Example {
  summary: string;
  value: unknown;
}

/** Examples of one operation: of its request body, and of its answers by status. */
export interface OperationExamples {
  request?: Record<string, Example>;
  responses?: Record<string, Record<string, Example>>;
}

// One story runs through the examples, so they can be tried in order on an empty programme
// (openapi-examples.test.ts does so): the «Берёзка» chain, its store on Tverskaya, milk, bread
// and bananas, and Anna, a customer with a card. Amounts are kopecks: 8 990 is 89,90 ₽.
const storeId = 'msk-tverskaya';
const customerId = '0f8e2c1a-6b4d-4e3a-9c71-2d5b8a4f6e10';
const otherCustomerId = '7a1d9e43-2c5f-4b8e-a6d0-91e3f4c2b7a5';
const giftCardNumber = '6048 1200 0000 4821';
const transactionId = 'msk-tverskaya-k3-000187';

const alertRule = {
  name: 'Бюджеты акций на 80 %',
  kind: 'budget_used',
  params: { percent: 80 },
  emails: ['marketing@shop.example.ru'],
  webhook: null,
  language: 'ru',
  throttleMinutes: 240,
  active: true,
};

const dairyPromotion = {
  id: 'dairy-10',
  name: 'Скидка 10% на молочные продукты',
  status: 'active',
  channels: ['pos', 'app'],
  stacking: { groupId: 'default', priority: 10, exclusive: false },
  limits: { maxUnitsPerCheck: 10 },
  mechanic: { kind: 'percent-off', scope: { categoryIds: ['dairy'] }, percentBp: 1000 },
};

const cart = {
  storeId,
  customer: { card: '2000000000017' },
  lines: [
    { lineId: '1', sku: '4607025390015', unitPriceMinor: 8990, quantity: 2 },
    { lineId: '2', sku: '4600605000112', unitPriceMinor: 5490, quantity: 1 },
    { lineId: '3', sku: 'banana-kg', unitPriceMinor: 12990, quantityMilli: 1250 },
  ],
};

const spendRule = {
  kind: 'and',
  rules: [
    { kind: 'spend', days: 30, min: 1_000_000 },
    { kind: 'city', in: ['Москва'] },
  ],
};

const tierProgram = {
  metric: 'spent_minor',
  period: { kind: 'rolling_days', days: 365 },
  comparison: 'at_least',
  autoTransition: true,
  downgradeAtPeriodEnd: true,
  tiers: [
    { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
    {
      id: 'silver',
      name: { ru: 'Серебряный', en: 'Silver' },
      threshold: 1_500_000,
      accrualRateBp: 500,
    },
    {
      id: 'gold',
      name: { ru: 'Золотой', en: 'Gold' },
      threshold: 5_000_000,
      accrualRateBp: 700,
      discountBp: 300,
      welcomeBonusPoints: 500,
    },
  ],
};

const birthdayCampaign = {
  id: 'birthday-2027',
  name: 'С днём рождения: 300 баллов',
  status: 'active',
  period: { from: '2027-01-01', to: '2027-12-31' },
  rule: { kind: 'birthday', validDays: 14 },
  reward: { kind: 'points', points: 300 },
  limits: { perCustomer: 1 },
};

// Answers to the examples above, as the server gave them on an empty programme.
const annaAnswer = {
  id: '0f8e2c1a-6b4d-4e3a-9c71-2d5b8a4f6e10',
  number: 1,
  firstName: 'Анна',
  lastName: 'Смирнова',
  middleName: null,
  gender: 'female',
  birthDate: '1990-03-08',
  city: 'Москва',
  consents: {
    sms: true,
    email: false,
  },
  specialCategories: [],
  customFields: {},
  identifiers: [
    {
      kind: 'card',
      value: '2000000000017',
    },
    {
      kind: 'phone',
      value: '+79161234567',
    },
  ],
  createdAt: '2026-12-05T10:02:41.318Z',
  updatedAt: '2026-12-05T10:02:41.318Z',
};

const calculationAnswer = {
  calculationId: '10ce6817-419c-4626-82d4-b24ab7fb87f1',
  calculatedAt: '2026-12-05T10:14:03.552Z',
  whatIf: false,
  storeId: 'msk-tverskaya',
  customer: {
    status: 'identified',
    id: '0f8e2c1a-6b4d-4e3a-9c71-2d5b8a4f6e10',
  },
  rulesetVersion: '1',
  lines: [
    {
      lineId: '1',
      sku: '4607025390015',
      quantity: 2,
      quantityMilli: null,
      regularUnitPriceMinor: 8990,
      unitPriceMinor: 8091,
      regularTotalMinor: 17980,
      totalMinor: 16182,
      discountMinor: 1798,
      promotions: [
        {
          promotionId: 'dairy-10',
          discountMinor: 1798,
        },
      ],
      bonusPoints: 0,
      bonusByPromotion: [],
      gift: false,
      noPointsPayment: false,
      noAccrual: false,
      roundingMinor: 0,
    },
    {
      lineId: '2',
      sku: '4600605000112',
      quantity: 1,
      quantityMilli: null,
      regularUnitPriceMinor: 5490,
      unitPriceMinor: 5490,
      regularTotalMinor: 5490,
      totalMinor: 5490,
      discountMinor: 0,
      promotions: [],
      bonusPoints: 0,
      bonusByPromotion: [],
      gift: false,
      noPointsPayment: false,
      noAccrual: false,
      roundingMinor: 0,
    },
    {
      lineId: '3',
      sku: 'banana-kg',
      quantity: null,
      quantityMilli: 1250,
      regularUnitPriceMinor: 12990,
      unitPriceMinor: 12990,
      regularTotalMinor: 16238,
      totalMinor: 16238,
      discountMinor: 0,
      promotions: [],
      bonusPoints: 0,
      bonusByPromotion: [],
      gift: false,
      noPointsPayment: false,
      noAccrual: false,
      roundingMinor: 0,
    },
  ],
  subtotalMinor: 39708,
  discountMinor: 1798,
  totalMinor: 37910,
  bonusPoints: 0,
  appliedPromotions: [
    {
      promotionId: 'dairy-10',
      name: 'Скидка 10% на молочные продукты',
      mechanic: 'percent-off',
      discountMinor: 1798,
      points: 0,
      couponCode: null,
    },
  ],
  explanations: [
    {
      promotionId: 'dairy-10',
      name: 'Скидка 10% на молочные продукты',
      mechanic: 'percent-off',
      applied: true,
      discountMinor: 1798,
      points: 0,
      code: 'applied',
      params: {},
      text: {
        ru: 'акция применена',
        en: 'applied',
      },
      notes: [],
      hint: null,
    },
  ],
  coupons: [],
  receiptMessages: [
    {
      ru: '«Скидка 10% на молочные продукты»: скидка 17,98 ₽',
      en: '“Скидка 10% на молочные продукты”: ₽17.98 off',
    },
  ],
  points: {
    balance: {
      active: 500,
      pending: 0,
      debt: 0,
    },
    maxRedeemablePoints: 75,
    maxRedeemableMoneyMinor: 7500,
    accruedPoints: 9,
    redemptionRefusal: null,
  },
  roundingMinor: 0,
};

const receiptAnswer = {
  purchaseId: 'e003819f-25b2-477e-8dfc-8fce5ba38280',
  transactionId: 'msk-tverskaya-k3-000187',
  storeId: 'msk-tverskaya',
  businessAt: '2026-12-05T10:14:36.904Z',
  offline: false,
  customer: {
    status: 'identified',
    id: '0f8e2c1a-6b4d-4e3a-9c71-2d5b8a4f6e10',
  },
  rulesetVersion: '1',
  calculationId: 'a2732bf0-e6ee-4248-91f4-4dbbeba55196',
  lines: [
    {
      lineNo: 1,
      lineId: '1',
      sku: '4607025390015',
      weighted: false,
      quantity: 2,
      unitPriceMinor: 8091,
      totalMinor: 16182,
      discountMinor: 1798,
      redeemedPoints: 21,
      redeemedMoneyMinor: 2134,
      paidMinor: 14048,
      accruedPoints: 4,
      roundingMinor: 0,
    },
    {
      lineNo: 2,
      lineId: '2',
      sku: '4600605000112',
      weighted: false,
      quantity: 1,
      unitPriceMinor: 5490,
      totalMinor: 5490,
      discountMinor: 0,
      redeemedPoints: 7,
      redeemedMoneyMinor: 724,
      paidMinor: 4766,
      accruedPoints: 1,
      roundingMinor: 0,
    },
    {
      lineNo: 3,
      lineId: '3',
      sku: 'banana-kg',
      weighted: true,
      quantity: 1250,
      unitPriceMinor: 12990,
      totalMinor: 16238,
      discountMinor: 0,
      redeemedPoints: 22,
      redeemedMoneyMinor: 2142,
      paidMinor: 14096,
      accruedPoints: 4,
      roundingMinor: 0,
    },
  ],
  subtotalMinor: 39708,
  discountMinor: 1798,
  totalMinor: 37910,
  redeemedPoints: 50,
  redeemedMoneyMinor: 5000,
  paidMinor: 32910,
  accruedPoints: 9,
  accrual: {
    activatesAt: '2026-12-19T21:00:00.000Z',
    expiresAt: null,
  },
  balance: {
    active: 450,
    pending: 9,
    debt: 0,
  },
  appliedPromotions: [
    {
      promotionId: 'dairy-10',
      name: 'Скидка 10% на молочные продукты',
      mechanic: 'percent-off',
      discountMinor: 1798,
      points: 0,
      couponCode: null,
    },
  ],
  receiptMessages: [
    {
      ru: '«Скидка 10% на молочные продукты»: скидка 17,98 ₽',
      en: '“Скидка 10% на молочные продукты”: ₽17.98 off',
    },
  ],
  giftCards: [],
  tier: {
    previousTierId: null,
    tierId: null,
    moved: false,
    metric: null,
    welcomeBonusPoints: 0,
  },
  campaigns: [],
  roundingMinor: 0,
};

const returnAnswer = {
  purchaseId: 'e003819f-25b2-477e-8dfc-8fce5ba38280',
  returnId: 'msk-tverskaya-k3-R-000031',
  kind: 'return',
  businessAt: '2026-12-05T16:40:12.077Z',
  lines: [
    {
      lineNo: 1,
      lineId: '1',
      quantity: 1,
      refundMinor: 7024,
      takeBackPoints: 2,
      giveBackPoints: 10,
    },
  ],
  refundMinor: 7024,
  takeBackPoints: 2,
  debtPoints: 0,
  unrecoverablePoints: 0,
  giveBackPoints: 10,
  giveBackMoneyMinor: 1067,
  balance: {
    active: 460,
    pending: 7,
    debt: 0,
  },
  campaignRewardsRevoked: [],
  tier: {
    previousTierId: null,
    tierId: null,
    moved: false,
    metric: null,
    welcomeBonusPoints: 0,
  },
  giftCardRefunds: [],
  giftCardsVoided: [],
};

const one = (summary: string, value: unknown) => ({ example: { summary, value } });

/**
 * An example of every operation with a request body, keyed `METHOD /path` as the document
 * writes paths, and of the main answers. A new operation with a body needs its example here
 * (the document test names the operation that lacks one).
 */
export const operationExamples: Record<string, OperationExamples> = {
  'POST /v1/keys': { request: one('A key for a till', { name: 'Тверская, касса 3', role: 'pos' }) },
  'PUT /v1/stores/{id}': {
    request: {
      moscow: {
        summary: 'A store in Moscow',
        value: {
          name: 'Берёзка на Тверской',
          region: 'Москва',
          timeZone: 'Europe/Moscow',
          channel: 'pos',
        },
      },
      vladivostok: {
        summary: 'A store seven hours ahead',
        value: {
          name: 'Берёзка на Светланской',
          region: 'Приморский край',
          timeZone: 'Asia/Vladivostok',
          channel: 'pos',
        },
      },
    },
  },
  'PUT /v1/categories': {
    request: one('A tree sent in one batch', {
      categories: [
        { id: 'dairy', name: 'Молочные продукты', parentId: null },
        { id: 'milk', name: 'Молоко', parentId: 'dairy' },
        { id: 'bakery', name: 'Хлеб и выпечка' },
        { id: 'fruit', name: 'Фрукты' },
      ],
    }),
  },
  'POST /v1/categories': {
    request: one('A subcategory', { id: 'kefir', name: 'Кефир', parentId: 'dairy' }),
  },
  'PUT /v1/categories/{id}': {
    request: one('Rename and move', { name: 'Молоко и сливки', parentId: 'dairy' }),
  },
  'PUT /v1/products': {
    request: one('Milk, bread and bananas sold by weight', {
      products: [
        {
          sku: '4607025390015',
          name: 'Молоко Простоквашино 3,2% 930 мл',
          categoryId: 'milk',
          brand: 'Простоквашино',
          attributes: { fatPercent: 3.2, volumeMl: 930 },
          tags: ['bestseller'],
        },
        {
          sku: '4600605000112',
          name: 'Хлеб Бородинский 400 г',
          categoryId: 'bakery',
          brand: 'Коломенский',
        },
        { sku: 'banana-kg', name: 'Бананы, кг', categoryId: 'fruit', minPriceMinor: 9900 },
      ],
    }),
  },
  'POST /v1/products': {
    request: one('One product', {
      sku: '4607025391234',
      name: 'Кефир Простоквашино 2,5% 930 мл',
      categoryId: 'milk',
      brand: 'Простоквашино',
    }),
  },
  'PUT /v1/products/{sku}': {
    request: one('Tobacco: no discount, no points', {
      name: 'Сигареты, пачка',
      categoryId: null,
      noDiscount: true,
      noPointsPayment: true,
      noAccrual: true,
    }),
  },
  'POST /v1/catalogue/scope-count': {
    request: one('Dairy with its subcategories, bestsellers left out', {
      scope: { categoryIds: ['dairy'], exclude: { tags: ['bestseller'] } },
    }),
  },
  'POST /v1/imports/categories': {
    request: one(
      'A tree, children before their parents as spreadsheets often have them',
      'id,name,parent_id\nmilk,Молоко,dairy\ndairy,Молочные продукты,\nbakery,Хлеб и выпечка,\n',
    ),
  },
  'POST /v1/imports/products': {
    request: one(
      'As Excel saves it in a Russian locale (send it as charset=windows-1251 or leave it out)',
      'sku;name;category_id;brand;min_price_minor;tags;attr:volume_ml:number\n' +
        '4607025390015;Молоко Простоквашино 3,2% 930 мл;milk;Простоквашино;;bestseller;930\n' +
        '4600605000112;Хлеб Бородинский 400 г;bakery;Коломенский;;;\n',
    ),
  },
  'POST /v1/customers': {
    responses: { '201': one('Created', annaAnswer) },
    request: one('A customer with a phone and a loyalty card', {
      identifiers: [
        { kind: 'phone', value: '+7 916 123-45-67' },
        { kind: 'card', value: '2000000000017' },
      ],
      firstName: 'Анна',
      lastName: 'Смирнова',
      gender: 'female',
      birthDate: '1990-03-08',
      city: 'Москва',
      consents: { sms: true, email: false },
    }),
  },
  'GET /v1/customers/{id}': { responses: { '200': one('Anna', annaAnswer) } },
  'POST /v1/communications/events': {
    request: one('The mailing system reports that Anna got and opened the spring newsletter', {
      events: [
        {
          id: 'esp-2026-03-01-000412',
          customer: { card: '2000000000017' },
          event: 'delivered',
          channel: 'email',
          campaign: 'spring-2026',
          at: '2026-03-01T09:00:00+03:00',
        },
        {
          id: 'esp-2026-03-01-000413',
          customer: { card: '2000000000017' },
          event: 'opened',
          channel: 'email',
          campaign: 'spring-2026',
          at: '2026-03-01T09:42:00+03:00',
        },
      ],
    }),
    responses: { '200': one('Both recorded', { recorded: 2, alreadyThere: 0 }) },
  },
  'POST /v1/history/checks': {
    request: one('Two past checks of the old system: Anna’s by her card, and an anonymous one', {
      lines: [
        {
          checkId: 'old-2024-000187',
          at: '2024-03-01 14:05',
          storeId,
          customer: { card: '2000000000017' },
          sku: '4607025390015',
          quantityMilli: 2000,
          priceMinor: 8990,
          discountMinor: 1798,
          paidMinor: 16182,
        },
        {
          checkId: 'old-2024-000187',
          at: '2024-03-01 14:05',
          storeId,
          customer: { card: '2000000000017' },
          sku: 'banana-kg',
          quantityMilli: 1250,
          priceMinor: 12990,
          paidMinor: 16238,
        },
        {
          checkId: 'old-2024-000188',
          at: '2024-03-01T14:09:30+03:00',
          storeId,
          channel: 'offline',
          sku: '4600605000112',
          quantityMilli: 1000,
          priceMinor: 5490,
          paidMinor: 5490,
        },
      ],
      outliers: { paidMinor: 5_000_000, quantityMilli: 100_000 },
    }),
  },
  'POST /v1/imports/customers': {
    request: one('Two members of the old programme: Vera with her tier and two lots, and Pyotr', {
      system: 'oldcrm',
      rows: [
        {
          externalId: 'C-1001',
          identifiers: [
            { kind: 'phone', value: '8 (912) 345-67-89' },
            { kind: 'card', value: '2000 0000 1001' },
          ],
          firstName: 'Вера',
          lastName: 'Иванова',
          birthDate: '1990-04-01',
          tierId: 'gold',
          balance: [
            { points: 1200, validUntil: '2030-12-31' },
            { points: 250, validUntil: null, activatesOn: '2030-06-01' },
          ],
        },
        { externalId: 'C-1002', identifiers: [{ kind: 'email', value: 'petr@example.ru' }] },
      ],
    }),
    responses: {
      '200': one('Both imported', {
        dryRun: false,
        rows: 2,
        created: 2,
        alreadyThere: 0,
        openingPoints: 1450,
        conflicts: [],
      }),
    },
  },
  'PATCH /v1/customers/{id}': {
    request: one('Moved to Saint Petersburg; no middle name', {
      city: 'Санкт-Петербург',
      middleName: null,
      consents: { email: true },
    }),
  },
  'POST /v1/customers/{id}/merge': {
    request: one('The same person registered twice', { mergedId: otherCustomerId }),
  },
  'POST /v1/customers/{id}/identifiers': {
    request: one('An e-mail', { kind: 'email', value: 'anna.smirnova@example.ru' }),
  },
  'PUT /v1/customer-fields/{key}': {
    request: one('A text field', {
      type: 'string',
      titleRu: 'Любимый магазин',
      titleEn: 'Favourite store',
    }),
  },
  'POST /v1/customers/{id}/points/adjustments': {
    request: {
      credit: {
        summary: 'Credit: an apology',
        value: {
          points: 500,
          reason: 'Извинение за очередь на кассе',
          operationId: 'support-2026-12-05-0042',
        },
      },
      debit: {
        summary: 'Debit: a correction',
        value: {
          points: -120,
          reason: 'Ошибочное начисление',
          operationId: 'support-2026-12-05-0043',
        },
      },
    },
  },
  'PUT /v1/points/settings': {
    request: one('3 % back, a point is 1 ₽, up to 20 % of a check in points', {
      currency: 'RUB',
      pointValueMinor: 100,
      accrualRateBp: 300,
      accrualRateBpByTier: { gold: 700 },
      accrualRounding: 'down',
      maxRedemptionShareBp: 2000,
      maxRedemptionShareBpByTier: {},
      minMoneyPaidMinor: 100,
      pendingDays: 14,
      expiry: { unit: 'months', count: 12 },
      timeZone: 'Europe/Moscow',
      returnPolicyWhenSpent: 'negative_balance',
      accrualExclusions: { categoryIds: ['tobacco'] },
    }),
  },
  'PATCH /v1/points/settings': {
    request: one('Raise accrual to 5 %, nothing else changes', { accrualRateBp: 500 }),
  },
  'PUT /v1/ruleset/settings': {
    request: one('Two stacking groups, discount caps and whole roubles', {
      stackingGroups: [
        { id: 'default', mode: 'cumulative' },
        { id: 'loyalty', mode: 'best' },
      ],
      maxLineDiscountBp: 5000,
      maxCheckDiscountBp: 3000,
      manualDiscountLimitsBp: { cashier: 500, senior: 1000 },
      roundTotalDownToMinor: 100,
    }),
  },
  'PATCH /v1/ruleset/settings': {
    request: one('Round check totals down to whole roubles, nothing else changes', {
      roundTotalDownToMinor: 100,
    }),
  },
  'POST /v1/promotions': {
    request: {
      percentOff: { summary: '10 % off dairy at the till and in the app', value: dairyPromotion },
      december: {
        summary: 'Double points on bread in December, in each store’s own dates',
        value: {
          id: 'bakery-december',
          name: 'Двойные баллы на хлеб в декабре',
          status: 'draft',
          validFromDate: '2026-12-01',
          validToDate: '2026-12-31',
          schedule: { days: [1, 2, 3, 4, 5], windows: [{ from: '08:00', to: '12:00' }] },
          audience: { anonymousAllowed: false },
          stacking: { groupId: 'default', priority: 5, exclusive: false },
          mechanic: {
            kind: 'extra-points',
            scope: { categoryIds: ['bakery'] },
            award: { kind: 'multiplier', multiplierBp: 20000 },
          },
        },
      },
    },
  },
  'PUT /v1/promotions/{id}': {
    request: one('15 % instead of 10 %', {
      ...dairyPromotion,
      mechanic: { ...dairyPromotion.mechanic, percentBp: 1500 },
    }),
  },
  'POST /v1/promotions/{id}/status': { request: one('Pause', { status: 'paused' }) },
  'POST /v1/carts/calculate': {
    responses: {
      '200': one('Anna’s cart: 10 % off the milk, 75 points at most', calculationAnswer),
    },
    request: {
      card: {
        summary: 'A customer by card, wishing to pay 50 points',
        value: { ...cart, redeemPoints: 50 },
      },
      anonymous: {
        summary: 'No customer; a product the catalogue does not know yet',
        value: {
          storeId,
          lines: [
            {
              lineId: '1',
              sku: '4607025399999',
              unitPriceMinor: 11990,
              quantity: 1,
              product: { categoryId: 'dairy', brand: 'Простоквашино' },
            },
          ],
        },
      },
    },
  },
  'POST /v1/prices': {
    request: one('A catalogue page for Anna, by card', {
      storeId,
      customer: { card: '2000000000017' },
      items: [
        { sku: '4607025390015', regularPriceMinor: 8990 },
        { sku: '4600605000112', regularPriceMinor: 5490 },
        { sku: '4607025399999', regularPriceMinor: 11990 },
      ],
    }),
    responses: {
      '200': one('Milk 10 % off, bread at its price, a SKU the catalogue does not know', {
        storeId,
        pricedAt: '2026-12-05T10:14:03.552Z',
        customer: { status: 'identified', id: customerId },
        rulesetVersion: '1',
        items: [
          {
            sku: '4607025390015',
            status: 'priced',
            regularPriceMinor: 8990,
            priceMinor: 8091,
            discountMinor: 899,
            promotions: [
              {
                promotionId: 'dairy-10',
                name: 'Скидка 10% на молочные продукты',
                discountMinor: 899,
              },
            ],
            badge: { ru: '−10%', en: '−10%' },
          },
          {
            sku: '4600605000112',
            status: 'priced',
            regularPriceMinor: 5490,
            priceMinor: 5490,
            discountMinor: 0,
            promotions: [],
            badge: null,
          },
          {
            sku: '4607025399999',
            status: 'unknown_sku',
            regularPriceMinor: 11990,
            priceMinor: null,
            discountMinor: null,
            promotions: [],
            badge: null,
          },
        ],
      }),
    },
  },
  'POST /v1/purchases': {
    responses: {
      '201': one('Committed: 50 points spent on the lines pro rata, 9 pending', receiptAnswer),
    },
    request: {
      points: {
        summary: 'The calculated cart paid, 50 points spent',
        value: { ...cart, transactionId, redeemPoints: 50 },
      },
      payments: {
        summary: 'With the total the till showed and the payments',
        value: {
          storeId,
          customer: { phone: '+79161234567' },
          transactionId: 'msk-tverskaya-k3-000188',
          lines: [{ lineId: '1', sku: '4600605000112', unitPriceMinor: 5490, quantity: 2 }],
          expectedTotalMinor: 10980,
          payments: [
            { kind: 'bank_card', amountMinor: 4980 },
            {
              kind: 'gift_card',
              amountMinor: 6000,
              giftCard: { number: giftCardNumber, pin: '482913' },
            },
          ],
        },
      },
    },
  },
  'POST /v1/purchases/offline': {
    request: one('A check made during a network outage', {
      checks: [
        {
          ...cart,
          transactionId: 'msk-tverskaya-k3-000150',
          at: '2026-12-04T18:42:10+03:00',
        },
      ],
    }),
  },
  'POST /v1/purchases/{id}/returns': {
    responses: {
      '201': one('A bottle back: its refund, 2 points taken back, 10 given back', returnAnswer),
    },
    request: one('One of the two bottles of milk comes back', {
      returnId: 'msk-tverskaya-k3-R-000031',
      lines: [{ lineId: '1', quantity: 1 }],
    }),
  },
  'POST /v1/purchases/{id}/cancel': {
    request: one('Voided at the till a minute later', { at: '2026-12-05T11:03:00+03:00' }),
  },
  'PUT /v1/tiers': {
    request: one('Base, silver and gold by roubles spent in a year', tierProgram),
  },
  'PATCH /v1/tiers': {
    request: one('Keep customers in their tier at the period end, nothing else changes', {
      downgradeAtPeriodEnd: false,
    }),
  },
  'POST /v1/watch/backtests': {
    request: one('What 10 % off dairy would have done in November', {
      draft: dairyPromotion,
      from: '2026-11-01T00:00:00+03:00',
      to: '2026-12-01T00:00:00+03:00',
      storeIds: ['msk-tverskaya'],
    }),
  },
  'POST /v1/promotions/preview': {
    request: one('Anna’s cart with the dairy promotion raised to 15 %, before saving it', {
      definition: {
        ...dairyPromotion,
        mechanic: { ...dairyPromotion.mechanic, percentBp: 1500 },
      },
      cart,
    }),
  },
  'POST /v1/analytics/simulations': {
    request: one('The current ladder against a discount ladder, in three scenarios, over 2026', {
      fromMonth: '2026-01',
      toMonth: '2026-12',
      grossMarginBp: 3_000,
      models: [
        { name: 'Bonus ladder', tierProgram, welcomeBonusPoints: 200, redeemersShareBp: 4_000 },
        {
          name: 'Discount ladder',
          tierProgram: {
            ...tierProgram,
            tiers: [
              { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
              {
                id: 'silver',
                name: { ru: 'Серебряный', en: 'Silver' },
                threshold: 1_500_000,
                discountBp: 300,
              },
              {
                id: 'gold',
                name: { ru: 'Золотой', en: 'Gold' },
                threshold: 5_000_000,
                discountBp: 700,
              },
            ],
          },
          settings: { accrualRateBp: 0 },
          redeemersShareBp: 0,
        },
      ],
      scenarios: [
        { name: 'pessimistic', newCustomersBp: 0, frequencyBp: 0, averageCheckBp: 0 },
        { name: 'moderate', newCustomersBp: 500, frequencyBp: 300, averageCheckBp: 200 },
        { name: 'optimistic', newCustomersBp: 1_500, frequencyBp: 800, averageCheckBp: 500 },
      ],
    }),
  },
  'POST /v1/watch/alerts/rules': {
    request: one('Promotion budgets at 80 %, to the marketing team', alertRule),
  },
  'PUT /v1/watch/alerts/rules/{id}': {
    request: one('The same, also to the on-call webhook, signed', {
      ...alertRule,
      webhook: { url: 'https://ops.example.ru/perk-alerts', secret: 'whsec_ops_alerts_0001' },
    }),
  },
  'POST /v1/webhooks': {
    request: one('The CRM hears of purchases and points', {
      url: 'https://crm.example.ru/perk-events',
      eventTypes: ['purchase.committed', 'purchase.returned', 'points.changed'],
      description: 'CRM',
    }),
  },
  'PATCH /v1/webhooks/{id}': {
    request: one('Paused while the CRM moves', { active: false }),
  },
  'POST /v1/webhook-deliveries/replay': {
    request: one('Everything the CRM missed while it was down', {
      subscriptionId: '3f0c5a2e-8d7b-4a1e-9c55-2b1f0e6d7a90',
    }),
  },
  'POST /v1/jobs/{name}/run': {
    request: one('Birthday bonuses as of this morning in Moscow', {
      businessTime: '2026-12-05T09:00:00+03:00',
    }),
  },
  'POST /v1/tiers/period-end': {
    request: one('At the turn of the year', { at: '2027-01-01T00:00:00+03:00' }),
  },
  'POST /v1/customers/{id}/tier': {
    request: one('Gold by hand', { tierId: 'gold', note: 'Компенсация по жалобе № 1842' }),
  },
  'POST /v1/coupon-series': {
    request: {
      unique: {
        summary: 'Unique one-use codes for a mailing',
        value: {
          id: 'newyear-2027',
          promotionId: 'dairy-10',
          name: 'Новогодние купоны',
          kind: 'unique',
          prefix: 'NY27-',
          randomLength: 8,
          usesPerCode: 1,
          validFrom: '2026-12-20T00:00:00+03:00',
          validTo: '2027-01-10T00:00:00+03:00',
        },
      },
      shared: {
        summary: 'One promo code for everyone, once per customer',
        value: {
          id: 'sneg25',
          promotionId: 'dairy-10',
          name: 'Промокод SNEG25',
          kind: 'shared',
          prefix: 'SNEG25',
          randomLength: 0,
          totalUses: 10000,
          perCustomerUses: 1,
        },
      },
    },
  },
  'POST /v1/coupon-series/{id}/codes': {
    request: one('5 000 codes for the first mailing', {
      batchId: 'newyear-2027-mailing-1',
      count: 5000,
    }),
  },
  'POST /v1/coupon-series/{id}/issue': { request: one('A code for Anna', { customerId }) },
  'POST /v1/coupons/check': {
    request: one('The codes the cashier typed', {
      storeId,
      codes: ['NY27-7K3M9QX2', 'SNEG25'],
      customerId,
    }),
  },
  'POST /v1/gift-cards': {
    request: one('100 cards of 3 000 ₽', {
      batchId: 'gift-3000-2026-12',
      count: 100,
      nominalMinor: 300000,
      expiresAt: '2027-12-31T23:59:59+03:00',
    }),
  },
  'POST /v1/gift-cards/activate': { request: one('A card', { number: giftCardNumber }) },
  'POST /v1/gift-cards/balance': {
    request: one('Number and PIN from the card', { number: giftCardNumber, pin: '482913' }),
  },
  'POST /v1/gift-cards/statement': { request: one('A card', { number: giftCardNumber }) },
  'POST /v1/segments/{id}/members.csv': {
    request: one(
      'Customers by id, card, phone and e-mail',
      'kind,value\nphone,8 (916) 123-45-67\ncard,2000000000017\nemail,anna@example.com\n',
    ),
  },
  'POST /v1/segments': {
    request: {
      rule: {
        summary: 'Muscovites who spent 10 000 ₽ in 30 days',
        value: {
          id: 'moscow-big-spenders',
          name: 'Москва: от 10 000 ₽ за 30 дней',
          rule: spendRule,
        },
      },
      list: { summary: 'An empty static list', value: { id: 'vip', name: 'VIP-гости' } },
    },
  },
  'PUT /v1/segments/{id}': {
    request: one('Raise the bar to 15 000 ₽', {
      name: 'Москва: от 15 000 ₽ за 30 дней',
      rule: {
        ...spendRule,
        rules: [{ kind: 'spend', days: 30, min: 1_500_000 }, spendRule.rules[1]],
      },
    }),
  },
  'POST /v1/segments/preview': { request: one('How many spent 10 000 ₽', { rule: spendRule }) },
  'GET /v1/segment-conditions': {
    responses: {
      '200': one('Money spent, one of the conditions', {
        items: ruleConditions.filter((condition) => condition.kind === 'spend'),
      }),
    },
  },
  'POST /v1/campaigns': {
    request: {
      birthday: { summary: '300 points on the birthday', value: birthdayCampaign },
      streak: {
        summary: 'A coupon after 3 purchases of 500 ₽ and more',
        value: {
          id: 'three-visits',
          name: 'Три покупки — купон',
          status: 'active',
          period: { from: '2027-02-01', to: '2027-02-28' },
          rule: { kind: 'purchase_count', count: 3, minAmountMinor: 50000 },
          reward: { kind: 'coupon', seriesId: 'newyear-2027' },
        },
      },
    },
  },
  'PUT /v1/campaigns/{id}': {
    request: one('500 points instead of 300', {
      ...birthdayCampaign,
      reward: { kind: 'points', points: 500 },
    }),
  },
  'POST /v1/customers/{id}/actions': {
    request: one('A review written in the app', {
      type: 'app_review',
      actionId: 'review-8841',
      at: '2026-12-05T10:15:00+03:00',
    }),
  },
  'POST /v1/carts/abandoned': {
    request: one('A cart of 2 450 ₽ left on the site', {
      cartId: 'web-cart-5f2a91',
      customerId,
      totalMinor: 245000,
    }),
  },
  'POST /v1/session': {
    request: one('Log in', { email: 'olga.petrova@berezka.example', password: 'Sn3g-i-Ve4er' }),
  },
  'POST /v1/session/password': {
    request: one('After a one-time password', {
      currentPassword: 'K7-once-only',
      newPassword: 'Sn3g-i-Ve4er',
    }),
  },
  'POST /v1/operators': {
    request: one('A marketer; a one-time password is made', {
      email: 'olga.petrova@berezka.example',
      name: 'Ольга Петрова',
      role: 'marketer',
    }),
  },
  'PATCH /v1/operators/{id}': {
    request: {
      role: { summary: 'Another role', value: { role: 'support' } },
      leave: { summary: 'Left the company', value: { active: false } },
    },
  },
};

/** The document with the examples in the request bodies and answers they belong to. */
export function withExamples<T extends object>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Json>> }).paths ?? {};
  for (const [key, examples] of Object.entries(operationExamples)) {
    const [method = '', path = ''] = key.split(' ');
    const operation = paths[path]?.[method.toLowerCase()];
    if (!operation) continue;
    const body = operation.requestBody as { content?: Record<string, Json> } | undefined;
    if (examples.request && body?.content) {
      for (const media of Object.values(body.content)) media.examples = examples.request;
    }
    const responses = (operation.responses ?? {}) as Record<string, { content?: Json }>;
    for (const [status, byName] of Object.entries(examples.responses ?? {})) {
      const media = responses[status]?.content?.['application/json'] as Json | undefined;
      if (media) media.examples = byName;
    }
  }
  return document;
}
