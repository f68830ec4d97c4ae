import { describe, expect, it } from 'vitest';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import type { StackingMode } from '../ruleset/ruleset-settings.ts';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';

const cart = [line('1', 'X', 100_000, 1), line('2', 'Y', 100_000, 1)];

function inGroup(mode: StackingMode, promotions: PromotionDefinition[]) {
  return run(cart, promotions, { settings: { stackingGroups: [{ id: 'default', mode }] } });
}

const prioritised = (id: string, priority: number, mechanic: PromotionDefinition['mechanic']) =>
  promo(id, mechanic, { stacking: { groupId: 'default', priority, exclusive: false } });

// The single biggest promotion is 25% on everything (500 ₽); 40% on X plus 40% on Y give 800 ₽.
const everything = prioritised('everything-25', 3, {
  kind: 'percent-off',
  scope: {},
  percentBp: 2500,
});
const onX = prioritised('x-40', 2, {
  kind: 'percent-off',
  scope: { skus: ['X'] },
  percentBp: 4000,
});
const onY = prioritised('y-40', 1, {
  kind: 'percent-off',
  scope: { skus: ['Y'] },
  percentBp: 4000,
});

describe('stacking modes', () => {
  it('best picks the combination worth more than the single biggest promotion', () => {
    const result = inGroup('best', [everything, onX, onY]);
    expect(totalsById(result)).toEqual({ '1': 60_000, '2': 60_000 });
    expect(codes(result)).toEqual({
      'everything-25': 'suppressed_by',
      'x-40': 'applied',
      'y-40': 'applied',
    });
    expect(result.explanations[0]?.params).toEqual({ promotionId: 'x-40', promotionName: 'x-40' });
  });

  it('best picks the single promotion when it beats any combination', () => {
    const big = prioritised('everything-50', 0, {
      kind: 'percent-off',
      scope: {},
      percentBp: 5000,
    });
    const result = inGroup('best', [big, onX, onY]);
    expect(result.totalMinor).toBe(100_000);
    expect(codes(result)).toMatchObject({ 'everything-50': 'applied' });
  });

  it('best breaks ties by application order', () => {
    const a = prioritised('a', 1, {
      kind: 'amount-off',
      scope: {},
      amountMinor: 1000,
      per: 'cart',
    });
    const b = prioritised('b', 2, {
      kind: 'amount-off',
      scope: {},
      amountMinor: 1000,
      per: 'cart',
    });
    expect(codes(inGroup('best', [a, b]))).toEqual({ b: 'applied', a: 'suppressed_by' });
  });

  it('first applies only the first applicable promotion by priority', () => {
    const onZ = prioritised('z-90', 9, {
      kind: 'percent-off',
      scope: { skus: ['Z'] },
      percentBp: 9000,
    });
    const result = inGroup('first', [everything, onX, onY, onZ]);
    expect(result.totalMinor).toBe(150_000);
    expect(codes(result)).toEqual({
      'everything-25': 'applied',
      'x-40': 'suppressed_by',
      'y-40': 'suppressed_by',
    });
  });

  it('cumulative applies all in priority order on running prices', () => {
    const result = inGroup('cumulative', [everything, onX, onY]);
    // 1 000 → 750 → 450 on each line
    expect(totalsById(result)).toEqual({ '1': 45_000, '2': 45_000 });
  });

  it('later groups see the prices left by earlier ones', () => {
    const sale = promo(
      'sale',
      { kind: 'percent-off', scope: {}, percentBp: 1000 },
      {
        stacking: { groupId: 'sales', priority: 0, exclusive: false },
      },
    );
    const loyalty = promo(
      'loyalty',
      { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'cart' },
      {
        stacking: { groupId: 'loyalty', priority: 0, exclusive: false },
      },
    );
    const result = run(cart, [loyalty, sale], {
      settings: {
        stackingGroups: [
          { id: 'sales', mode: 'best' },
          { id: 'loyalty', mode: 'cumulative' },
        ],
      },
    });
    expect(result.appliedPromotions.map((p) => [p.promotionId, p.discountMinor])).toEqual([
      ['sale', 20_000],
      ['loyalty', 1000],
    ]);
  });

  it('an exclusive promotion in a best group stands alone', () => {
    const exclusive = promo(
      'solo',
      { kind: 'percent-off', scope: { skus: ['X'] }, percentBp: 4500 },
      {
        stacking: { groupId: 'default', priority: 0, exclusive: true },
      },
    );
    const result = inGroup('best', [exclusive, onY]);
    expect(codes(result)).toEqual({ 'y-40': 'suppressed_by', solo: 'applied' });
  });
});
