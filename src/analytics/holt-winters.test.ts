import { describe, expect, it } from 'vitest';
import { fitAndForecast, methodFor } from './holt-winters.ts';

// A yearly pattern summing to zero: December high, summer low (kopecks).
const pattern = [-30, -40, -10, 0, 10, 20, -20, -30, 0, 10, 20, 70].map((p) => p * 1_000_00);
const month = (t: number) => 5_000_000_00 + 2_000_00 * t + (pattern[t % 12] as number);

describe('Holt–Winters forecast', () => {
  it('chooses Holt–Winters from two years, Holt from four months, nothing below', () => {
    expect([3, 4, 23, 24].map(methodFor)).toEqual([
      null,
      'holt-linear',
      'holt-linear',
      'holt-winters-additive',
    ]);
  });

  it('forecasts a line plus a yearly pattern exactly, whatever the smoothing', () => {
    const series = Array.from({ length: 36 }, (_, t) => month(t));
    const fit = fitAndForecast(series, 12);
    expect(fit?.method).toBe('holt-winters-additive');
    expect(fit?.rmse).toBeLessThan(1e-6);
    expect(fit?.forecast.map(Math.round)).toEqual(
      Array.from({ length: 12 }, (_, i) => month(36 + i)),
    );
    // Year 4's December: 5 000 000 ₽ + 47 × 2 000 ₽ + 70 000 ₽.
    expect(Math.round(fit?.forecast[11] ?? 0)).toBe(5_164_000_00);
  });

  it('forecasts a straight line exactly with Holt’s method', () => {
    const fit = fitAndForecast([100_00, 150_00, 200_00, 250_00, 300_00], 3);
    expect(fit?.method).toBe('holt-linear');
    expect(fit?.forecast.map(Math.round)).toEqual([350_00, 400_00, 450_00]);
  });

  it('picks the smoothing with the least squared one-step error, the same each time', () => {
    // Noise that repeats no month of the year: ±6 000 ₽ at most.
    const noisy = Array.from(
      { length: 30 },
      (_, t) => month(t) + (((t * 7_919) % 13) - 6) * 1_000_00,
    );
    const first = fitAndForecast(noisy, 12);
    const again = fitAndForecast(noisy, 12);
    expect(again).toEqual(first);
    expect(first?.method).toBe('holt-winters-additive');
    expect(first?.rmse).toBeGreaterThan(0);
    // Still within the noise of the pattern: each month ahead off by less than 2%.
    first?.forecast.forEach((value, i) => {
      expect(Math.abs(value - month(30 + i)) / month(30 + i)).toBeLessThan(0.02);
    });
  });

  it('answers nothing for a series shorter than four months', () => {
    expect(fitAndForecast([1, 2, 3], 12)).toBeNull();
  });
});
