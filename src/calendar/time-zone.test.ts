import { describe, expect, it } from 'vitest';
import { addMonths } from './day-number.ts';
import {
  isTimeZone,
  localDate,
  localDay,
  startOfLocalDay,
  startOfLocalYear,
  wallClock,
} from './time-zone.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('localDay', () => {
  it.each([
    ['2026-03-10T20:59:59Z', 'Europe/Moscow', '2026-03-10'],
    ['2026-03-10T21:00:00Z', 'Europe/Moscow', '2026-03-11'],
    ['2026-03-10T19:00:00Z', 'Asia/Yekaterinburg', '2026-03-11'],
    ['2026-03-11T04:00:00Z', 'America/New_York', '2026-03-11'],
    ['2026-03-11T03:59:59Z', 'America/New_York', '2026-03-10'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(localDay(at(instant), zone)).toBe(day(date));
  });
});

describe('wallClock', () => {
  // Kept per zone for the last minute read: readings in a row must still see each change.
  it('reads each minute afresh, across a clock change and between zones', () => {
    const readings = [
      ['2026-03-29T00:59:00Z', 'Europe/Berlin'],
      ['2026-03-29T00:59:59Z', 'Europe/Berlin'],
      ['2026-03-29T00:59:30Z', 'Asia/Kathmandu'],
      ['2026-03-29T01:00:00Z', 'Europe/Berlin'],
      ['2026-03-29T00:59:30Z', 'Europe/Berlin'],
      ['1971-06-01T12:00:20Z', 'Africa/Monrovia'],
      ['1971-06-01T12:00:40Z', 'Africa/Monrovia'],
    ].map(([instant, zone]) => wallClock(at(instant as string), zone as string));
    expect(readings.map((clock) => clock.minutes)).toEqual([
      1 * 60 + 59,
      1 * 60 + 59,
      6 * 60 + 44,
      3 * 60,
      1 * 60 + 59,
      11 * 60 + 15,
      11 * 60 + 16,
    ]);
    expect(readings[3]?.day).toBe(day('2026-03-29'));
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-03-25', 'Europe/Moscow', '2026-03-24T21:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'], // the day clocks go forward
    ['2026-03-30', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'], // the day clocks go back
    ['2026-10-26', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    ['2026-03-26', 'Asia/Yekaterinburg', '2026-03-25T19:00:00.000Z'],
    ['2026-01-01', 'Pacific/Kiritimati', '2025-12-31T10:00:00.000Z'], // UTC+14
    ['2026-01-01', 'Etc/GMT+12', '2026-01-01T12:00:00.000Z'], // UTC−12
  ])('%s in %s starts at %s', (date, zone, expected) => {
    expect(new Date(startOfLocalDay(day(date), zone)).toISOString()).toBe(expected);
  });

  it('starts a day whose midnight a clock change skips at the first moment that exists', () => {
    // Santiago moved clocks from 00:00 to 01:00 on 2025-09-07 (UTC−4 → UTC−3).
    const start = startOfLocalDay(day('2025-09-07'), 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2025-09-07T04:00:00.000Z');
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-31', 12, '2027-05-31'],
  ])('%s + %i months is %s', (from, months, expected) => {
    expect(addMonths(day(from), months)).toBe(day(expected));
  });
});

describe('localDate and startOfLocalYear', () => {
  it('writes the local date of an instant', () => {
    expect(localDate(new Date('2025-02-28T14:00:00Z'), 'Asia/Vladivostok')).toBe('2025-03-01');
    expect(localDate(new Date('2025-02-28T14:00:00Z'), 'Europe/Moscow')).toBe('2025-02-28');
  });

  it('starts the local year at local midnight of 1 January', () => {
    const start = startOfLocalYear(at('2025-06-01T12:00:00Z'), 'Asia/Vladivostok');
    expect(new Date(start).toISOString()).toBe('2024-12-31T14:00:00.000Z');
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Europe/Moscow', true],
    ['UTC', true],
    ['EST', false],
    ['+03:00', false],
    ['Mars/Olympus', false],
  ])('%s → %s', (name, expected) => {
    expect(isTimeZone(name)).toBe(expected);
  });
});
