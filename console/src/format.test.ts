import { describe, expect, it } from 'vitest';
import { datePattern, decimalSeparator, month, monthRange } from './format';

describe('dates and numbers as the operator reads them', () => {
  it.each([
    ['ru', '2026-11', 'нояб. 2026'],
    ['en', '2026-11', 'Nov 2026'],
    ['ru', '2026-01', 'янв. 2026'],
    ['en', 'not a month', 'not a month'],
  ] as const)('month %s %s → %s', (language, value, shown) => {
    expect(month(value, language)).toBe(shown);
  });

  it('a period of months', () => {
    expect(monthRange('2025-12', '2026-11', 'ru')).toBe('дек. 2025 — нояб. 2026');
    expect(monthRange('2025-12', '2026-11', 'en')).toBe('Dec 2025 — Nov 2026');
  });

  it('date pickers read and show numeric dates of the language', () => {
    expect(datePattern('ru')).toBe('DD.MM.YYYY');
    expect(datePattern('en')).toBe('DD/MM/YYYY');
    expect(datePattern('ru', 'month')).toBe('MM.YYYY');
    expect(datePattern('en', 'month')).toBe('MM/YYYY');
  });

  it('a comma in Russian, a dot in English', () => {
    expect(decimalSeparator('ru')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
  });
});
