import { describe, expect, it } from 'vitest';
import { validatePromotion } from '../promotion/validate-promotion.ts';
import { line, promo } from '../testing/fixtures.ts';
import { compileRuleset } from './compile-ruleset.ts';
import { type Candidates, candidatesFor } from './line-index.ts';

/** The lines the index matched for `slot`, ascending, read from its bits. */
function hitLinesOf({ words, hitBits }: Candidates, slot: number): number[] {
  const lines: number[] = [];
  for (let i = 0; i < words * 32; i += 1) {
    if (((hitBits[slot * words + (i >> 5)] as number) >>> (i & 31)) & 1) lines.push(i);
  }
  return lines;
}

const definitions = [
  promo('by-sku', { kind: 'percent-off', scope: { skus: ['A'], brands: ['Z'] }, percentBp: 100 }),
  promo('by-brand', { kind: 'percent-off', scope: { brands: ['Z'] }, percentBp: 100 }),
  promo('by-category', { kind: 'percent-off', scope: { categoryIds: ['dairy'] }, percentBp: 100 }),
  promo('by-tag', { kind: 'percent-off', scope: { tags: ['new'] }, percentBp: 100 }),
  promo('cart-level', {
    kind: 'spend-threshold',
    tiers: [{ fromMinor: 1, reward: { kind: 'amount', amountMinor: 1 } }],
  }),
  promo(
    'high',
    { kind: 'percent-off', scope: { skus: ['Q'] }, percentBp: 100 },
    {
      stacking: { groupId: 'default', priority: 5, exclusive: false },
    },
  ),
  promo('archived', { kind: 'percent-off', scope: {}, percentBp: 100 }, { status: 'archived' }),
];

describe('compileRuleset', () => {
  const ruleset = compileRuleset(definitions, 'v7');

  it('orders by group, priority (high first) and id, dropping archived promotions', () => {
    expect(ruleset.promotions.map((p) => p.definition.id)).toEqual([
      'high',
      'by-brand',
      'by-category',
      'by-sku',
      'by-tag',
      'cart-level',
    ]);
  });

  it('visits only promotions a cart can touch', () => {
    const ids = (lines: ReturnType<typeof line>[], coupons: string[] = []) =>
      candidatesFor(ruleset, { lines }, coupons).ordinals.map(
        (o) => ruleset.promotions[o]?.definition.id,
      );
    expect(ids([line('1', 'B', 100, 1, { categoryIds: ['dairy', 'food'] })])).toEqual([
      'by-category',
      'by-tag',
      'cart-level',
    ]);
    expect(ids([line('1', 'A', 100, 1, { brand: 'Z' })])).toEqual([
      'by-brand',
      'by-sku',
      'by-tag',
      'cart-level',
    ]);
    expect(ids([line('1', 'C', 100, 1)], ['high'])).toEqual(['high', 'by-tag', 'cart-level']);
  });

  it('looks a product up again when a line brings facts other than those it was first seen with', () => {
    const ids = (lines: ReturnType<typeof line>[]) =>
      candidatesFor(ruleset, { lines }, []).ordinals.map(
        (o) => ruleset.promotions[o]?.definition.id,
      );
    expect(ids([line('1', 'M', 100, 1, { brand: 'Z' })])).toEqual([
      'by-brand',
      'by-tag',
      'cart-level',
    ]);
    expect(ids([line('1', 'M', 100, 1, { categoryIds: ['dairy'] })])).toEqual([
      'by-category',
      'by-tag',
      'cart-level',
    ]);
    expect(ids([line('1', 'M', 100, 1, { brand: 'Z' })])).toEqual([
      'by-brand',
      'by-tag',
      'cart-level',
    ]);
  });

  it("finds the lines of a promotion's other selectors in the same pass", () => {
    const cross = compileRuleset(
      [
        promo('cross', {
          kind: 'cross-discount',
          trigger: { skus: ['BED'] },
          triggerQuantity: 1,
          target: { brands: ['Z'] },
          percentBp: 3000,
        }),
      ],
      'v1',
    );
    const mechanic = cross.promotions[0]?.definition.mechanic as { target: object };
    const target = mechanic.target;
    const slot = cross.index.secondarySlots.get(target as never) as number;
    const found = candidatesFor(
      cross,
      { lines: [line('1', 'BED', 100, 1), line('2', 'X', 100, 1, { brand: 'Z' })] },
      [],
    );
    expect(hitLinesOf(found, slot)).toEqual([1]);
  });

  it('keeps a promotion whose key a line hit in play, but reports only lines its selector takes', () => {
    const exact = compileRuleset(
      [
        promo('tea-of-z', {
          kind: 'percent-off',
          scope: { brands: ['Z'], categoryIds: ['tea'] },
          percentBp: 1000,
        }),
        promo('tea-not-y', {
          kind: 'percent-off',
          scope: { categoryIds: ['tea'], exclude: { brands: ['Y'] } },
          percentBp: 1000,
        }),
      ],
      'v1',
    );
    const lines = [
      line('1', 'COFFEE-Z', 100, 1, { brand: 'Z', categoryIds: ['coffee'] }),
      line('2', 'TEA-Y', 100, 1, { brand: 'Y', categoryIds: ['tea'] }),
      line('3', 'TEA-Z', 100, 1, { brand: 'Z', categoryIds: ['tea'] }),
    ];
    const hitsOf = (cart: typeof lines) => {
      const found = candidatesFor(exact, { lines: cart }, []);
      return found.ordinals.map((o) => ({
        id: exact.promotions[o]?.definition.id,
        lines: hitLinesOf(found, o),
      }));
    };
    expect(hitsOf(lines)).toEqual([
      { id: 'tea-not-y', lines: [2] },
      { id: 'tea-of-z', lines: [2] },
    ]);
    // Only lines that miss: both still in play, to explain why they did not apply.
    expect(hitsOf(lines.slice(0, 2))).toEqual([
      { id: 'tea-not-y', lines: [] },
      { id: 'tea-of-z', lines: [] },
    ]);
  });

  it('compiles a definition stored before a newer save-time rule refused its limits', () => {
    const older = promo(
      'older',
      {
        kind: 'spend-threshold',
        tiers: [{ fromMinor: 1, reward: { kind: 'amount', amountMinor: 1 } }],
      },
      { limits: { maxRepeats: 2 } },
    );
    expect(validatePromotion(older).ok).toBe(false);
    expect(compileRuleset([older], 'v1').promotions.map((p) => p.definition.id)).toEqual(['older']);
  });

  it('refuses an invalid definition: that is a caller bug', () => {
    expect(() => compileRuleset([{ ...definitions[0], name: '' } as never], 'v')).toThrow(
      /invalid promotion by-sku/,
    );
  });
});
