import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { cart, catalogue, prng, promotions } from '../../bench/engine-fixtures.ts';
import { calculate, compileRuleset, defaultRulesetSettings } from '../engine/index.ts';
import { CartCalculationSchema } from './calculation-schema.ts';

// The answer schema drives serialisation: a field the engine adds or reshapes must be added
// here too, or the calculate endpoint fails. Rich random carts keep the two in step.
describe('calculation answer schema', () => {
  it('describes whatever the engine returns', () => {
    const random = prng(7);
    const products = catalogue(random);
    const ruleset = compileRuleset(promotions(random, products, 300), '1', {
      ...defaultRulesetSettings,
      stackingGroups: [{ id: 'sales', mode: 'best' }],
      maxCheckDiscountBp: 5000,
      roundTotalDownToMinor: 100,
    });
    for (let i = 0; i < 30; i++) {
      const calculation = calculate(
        cart(random, products, 20),
        {
          now: '2025-03-07T08:30:00Z',
          store: { id: 's', channel: 'pos', timeZone: 'Europe/Moscow' },
          customer: { id: 'c', segmentIds: ['seg-1'], tierId: 'silver' },
          couponCodes: [],
          usage: {},
          pointValueMinor: 100,
          currency: 'RUB',
        },
        ruleset,
      );
      const answer = JSON.parse(
        JSON.stringify({
          ...calculation,
          calculationId: '00000000-0000-4000-8000-000000000000',
          calculatedAt: '2025-03-07T08:30:00Z',
          storeId: 's',
          customer: { status: 'anonymous' },
          points: null,
        }),
      );
      expect([...Value.Errors(CartCalculationSchema, answer)].slice(0, 3)).toEqual([]);
    }
  });
});
