import { describe, expect, it } from 'vitest';
import { defaultRulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import { promo } from '../engine/testing/fixtures.ts';
import { diffRulesets, jsonChanges } from './ruleset-diff.ts';

describe('jsonChanges', () => {
  it.each([
    { name: 'equal values', before: { a: 1 }, after: { a: 1 }, changes: [] },
    {
      name: 'a changed leaf',
      before: { a: { b: 1 } },
      after: { a: { b: 2 } },
      changes: [{ path: '/a/b', before: 1, after: 2 }],
    },
    {
      name: 'a field set and one unset, in key order',
      before: { z: 1 },
      after: { a: 2 },
      changes: [
        { path: '/a', after: 2 },
        { path: '/z', before: 1 },
      ],
    },
    {
      name: 'a list of values, whole',
      before: { skus: ['A', 'B'] },
      after: { skus: ['A', 'C'] },
      changes: [{ path: '/skus', before: ['A', 'B'], after: ['A', 'C'] }],
    },
    {
      name: 'a list of objects of one length, item by item',
      before: { groups: [{ id: 'a', mode: 'first' }] },
      after: { groups: [{ id: 'a', mode: 'best' }] },
      changes: [{ path: '/groups/0/mode', before: 'first', after: 'best' }],
    },
    {
      name: 'a list of objects grown, whole',
      before: { groups: [{ id: 'a' }] },
      after: { groups: [{ id: 'a' }, { id: 'b' }] },
      changes: [{ path: '/groups', before: [{ id: 'a' }], after: [{ id: 'a' }, { id: 'b' }] }],
    },
    {
      name: 'keys escaped as RFC 6901 says',
      before: { limits: { 'a/b~c': 1 } },
      after: { limits: { 'a/b~c': 2 } },
      changes: [{ path: '/limits/a~1b~0c', before: 1, after: 2 }],
    },
    {
      name: 'an object set where there was none, field by field',
      before: { name: 'x' },
      after: { name: 'x', limits: { budgetMinor: 500, totalUses: 3 } },
      changes: [
        { path: '/limits/budgetMinor', after: 500 },
        { path: '/limits/totalUses', after: 3 },
      ],
    },
    {
      name: 'an object in place of a number',
      before: { v: 1 },
      after: { v: { x: 1 } },
      changes: [{ path: '/v', before: 1, after: { x: 1 } }],
    },
  ])('$name', ({ before, after, changes }) => {
    expect(jsonChanges(before, after)).toEqual(changes);
  });
});

describe('diffRulesets', () => {
  const settings = defaultRulesetSettings;

  it('names promotions added, removed and changed in id order, unchanged ones left out', () => {
    const off = (percentBp: number) => ({
      kind: 'percent-off' as const,
      scope: { skus: ['A'] },
      percentBp,
    });
    const kept = promo('kept', off(1000));
    const before = {
      settings,
      promotions: [promo('gone', off(500)), kept, promo('edited', off(1000))],
    };
    const after = {
      settings: { ...settings, maxCheckDiscountBp: 3000 },
      promotions: [kept, promo('edited', off(1500)), promo('born', off(700))],
    };
    expect(diffRulesets(before, after)).toEqual({
      promotions: [
        { promotionId: 'born', name: 'born', mechanic: 'percent-off', change: 'added', fields: [] },
        {
          promotionId: 'edited',
          name: 'edited',
          mechanic: 'percent-off',
          change: 'changed',
          fields: [{ path: '/mechanic/percentBp', before: 1000, after: 1500 }],
        },
        {
          promotionId: 'gone',
          name: 'gone',
          mechanic: 'percent-off',
          change: 'removed',
          fields: [],
        },
      ],
      settings: [{ path: '/maxCheckDiscountBp', before: 10_000, after: 3000 }],
    });
  });
});
