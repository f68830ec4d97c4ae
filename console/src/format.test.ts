import { describe, expect, it } from 'vitest';
import { datePattern, decimalSeparator, localNoon, month, monthRange, numberInput } from './format';

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

  it.each([
    ['Europe/Moscow', '2027-02-01T09:00:00.000Z'],
    ['Asia/Kamchatka', '2027-02-01T00:00:00.000Z'],
    ['America/New_York', '2027-02-01T17:00:00.000Z'],
    ['UTC', '2027-02-01T12:00:00.000Z'],
  ])('noon of 1 February 2027 in %s is %s', (timeZone, instant) => {
    expect(localNoon('2027-02-01', timeZone)).toBe(instant);
  });

  it('a comma in Russian, a dot in English', () => {
    expect(decimalSeparator('ru')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
  });

  it.each([
    ['ru', 2, '1234.5', '1234,50'],
    ['en', 2, '1234.5', '1234.50'],
    ['ru', 0, '1500000', '1500000'],
    ['ru', 2, '-12.5', '-12,50'],
    ['ru', 4, '1.5', '1,5000'],
    ['en', 2, '', ''],
  ] as const)(
    'a %s number input with %i decimals shows %s as %s',
    (language, precision, value, shown) => {
      const { formatter } = numberInput(language, precision);
      expect(formatter(value, { userTyping: false, input: '' })).toBe(shown);
    },
  );

  it('a number being typed is left as typed', () => {
    expect(numberInput('ru', 2).formatter('12.3', { userTyping: true, input: '12,3' })).toBe(
      '12,3',
    );
  });

  it.each([
    ['ru', '1 234,50', '1234.50'],
    ['ru', '1\u00a0234,5', '1234.5'],
    ['ru', '99.90', '99.90'],
    ['ru', '-12,5', '-12.5'],
    ['en', '1,234.50', '1234.50'],
    ['en', '99.9', '99.9'],
  ] as const)('a %s number input reads %s as %s', (language, text, number) => {
    expect(numberInput(language, 2).parser(text)).toBe(number);
  });
});
