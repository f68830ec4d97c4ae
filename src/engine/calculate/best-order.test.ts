import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calculation } from '../model/calculation.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import type { StackingMode } from '../ruleset/ruleset-settings.ts';
import { cartArb, promotionArb } from '../testing/arbitraries.ts';
import { codes, line, promo, run } from '../testing/fixtures.ts';

function inGroup(
  mode: StackingMode,
  lines: Parameters<typeof run>[0],
  promotions: PromotionDefinition[],
) {
  return run(lines, promotions, { settings: { stackingGroups: [{ id: 'default', mode }] } });
}

const at = (priority: number, exclusive = false) => ({
  stacking: { groupId: 'default', priority, exclusive },
});

// The SPEC's example: 10% off everything comes first by priority; 20% needs 100.00 on the cart.
const tenOffAll = promo(
  'all-10',
  { kind: 'percent-off', scope: {}, percentBp: 1000 },
  { ...at(2), name: '10% на всё' },
);
const twentyOverHundred = promo(
  'over-100-20',
  { kind: 'percent-off', scope: {}, percentBp: 2000 },
  { ...at(1), name: '20% от 100', conditions: { minSubtotal: { amountMinor: 10_000 } } },
);
const cart105 = [line('1', 'X', 10_500, 1)];

describe('best-order stacking', () => {
  it('gives 75.60 on 105.00 where cumulative gives 94.50 and best 84.00', () => {
    const promotions = [tenOffAll, twentyOverHundred];
    expect(inGroup('cumulative', cart105, promotions).totalMinor).toBe(9450);
    expect(inGroup('best', cart105, promotions).totalMinor).toBe(8400);
    const result = inGroup('best-order', cart105, promotions);
    expect(result.totalMinor).toBe(7560);
    // 20% of 105.00 first (21.00), then 10% of 84.00 (8.40).
    expect(result.appliedPromotions.map((p) => [p.promotionId, p.discountMinor])).toEqual([
      ['over-100-20', 2100],
      ['all-10', 840],
    ]);
    expect(codes(result)).toEqual({ 'all-10': 'applied', 'over-100-20': 'applied' });
  });

  it('names the chosen order in each applied explanation, in Russian and English', () => {
    const result = inGroup('best-order', cart105, [tenOffAll, twentyOverHundred]);
    const notes = Object.fromEntries(
      result.explanations.map((e) => [e.promotionId, e.notes.map((n) => [n.code, n.params])]),
    );
    const params = { count: 2, promotionIds: 'over-100-20,all-10' };
    expect(notes['over-100-20']).toEqual([
      ['best_order', expect.objectContaining({ ...params, position: 1 })],
    ]);
    expect(notes['all-10']).toEqual([
      ['best_order', expect.objectContaining({ ...params, position: 2 })],
    ]);
    const tenNote = result.explanations.find((e) => e.promotionId === 'all-10')?.notes[0];
    expect(tenNote?.text).toEqual({
      ru: 'применена 2-й из 2 в порядке, самом выгодном для покупателя: «20% от 100» → «10% на всё»',
      en: 'applied 2 of 2 in the order best for the customer: “20% от 100” → “10% на всё”',
    });
  });

  it('keeps priority order when every order gives the same', () => {
    const a = promo('a', { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'cart' }, at(1));
    const b = promo('b', { kind: 'amount-off', scope: {}, amountMinor: 1000, per: 'cart' }, at(5));
    const result = inGroup('best-order', cart105, [a, b]);
    expect(result.totalMinor).toBe(8500);
    expect(result.appliedPromotions.map((p) => p.promotionId)).toEqual(['b', 'a']);
  });

  it('explains a member that applies in no order by its own reason', () => {
    const farOff = promo(
      'over-500',
      { kind: 'percent-off', scope: {}, percentBp: 3000 },
      { ...at(3), conditions: { minSubtotal: { amountMinor: 50_000 } } },
    );
    const result = inGroup('best-order', cart105, [tenOffAll, twentyOverHundred, farOff]);
    expect(result.totalMinor).toBe(7560);
    const explanation = result.explanations.find((e) => e.promotionId === 'over-500');
    expect(explanation?.code).toBe('threshold_not_met');
    // Measured on the final prices: 500.00 − 75.60.
    expect(explanation?.params).toMatchObject({ missingMinor: 42_440 });
  });

  it('puts an exclusive member last when the others are worth more before it', () => {
    // Exclusive 50% first: 50.00 off 100.00. 10% first, then 50% of 90.00: 10.00 + 45.00.
    const half = promo(
      'half',
      { kind: 'percent-off', scope: {}, percentBp: 5000 },
      { ...at(9, true) },
    );
    const ten = promo('ten', { kind: 'percent-off', scope: {}, percentBp: 1000 }, at(1));
    const cart = [line('1', 'X', 10_000, 1)];
    expect(inGroup('cumulative', cart, [half, ten]).totalMinor).toBe(5000);
    const result = inGroup('best-order', cart, [half, ten]);
    expect(result.totalMinor).toBe(4500);
    expect(result.appliedPromotions.map((p) => p.promotionId)).toEqual(['ten', 'half']);
  });

  it('an exclusive promotion of an earlier group blocks the whole best-order group', () => {
    const solo = promo(
      'solo',
      { kind: 'percent-off', scope: {}, percentBp: 500 },
      { stacking: { groupId: 'first', priority: 0, exclusive: true } },
    );
    const result = run(cart105, [solo, tenOffAll, twentyOverHundred], {
      settings: {
        stackingGroups: [
          { id: 'first', mode: 'cumulative' },
          { id: 'default', mode: 'best-order' },
        ],
      },
    });
    expect(result.totalMinor).toBe(9975);
    expect(codes(result)).toEqual({
      solo: 'applied',
      'all-10': 'suppressed_by',
      'over-100-20': 'suppressed_by',
    });
  });
});

/** What the engine counts as the customer's benefit: money off plus points at 1 kopeck each. */
function benefit(result: Calculation): number {
  return result.appliedPromotions.reduce((sum, p) => sum + p.discountMinor + p.points, 0);
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('best-order property', () => {
  const groupArb = fc
    .integer({ min: 1, max: 4 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => promotionArb(`p${i}`))));

  it('is worth at least as much as every fixed order of the same promotions', () => {
    fc.assert(
      fc.property(cartArb, groupArb, (cart, drawn) => {
        const members = drawn.map((p) => ({
          ...p,
          stacking: { ...p.stacking, groupId: 'default' },
        }));
        const options = { context: { pointValueMinor: 1 } };
        const best = run(cart, members, {
          ...options,
          settings: { stackingGroups: [{ id: 'default', mode: 'best-order' }] },
        });
        for (const order of permutations(members)) {
          const fixed = order.map((p, i) => ({
            ...p,
            stacking: { ...p.stacking, priority: order.length - i },
          }));
          const cumulative = run(cart, fixed, options);
          expect(benefit(best)).toBeGreaterThanOrEqual(benefit(cumulative));
        }
      }),
      { seed: 14, numRuns: 100 },
    );
  });
});
