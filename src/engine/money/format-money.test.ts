import { describe, expect, it } from 'vitest';
import { formatMilli, formatPercent, formatRoubles } from './format-money.ts';

describe('formatRoubles', () => {
  it.each([
    { minor: 30_000, ru: '300 ₽', en: '300 ₽' },
    { minor: 1999, ru: '19,99 ₽', en: '19.99 ₽' },
    { minor: 300_005, ru: '3\u00a0000,05 ₽', en: '3,000.05 ₽' },
    { minor: 5, ru: '0,05 ₽', en: '0.05 ₽' },
    { minor: -100, ru: '−1 ₽', en: '−1 ₽' },
  ])('$minor', ({ minor, ru, en }) => {
    expect(formatRoubles(minor, 'ru')).toBe(ru);
    expect(formatRoubles(minor, 'en')).toBe(en);
  });
});

describe('formatPercent and formatMilli', () => {
  it('renders basis points and thousandths', () => {
    expect(formatPercent(1000, 'en')).toBe('10%');
    expect(formatPercent(1250, 'ru')).toBe('12,5%');
    expect(formatPercent(5, 'en')).toBe('0.05%');
    expect(formatMilli(2474, 'ru')).toBe('2,474');
    expect(formatMilli(2000, 'en')).toBe('2');
    expect(formatMilli(500, 'en')).toBe('0.5');
  });
});
