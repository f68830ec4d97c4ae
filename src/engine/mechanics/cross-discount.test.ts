import { describe, expect, it } from 'vitest';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';

const bedsAndMattresses = promo('p', {
  kind: 'cross-discount',
  trigger: { categoryIds: ['beds'], brands: ['A'] },
  triggerQuantity: 1,
  target: { categoryIds: ['mattresses'], brands: ['A'] },
  percentBp: 3000,
});

describe('cross-discount', () => {
  it('a bed of brand A gives −30% on mattresses of brand A only', () => {
    const result = run(
      [
        line('1', 'BED-A', 4_000_000, 1, { categoryIds: ['beds'], brand: 'A' }),
        line('2', 'MAT-A', 2_500_000, 1, { categoryIds: ['mattresses'], brand: 'A' }),
        line('3', 'MAT-B', 2_000_000, 1, { categoryIds: ['mattresses'], brand: 'B' }),
      ],
      [bedsAndMattresses],
    );
    expect(totalsById(result)).toEqual({ '1': 4_000_000, '2': 1_750_000, '3': 2_000_000 });
  });

  it('needs the trigger quantity', () => {
    const result = run(
      [
        line('1', 'BED-A', 4_000_000, 1, { categoryIds: ['beds'], brand: 'A' }),
        line('2', 'MAT-A', 2_500_000, 1, { categoryIds: ['mattresses'], brand: 'A' }),
      ],
      [
        promo('p', {
          kind: 'cross-discount',
          trigger: { skus: ['BED-A'] },
          triggerQuantity: 2,
          target: {},
          percentBp: 3000,
        }),
      ],
    );
    expect(codes(result)).toEqual({ p: 'required_product_missing' });
    expect(result.explanations[0]?.params).toEqual({ missingUnits: 1 });
  });

  it('is not even considered for a cart without any trigger product', () => {
    const result = run(
      [line('2', 'MAT-A', 2_500_000, 1, { categoryIds: ['mattresses'], brand: 'A' })],
      [
        promo('p', {
          kind: 'cross-discount',
          trigger: { skus: ['BED-A'] },
          triggerQuantity: 1,
          target: {},
          percentBp: 3000,
        }),
      ],
    );
    expect(result.explanations).toEqual([]);
  });
});
