import { describe, expect, it } from 'vitest';
import { dependsOnPurchases } from './purchase-dependence.ts';
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
