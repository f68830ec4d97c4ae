import { describe, expect, it } from 'vitest';
import { parseCheckTime } from './check-time.ts';

const iso = (text: string, zone: string) => {
  const at = parseCheckTime(text, zone);
  return at === null ? null : new Date(at).toISOString();
};

describe('parseCheckTime', () => {
  it.each([
    ['2024-03-01T14:05:00+03:00', 'Asia/Vladivostok', '2024-03-01T11:05:00.000Z'],
    ['2024-03-01T14:05:07.250Z', 'Europe/Moscow', '2024-03-01T14:05:07.250Z'],
    ['2024-03-01 14:05', 'Europe/Moscow', '2024-03-01T11:05:00.000Z'],
    ['2024-03-01T14:05:09', 'Asia/Vladivostok', '2024-03-01T04:05:09.000Z'],
    ['01.03.2024 14:05', 'Europe/Moscow', '2024-03-01T11:05:00.000Z'],
    ['31.12.2023 23:59:59', 'Europe/Moscow', '2023-12-31T20:59:59.000Z'],
    // Berlin: summer time from 02:00 on 31 March 2024 (UTC+1 before, UTC+2 after).
    ['2024-03-31 01:30', 'Europe/Berlin', '2024-03-31T00:30:00.000Z'],
    ['2024-03-31 03:30', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'],
  ])('%s in %s is %s', (text, zone, expected) => {
    expect(iso(text, zone)).toBe(expected);
  });

  it.each([
    '2024-02-30 10:00',
    '31.02.2024 10:00',
    '2024-03-01 24:00',
    '2024-03-01',
    '1 March 2024',
    '2024-03-01T14:05+0300',
  ])('refuses %s', (text) => {
    expect(parseCheckTime(text, 'Europe/Moscow')).toBeNull();
  });
});
