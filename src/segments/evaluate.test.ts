import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from './customer-facts.ts';
import { evaluate } from './evaluate.ts';
import type { SegmentRule } from './rule-schema.ts';
import { validateRule } from './validate-rule.ts';

const today = '2025-03-10';
const anna: CustomerFacts = {
  customerId: 'anna',
  gender: 'female',
  birthDate: '1990-03-15',
  city: 'Москва',
  consents: { sms: true, email: false },
  specialCategories: ['pensioner'],
  customFields: { pet: 'cat', kids: 2, vip: true },
  days: [
    { day: '2025-03-10', spentMinor: 50_000, purchaseCount: 1 },
    { day: '2025-02-09', spentMinor: 30_000, purchaseCount: 2 },
    { day: '2024-12-01', spentMinor: 20_001, purchaseCount: 1 },
  ],
  skus: [
    {
      sku: 'MILK',
      lastDay: '2025-02-09',
      categories: ['milk', 'dairy', 'food'],
      brand: 'Простоквашино',
    },
    { sku: 'TV', lastDay: '2024-12-01', categories: ['tv'], brand: 'Sony' },
  ],
  rfm: { recency: 5, frequency: 3, monetary: 4 },
  communications: [
    { event: 'opened', channel: 'email', campaign: 'spring', day: '2025-03-01', count: 2 },
    { event: 'opened', channel: 'email', campaign: null, day: '2025-01-05', count: 1 },
    { event: 'opened', channel: 'push', campaign: 'spring', day: '2025-03-09', count: 1 },
    { event: 'sent', channel: 'email', campaign: 'spring', day: '2025-03-01', count: 5 },
  ],
  couponUses: [
    { seriesId: 'welcome', day: '2024-11-20', count: 1 },
    { seriesId: 'spring', day: '2025-03-02', count: 2 },
  ],
};
const newcomer: CustomerFacts = {
  ...anna,
  customerId: 'new',
  gender: null,
  birthDate: null,
  city: null,
  consents: {},
  specialCategories: [],
  customFields: {},
  days: [],
  skus: [],
  rfm: null,
  communications: [],
  couponUses: [],
};

const cases: Array<[string, SegmentRule, boolean, boolean, string]> = [
  ['age 35..40', { kind: 'age', min: 35, max: 40 }, false, false, 'age 34, needs ≥ 35 ≤ 40'],
  ['age ≥ 34', { kind: 'age', min: 34 }, true, false, 'age 34, needs ≥ 34'],
  ['gender', { kind: 'gender', is: 'female' }, true, false, 'gender female, needs female'],
  [
    'city, any case',
    { kind: 'city', in: ['москва', 'Казань'] },
    true,
    false,
    'city Москва, needs one of москва, Казань',
  ],
  [
    'birthday in 5 days',
    { kind: 'birthdayWithin', days: 5 },
    true,
    false,
    'birthday in 5 days, needs within 5',
  ],
  [
    'birthday within 4',
    { kind: 'birthdayWithin', days: 4 },
    false,
    false,
    'birthday in 5 days, needs within 4',
  ],
  [
    'consent given',
    { kind: 'consent', channel: 'sms', given: true },
    true,
    false,
    'consent sms given, needs given',
  ],
  [
    'consent not given',
    { kind: 'consent', channel: 'email', given: false },
    true,
    true,
    'consent email not given, needs not given',
  ],
  [
    'special category',
    { kind: 'specialCategory', is: 'pensioner' },
    true,
    false,
    'special categories pensioner, needs pensioner',
  ],
  [
    'custom eq',
    { kind: 'customField', key: 'pet', op: 'eq', value: 'cat' },
    true,
    false,
    'field pet is "cat", needs eq "cat"',
  ],
  [
    'custom gte',
    { kind: 'customField', key: 'kids', op: 'gte', value: 2 },
    true,
    false,
    'field kids is 2, needs gte 2',
  ],
  [
    'custom gt on a string',
    { kind: 'customField', key: 'pet', op: 'gt', value: 1 },
    false,
    false,
    'field pet is "cat", needs gt 1',
  ],
  [
    'custom exists',
    { kind: 'customField', key: 'vip', op: 'exists' },
    true,
    false,
    'field vip is true, needs to be set',
  ],
  [
    'custom ne absent',
    { kind: 'customField', key: 'pet', op: 'ne', value: 'dog' },
    true,
    true,
    'field pet is "cat", needs ne "dog"',
  ],
  [
    'spend 30 days',
    { kind: 'spend', days: 30, min: 80_000 },
    true,
    false,
    'spent 80000 kopecks in the last 30 days, needs ≥ 80000',
  ],
  [
    'spend 29 days',
    { kind: 'spend', days: 29, min: 80_000 },
    false,
    false,
    'spent 50000 kopecks in the last 29 days, needs ≥ 80000',
  ],
  [
    'spend ever',
    { kind: 'spend', max: 100_000 },
    false,
    true,
    'spent 100001 kopecks ever, needs ≤ 100000',
  ],
  [
    'count 30 days',
    { kind: 'purchaseCount', days: 30, min: 3, max: 3 },
    true,
    false,
    '3 purchases in the last 30 days, needs ≥ 3 ≤ 3',
  ],
  [
    'average check exact',
    { kind: 'averageCheck', min: 25_001 },
    false,
    false,
    'average check 25000 kopecks ever, needs ≥ 25001',
  ],
  [
    'average check 30 days',
    { kind: 'averageCheck', days: 30, min: 26_666 },
    true,
    false,
    'average check 26667 kopecks in the last 30 days, needs ≥ 26666',
  ],
  [
    'days since last',
    { kind: 'daysSinceLastPurchase', max: 0 },
    true,
    false,
    '0 days since the last purchase, needs ≤ 0',
  ],
  [
    'bought parent category',
    { kind: 'boughtCategory', categoryId: 'dairy', days: 30 },
    true,
    false,
    'bought category dairy (MILK on 2025-02-09)',
  ],
  [
    'category out of window',
    { kind: 'boughtCategory', categoryId: 'dairy', days: 29 },
    false,
    false,
    'did not buy category dairy in the last 29 days',
  ],
  [
    'bought brand',
    { kind: 'boughtBrand', brand: 'Sony' },
    true,
    false,
    'bought brand Sony (TV on 2024-12-01)',
  ],
  ['bought sku', { kind: 'boughtSku', sku: 'BREAD' }, false, false, 'did not buy SKU BREAD ever'],
  ['rfm', { kind: 'rfm', score: 'monetary', min: 4 }, true, false, 'RFM monetary 4, needs ≥ 4'],
  ['churn', { kind: 'churnRisk', atRisk: false }, true, true, 'not at risk of churn'],
  // 2 + 1 e-mails opened in the window from 2024-12-11; the push does not count.
  [
    'opened e-mails 3 times in 90 days',
    { kind: 'communication', event: 'opened', channel: 'email', days: 90, min: 3 },
    true,
    false,
    '3 "opened" by email in the last 90 days, needs ≥ 3',
  ],
  // The 30-day window starts 2025-02-09: only March's two e-mails and the push.
  [
    'opened the spring mailing 4 times in 30 days',
    { kind: 'communication', event: 'opened', campaign: 'spring', days: 30, min: 4 },
    false,
    false,
    '3 "opened" «spring» in the last 30 days, needs ≥ 4',
  ],
  [
    'clicked ever',
    { kind: 'communication', event: 'clicked' },
    false,
    false,
    '0 "clicked" ever, needs ≥ 1',
  ],
  ['used a coupon', { kind: 'couponUsed' }, true, false, '3 coupons used ever, needs ≥ 1'],
  [
    'used a welcome coupon in 90 days',
    { kind: 'couponUsed', seriesId: 'welcome', days: 90 },
    false,
    false,
    '0 coupons welcome used in the last 90 days, needs ≥ 1',
  ],
];

describe('every leaf kind', () => {
  it.each(cases)('%s', (_name, rule, forAnna, forNewcomer, reason) => {
    expect(validateRule(rule).ok).toBe(true);
    const result = evaluate(rule, anna, today);
    expect(result.member).toBe(forAnna);
    expect(result.reasons).toEqual([
      expect.objectContaining({ path: '/', kind: rule.kind, held: forAnna, en: reason }),
    ]);
    expect(evaluate(rule, newcomer, today).member).toBe(forNewcomer);
  });

  it('explains in Russian too', () => {
    const [reason] = evaluate({ kind: 'spend', days: 30, min: 80_000 }, anna, today).reasons;
    expect(reason?.ru).toBe('потрачено 80000 коп. за последние 30 дн., нужно ≥ 80000');
  });
});

describe('AND, OR, NOT', () => {
  const female: SegmentRule = { kind: 'gender', is: 'female' };
  const kazan: SegmentRule = { kind: 'city', in: ['Казань'] };
  it.each<[string, SegmentRule, boolean]>([
    ['and: all must hold', { kind: 'and', rules: [female, kazan] }, false],
    ['or: one is enough', { kind: 'or', rules: [kazan, female] }, true],
    ['not', { kind: 'not', rule: kazan }, true],
    [
      'nested',
      { kind: 'and', rules: [female, { kind: 'not', rule: { kind: 'or', rules: [kazan] } }] },
      true,
    ],
  ])('%s', (_name, rule, member) => {
    expect(evaluate(rule, anna, today).member).toBe(member);
  });

  it('reports every leaf with its path, without stopping early', () => {
    const rule: SegmentRule = { kind: 'or', rules: [female, { kind: 'not', rule: kazan }] };
    expect(evaluate(rule, anna, today).reasons.map((r) => [r.path, r.held])).toEqual([
      ['/rules/0', true],
      ['/rules/1/rule', false],
    ]);
  });
});

describe('churn risk', () => {
  const facts = (days: CustomerFacts['days']): CustomerFacts => ({ ...newcomer, days });
  it.each<[string, CustomerFacts['days'], boolean]>([
    [
      'monthly buyer 61 days away',
      [
        { day: '2024-11-09', spentMinor: 1, purchaseCount: 1 },
        { day: '2025-01-08', spentMinor: 1, purchaseCount: 2 },
      ],
      true,
    ],
    [
      'monthly buyer 60 days away',
      [
        { day: '2024-11-10', spentMinor: 1, purchaseCount: 1 },
        { day: '2025-01-09', spentMinor: 1, purchaseCount: 2 },
      ],
      false,
    ],
    ['one purchase 91 days ago', [{ day: '2024-12-09', spentMinor: 1, purchaseCount: 1 }], true],
    ['one purchase 90 days ago', [{ day: '2024-12-10', spentMinor: 1, purchaseCount: 1 }], false],
    ['never bought', [], false],
  ])('%s', (_name, days, atRisk) => {
    expect(evaluate({ kind: 'churnRisk', atRisk: true }, facts(days), today).member).toBe(atRisk);
  });
});

describe('validation', () => {
  it('lists every problem with its pointer', () => {
    const result = validateRule({
      kind: 'and',
      rules: [
        { kind: 'spend', days: 0, min: 5 },
        { kind: 'age' },
        { kind: 'or', rules: [] },
        { kind: 'not', rule: { kind: 'planet', is: 'Mars' } },
        { kind: 'purchaseCount', min: 5, max: 2 },
        { kind: 'customField', key: 'pet', op: 'eq' },
        { kind: 'gender', is: 'male', extra: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ['/rule/rules/0/days', 'out_of_range'],
      ['/rule/rules/1/min', 'missing_bound'],
      ['/rule/rules/2/rules', 'empty_group'],
      ['/rule/rules/3/rule/kind', 'unknown_kind'],
      ['/rule/rules/4/max', 'min_above_max'],
      ['/rule/rules/5/value', 'value_required'],
      ['/rule/rules/6/extra', 'unknown_field'],
    ]);
  });

  it('refuses rules nested too deep', () => {
    let rule: unknown = { kind: 'gender', is: 'male' };
    for (let i = 0; i < 8; i++) rule = { kind: 'not', rule };
    const result = validateRule(rule);
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['too_deep']);
  });
});
