import { describe, expect, it } from 'vitest';
import { formatMilli, formatMoney, formatPercent } from './format-money.ts';

describe('formatMoney', () => {
  it.each([
    { minor: 30_000, ru: '300 ₽', en: '₽300' },
    { minor: 1999, ru: '19,99 ₽', en: '₽19.99' },
    { minor: 300_005, ru: '3\u00a0000,05 ₽', en: '₽3,000.05' },
    { minor: 5, ru: '0,05 ₽', en: '₽0.05' },
    { minor: -100, ru: '−1 ₽', en: '−₽1' },
  ])('$minor', ({ minor, ru, en }) => {
    expect(formatMoney(minor, 'ru')).toBe(ru);
    expect(formatMoney(minor, 'en')).toBe(en);
  });

  it.each([
    { currency: 'KZT', minor: 150_050, ru: '1\u00a0500,50 ₸', en: '₸1,500.50' },
    { currency: 'USD', minor: 1999, ru: '19,99 $', en: '$19.99' },
    { currency: 'EUR', minor: -250, ru: '−2,50 €', en: '−€2.50' },
    { currency: 'BYN', minor: 30_000, ru: '300 BYN', en: 'BYN 300' },
  ])('$minor in $currency', ({ currency, minor, ru, en }) => {
    expect(formatMoney(minor, 'ru', currency)).toBe(ru);
    expect(formatMoney(minor, 'en', currency)).toBe(en);
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
