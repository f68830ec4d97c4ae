/**
 * The demo's promotions: every mechanic once, each in a declared stacking group, with the other
 * features a marketer reaches for (schedule, channel, store, audience, coupons, limits). Each is
 * named by what it does, so a calculation's explanations read as a tour. `demoCarts` (beside)
 * holds a cart on which each one applies.
 */

/** Stacking groups in application order; every group a demo promotion uses is declared here. */
export const demoRulesetSettings = {
  stackingGroups: [
    { id: 'tiers', mode: 'cumulative' },
    { id: 'catalogue', mode: 'best' },
    // The group of the default settings, so examples written for a fresh programme fit in.
    { id: 'default', mode: 'cumulative' },
    { id: 'check', mode: 'cumulative' },
    { id: 'points', mode: 'cumulative' },
  ],
  maxLineDiscountBp: 10_000,
  maxCheckDiscountBp: 10_000,
  manualDiscountLimitsBp: { cashier: 1_000, manager: 2_000 },
  roundTotalDownToMinor: 0,
};

const group = (groupId: string, priority = 10) => ({
  stacking: { groupId, priority, exclusive: false },
});

export const demoPromotions = [
  {
    id: 'oils-15',
    name: '−15% на все масла',
    status: 'active',
    ...group('catalogue'),
    mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1_500 },
  },
  {
    id: 'cheese-happy-hours',
    name: 'Счастливые часы: −10% на сыры с 10:00 до 12:00',
    status: 'active',
    schedule: { windows: [{ from: '10:00', to: '12:00' }] },
    ...group('catalogue'),
    mechanic: { kind: 'percent-off', scope: { categoryIds: ['cheese'] }, percentBp: 1_000 },
  },
  {
    id: 'coffee-2-plus-1',
    name: 'Кофе 2+1: третий в подарок',
    status: 'active',
    ...group('catalogue'),
    mechanic: {
      kind: 'nth-item',
      scope: { categoryIds: ['coffee'] },
      everyN: 3,
      percentBp: 10_000,
    },
  },
  {
    id: 'greenfield-99',
    name: 'Любой чай Greenfield за 99 ₽',
    status: 'active',
    ...group('catalogue'),
    mechanic: { kind: 'fixed-price', scope: { brands: ['Greenfield'] }, priceMinor: 9_900 },
  },
  {
    id: 'household-50',
    name: '−50 ₽ на бытовую химию, до двух штук в чеке',
    status: 'active',
    limits: { maxUnitsPerCheck: 2 },
    ...group('catalogue'),
    mechanic: {
      kind: 'amount-off',
      scope: { categoryIds: ['household'] },
      amountMinor: 5_000,
      per: 'unit',
    },
  },
  {
    id: 'breakfast-set',
    name: 'Завтрак: кофе и два круассана за 499 ₽',
    status: 'active',
    ...group('catalogue', 20),
    mechanic: {
      kind: 'bundle',
      components: [
        { scope: { categoryIds: ['coffee'] }, quantity: 1 },
        { scope: { skus: ['BAKERY-31-S', 'BAKERY-32-S'] }, quantity: 2 },
      ],
      price: { kind: 'fixed', priceMinor: 49_900 },
    },
  },
  {
    id: 'wine-and-cheese',
    name: 'К вину — сыр со скидкой 20%',
    status: 'active',
    ...group('catalogue', 5),
    mechanic: {
      kind: 'cross-discount',
      trigger: { categoryIds: ['wine'] },
      triggerQuantity: 1,
      target: { categoryIds: ['cheese'] },
      percentBp: 2_000,
    },
  },
  {
    id: 'tea-croissant-gift',
    name: 'Два чая — круассан в подарок',
    status: 'active',
    ...group('catalogue'),
    mechanic: {
      kind: 'gift',
      sku: 'BAKERY-31-S',
      regularPriceMinor: 8_900,
      priceMinor: 0,
      quantity: 1,
      perUnitsOf: { scope: { categoryIds: ['tea'] }, quantity: 2 },
    },
  },
  {
    id: 'vvo-bakery-20',
    name: 'Владивосток: −20% на выпечку',
    status: 'active',
    storeIds: ['vvo-svetlanskaya'],
    ...group('catalogue'),
    mechanic: { kind: 'percent-off', scope: { categoryIds: ['bakery'] }, percentBp: 2_000 },
  },
  {
    id: 'app-drinks-5',
    name: 'В приложении: −5% на напитки',
    status: 'active',
    channels: ['app'],
    ...group('catalogue', 1),
    mechanic: {
      kind: 'percent-off',
      scope: { categoryIds: ['drinks'], exclude: { categoryIds: ['alcohol'] } },
      percentBp: 500,
    },
  },
  {
    id: 'spend-more',
    name: 'От 3 000 ₽ — 5%, от 5 000 ₽ — 10%',
    status: 'active',
    ...group('check', 1),
    mechanic: {
      kind: 'spend-threshold',
      tiers: [
        { fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } },
        { fromMinor: 500_000, reward: { kind: 'percent', percentBp: 1_000 } },
      ],
    },
  },
  {
    id: 'staff-10',
    name: 'Сотрудникам: −10% на всё',
    status: 'active',
    audience: { segmentIds: ['staff'], anonymousAllowed: false },
    ...group('check', 20),
    mechanic: { kind: 'percent-off', scope: {}, percentBp: 1_000 },
  },
  {
    id: 'coupon-300',
    name: 'Купон: −300 ₽ на чек от 1 500 ₽',
    status: 'active',
    couponRequired: true,
    conditions: { minSubtotal: { amountMinor: 150_000 } },
    ...group('check', 10),
    mechanic: { kind: 'amount-off', scope: {}, amountMinor: 30_000, per: 'cart' },
  },
  {
    id: 'promo-spring',
    name: 'Промокод ВЕСНА: −7% на косметику',
    status: 'active',
    couponRequired: true,
    ...group('check', 5),
    mechanic: { kind: 'percent-off', scope: { categoryIds: ['cosmetics'] }, percentBp: 700 },
  },
  {
    id: 'manual',
    name: 'Скидка кассира (до 10%, менеджер — до 20%)',
    status: 'active',
    ...group('check', 0),
    mechanic: { kind: 'manual-discount' },
  },
  {
    id: 'cosmetics-double-points',
    name: 'Двойные баллы за косметику',
    status: 'active',
    ...group('points'),
    mechanic: {
      kind: 'extra-points',
      scope: { categoryIds: ['cosmetics'] },
      award: { kind: 'multiplier', multiplierBp: 20_000 },
    },
  },
  {
    id: 'big-spenders-200',
    name: '+200 баллов постоянным покупателям за чек от 2 000 ₽',
    status: 'active',
    audience: { segmentIds: ['big-spenders'], anonymousAllowed: false },
    conditions: { minSubtotal: { amountMinor: 200_000 } },
    ...group('points'),
    mechanic: { kind: 'extra-points', award: { kind: 'fixed', points: 200 } },
  },
];

/** The coupon series: unique single-use codes for `coupon-300`, one shared code for `promo-spring`. */
export const demoCouponSeries = [
  {
    id: 'welcome-coupons',
    promotionId: 'coupon-300',
    name: 'Купоны −300 ₽',
    kind: 'unique' as const,
    prefix: 'W',
    usesPerCode: 1,
  },
  {
    id: 'spring',
    promotionId: 'promo-spring',
    name: 'Промокод ВЕСНА',
    kind: 'shared' as const,
    prefix: 'VESNA',
    perCustomerUses: 1,
  },
];
