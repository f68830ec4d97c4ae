import { describe, expect, it } from 'vitest';
import { allFacts, dependsOnPurchases, factsReadBy } from './purchase-dependence.ts';
import type { SegmentRule } from './rule-schema.ts';

describe('dependsOnPurchases', () => {
  it.each<[string, SegmentRule, boolean]>([
    ['a profile leaf', { kind: 'gender', is: 'female' }, false],
    ['a purchase leaf', { kind: 'spend', days: 30, min: 100 }, true],
    ['RFM scores', { kind: 'rfm', score: 'recency', min: 3 }, true],
    [
      'profile leaves combined',
      {
        kind: 'and',
        rules: [
          { kind: 'city', in: ['Москва'] },
          { kind: 'age', min: 18 },
        ],
      },
      false,
    ],
    [
      'a purchase leaf deep inside',
      {
        kind: 'or',
        rules: [
          { kind: 'gender', is: 'male' },
          { kind: 'not', rule: { kind: 'boughtSku', sku: 'MILK' } },
        ],
      },
      true,
    ],
  ])('%s', (_, rule, expected) => {
    expect(dependsOnPurchases(rule)).toBe(expected);
  });
});

describe('factsReadBy', () => {
  it('reads no purchases for profile rules', () => {
    const rule: SegmentRule = {
      kind: 'and',
      rules: [
        { kind: 'gender', is: 'female' },
        { kind: 'not', rule: { kind: 'city', in: ['msk'] } },
      ],
    };
    expect([...factsReadBy([rule])]).toEqual([]);
  });

  it('gathers each family once, from every rule, however deep', () => {
    const rules: SegmentRule[] = [
      {
        kind: 'or',
        rules: [
          { kind: 'spend', days: 30, min: 100_000 },
          { kind: 'not', rule: { kind: 'boughtBrand', brand: 'acme' } },
        ],
      },
      { kind: 'churnRisk', atRisk: true },
      { kind: 'rfm', score: 'recency', min: 4 },
    ];
    expect([...factsReadBy(rules)].sort()).toEqual(['days', 'rfm', 'skus']);
    expect([...allFacts].sort()).toEqual(['communications', 'couponUses', 'days', 'rfm', 'skus']);
  });
});
