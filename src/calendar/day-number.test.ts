import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateOfDay,
  dayNumber,
  isCalendarDate,
  isoWeekday,
  latestDateOnEarth,
  monthNumber,
  monthOfNumber,
  startOfYear,
} from './day-number.ts';

describe('calendar dates as day numbers', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2025-03-01', 20_148],
    ['2028-02-29', 21_243],
  ])('%s is day %i and back', (date, day) => {
    expect(dayNumber(date)).toBe(day);
    expect(dateOfDay(day)).toBe(date);
  });

  it.each([
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
  ])('%s + %i day(s) is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 4], // a Thursday
    ['1969-12-29', 1],
    ['2025-03-09', 7],
    ['2025-03-10', 1],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(dayNumber(date))).toBe(weekday);
  });

  it('finds the first day of the year', () => {
    expect(dateOfDay(startOfYear(dayNumber('2025-12-31')))).toBe('2025-01-01');
  });

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-04-31', false],
  ])('%s is a calendar date: %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('names the latest date anywhere on Earth (UTC+14)', () => {
    expect(latestDateOnEarth(new Date('2025-03-01T09:59:59Z'))).toBe('2025-03-01');
    expect(latestDateOnEarth(new Date('2025-03-01T10:00:00Z'))).toBe('2025-03-02');
  });
});

describe('months as numbers', () => {
  it('count year × 12 + month − 1, from a month or a date in it, and back', () => {
    expect(monthNumber('1970-01')).toBe(23_640);
    expect(monthNumber('2026-12-07')).toBe(24_323);
    expect(monthNumber('2027-01') - monthNumber('2026-12')).toBe(1);
    expect(monthOfNumber(24_323)).toBe('2026-12');
    expect(monthOfNumber(24_324)).toBe('2027-01');
    expect(monthOfNumber(monthNumber('0999-03'))).toBe('0999-03');
  });
});
