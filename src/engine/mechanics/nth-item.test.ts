import { describe, expect, it } from 'vitest';
import { codes, line, promo, run, totalsById } from '../testing/fixtures.ts';

const nth = (everyN: number, percentBp: number) =>
  promo('p', { kind: 'nth-item', scope: {}, everyN, percentBp });

describe('nth-item', () => {
  it('1+1 on lines of different prices: the cheaper unit is free', () => {
    const result = run([line('1', 'A', 50_000, 1), line('2', 'B', 30_000, 1)], [nth(2, 10_000)]);
    expect(totalsById(result)).toEqual({ '1': 50_000, '2': 0 });
  });

  it('every 3rd at 50% over 7 units of 3 prices: the 2 cheapest units', () => {
    const result = run(
      [line('1', 'A', 30_000, 2), line('2', 'B', 10_000, 2), line('3', 'C', 20_000, 3)],
      [nth(3, 5000)],
    );
    // floor(7 / 3) = 2 cheapest units: both B at 100 → −50 each.
    expect(totalsById(result)).toEqual({ '1': 60_000, '2': 10_000, '3': 60_000 });
    expect(result.totalMinor).toBe(130_000);
  });

  it('ties between equal prices go to the earlier line', () => {
    const result = run(
      [line('1', 'A', 10_000, 1), line('2', 'B', 10_000, 1), line('3', 'C', 10_000, 1)],
      [nth(3, 10_000)],
    );
    expect(totalsById(result)).toEqual({ '1': 0, '2': 10_000, '3': 10_000 });
  });

  it('2+1 within one line: 3 × 99.99 with the third free spreads evenly to 3 × 66.66', () => {
    const result = run([line('1', 'A', 9999, 3)], [nth(3, 10_000)]);
    expect(result.lines.map((l) => [l.quantity, l.unitPriceMinor])).toEqual([[3, 6666]]);
    expect(result.totalMinor).toBe(19_998);
  });

  it('max repeats caps the discounted units', () => {
    const result = run(
      [line('1', 'A', 10_000, 6)],
      [
        promo(
          'p',
          { kind: 'nth-item', scope: {}, everyN: 2, percentBp: 10_000 },
          { limits: { maxRepeats: 1 } },
        ),
      ],
    );
    expect(result.totalMinor).toBe(50_000);
  });

  it('says how many units are missing', () => {
    const result = run([line('1', 'A', 10_000, 2)], [nth(3, 10_000)]);
    expect(codes(result)).toEqual({ p: 'min_quantity_not_met' });
    expect(result.explanations[0]?.text).toEqual({
      ru: 'добавьте ещё 1 шт.',
      en: 'add 1 more item(s)',
    });
  });
});
