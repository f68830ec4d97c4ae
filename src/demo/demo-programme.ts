/**
 * The demo's loyalty programme around its promotions: points, three tiers, rule and static
 * segments, and contact campaigns. Plain data, saved through the same services as the API.
 */

/** 3% back (more in higher tiers), points pay up to 30%, spendable after 14 days, kept a year. */
export const demoPointsSettings = {
  currency: 'RUB',
  pointValueMinor: 100,
  accrualRateBp: 300,
  maxRedemptionShareBp: 3_000,
  pendingDays: 14,
  expiry: { unit: 'months', count: 12 },
  timeZone: 'Europe/Moscow',
  returnPolicyWhenSpent: 'negative_balance',
};

/** Tiers by money spent over a rolling year; gold's 5% discount runs as a promotion. */
export const demoTierProgram = {
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
      threshold: 1_000_000,
      accrualRateBp: 500,
      maxRedemptionShareBp: 4_000,
      welcomeBonusPoints: 200,
    },
    {
      id: 'gold',
      name: { ru: 'Золотой', en: 'Gold' },
      threshold: 3_000_000,
      accrualRateBp: 700,
      maxRedemptionShareBp: 5_000,
      discountBp: 500,
      welcomeBonusPoints: 500,
    },
  ],
};

export const demoSegments = [
  {
    id: 'big-spenders',
    name: 'Потратили от 5 000 ₽ за 90 дней',
    rule: { kind: 'spend', days: 90, min: 500_000 },
  },
  {
    id: 'moscow-women',
    name: 'Покупательницы из Москвы',
    rule: {
      kind: 'and',
      rules: [
        { kind: 'city', in: ['Москва'] },
        { kind: 'gender', is: 'female' },
      ],
    },
  },
  {
    id: 'birthday-week',
    name: 'День рождения в ближайшие 7 дней',
    rule: { kind: 'birthdayWithin', days: 7 },
  },
  // A static list, filled from a CSV of identifiers once the customers exist.
  { id: 'staff', name: 'Сотрудники' },
];

/** Campaigns over a period around `today` (a local date of the programme's zone). */
export function demoCampaigns(today: string) {
  const year = Number(today.slice(0, 4));
  const period = { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` };
  return [
    {
      id: 'birthday',
      name: 'День рождения: 300 баллов на 7 дней',
      status: 'active' as const,
      period,
      rule: { kind: 'birthday' as const, validDays: 7 },
      reward: { kind: 'points' as const, points: 300, pendingDays: 0 },
    },
    {
      id: 'bring-a-friend',
      name: 'Приведи друга: по 200 баллов обоим после первой покупки от 1 000 ₽',
      status: 'active' as const,
      period,
      rule: { kind: 'referral' as const, minAmountMinor: 100_000 },
      reward: { kind: 'points' as const, points: 200, pendingDays: 0 },
    },
    {
      id: 'three-purchases',
      name: 'Три покупки — купон −300 ₽',
      status: 'active' as const,
      period,
      rule: { kind: 'purchase_count' as const, count: 3 },
      reward: { kind: 'coupon' as const, seriesId: 'welcome-coupons' },
      limits: { perCustomer: 1 },
    },
  ];
}
