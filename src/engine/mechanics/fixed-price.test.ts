import { describe, expect, it } from 'vitest';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';

const coffee = { categoryIds: ['coffee'] };

describe('fixed-price', () => {
  it('"any coffee for 99 ₽" sells units at the price and never raises one', () => {
    const result = run(
      [line('1', 'LATTE', 25_000, 2, coffee), line('2', 'ESPRESSO', 9000, 1, coffee)],
      [promo('p', { kind: 'fixed-price', scope: { categoryIds: ['coffee'] }, priceMinor: 9900 })],
    );
    expect(totalsById(result)).toEqual({ '1': 19_800, '2': 9000 });
  });

  it('with a unit limit takes the cheapest units first', () => {
    const result = run(
      [line('1', 'LATTE', 25_000, 2, coffee), line('2', 'RAF', 20_000, 1, coffee)],
      [
        promo(
          'p',
          { kind: 'fixed-price', scope: {}, priceMinor: 9900 },
          { limits: { maxUnitsPerCheck: 2 } },
        ),
      ],
    );
    // RAF (200) and one LATTE (250) go to 99; the LATTE line's 349 ₽ is spread over its 2 units.
    expect(totalsById(result)).toEqual({ '1': 34_900, '2': 9900 });
    expect(
      result.lines.filter((l) => l.lineId === '1').map((l) => [l.quantity, l.unitPriceMinor]),
    ).toEqual([[2, 17_450]]);
  });

  it('prices per kilogram on weighted goods', () => {
    const result = run(
      [{ lineId: 'w', sku: 'CHEESE', unitPriceMinor: 99_990, quantityMilli: 500 }],
      [promo('p', { kind: 'fixed-price', scope: {}, priceMinor: 79_990 })],
    );
    expect(result.totalMinor).toBe(39_995);
  });

  it('gives no benefit when prices are already lower', () => {
    const result = run(
      [line('1', 'A', 5000, 1)],
      [promo('p', { kind: 'fixed-price', scope: {}, priceMinor: 9900 })],
    );
    expect(codes(result)).toEqual({ p: 'no_benefit' });
  });
});
