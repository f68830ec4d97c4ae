import { describe, expect, it } from 'vitest';
import { activationInstant, expiryInstant, lotInstants } from './instants.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString();

describe('activationInstant', () => {
  it.each([
    // earned 15:00 Moscow on 10 March, 14 days → 25 March 00:00 Moscow
    ['2026-03-10T12:00:00Z', 14, 'Europe/Moscow', '2026-03-24T21:00:00.000Z'],
    // 00:30 Moscow on 11 March is already the 11th there
    ['2026-03-10T21:30:00Z', 14, 'Europe/Moscow', '2026-03-25T21:00:00.000Z'],
    // 01:00 on 11 March in Yekaterinburg (UTC+5) while UTC still says the 10th
    ['2026-03-10T20:00:00Z', 14, 'Asia/Yekaterinburg', '2026-03-25T19:00:00.000Z'],
    // Berlin: activation on the day clocks go forward is still at 00:00 CET …
    ['2026-03-14T10:00:00Z', 14, 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    // … and the day after it at 00:00 CEST, an hour earlier in UTC
    ['2026-03-14T10:00:00Z', 15, 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    ['2026-03-10T12:00:00Z', 1, 'Europe/Moscow', '2026-03-11T21:00:00.000Z'],
  ])('earned %s with %i days in %s activates at %s', (earned, days, zone, expected) => {
    expect(iso(activationInstant(at(earned), days, zone))).toBe(expected);
  });

  it('activates at once when there is no return period', () => {
    expect(activationInstant(at('2026-03-10T12:34:56Z'), 0, 'Europe/Moscow')).toBe(
      at('2026-03-10T12:34:56Z'),
    );
  });
});

describe('expiryInstant', () => {
  it.each([
    // 31 Jan + 1 month is valid through 28 Feb: expires at 1 March 00:00 Moscow
    ['2026-01-31T12:00:00Z', 'months', 1, 'Europe/Moscow', '2026-02-28T21:00:00.000Z'],
    // leap year: through 29 Feb
    ['2028-01-31T12:00:00Z', 'months', 1, 'Europe/Moscow', '2028-02-29T21:00:00.000Z'],
    ['2026-03-10T12:00:00Z', 'days', 30, 'Europe/Moscow', '2026-04-09T21:00:00.000Z'],
    // a period starting at local midnight ends at local midnight
    ['2026-03-24T21:00:00Z', 'months', 1, 'Europe/Moscow', '2026-04-24T21:00:00.000Z'],
    // Berlin: the last valid day is the day clocks go back, the next midnight is CET
    ['2026-09-25T12:00:00Z', 'months', 1, 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    // Berlin: a month across the spring change ends at midnight CEST
    ['2026-02-28T23:00:00Z', 'months', 1, 'Europe/Berlin', '2026-03-31T22:00:00.000Z'],
    ['2026-03-10T20:00:00Z', 'days', 7, 'Asia/Yekaterinburg', '2026-03-18T19:00:00.000Z'],
  ] as const)('from %s, %s × %i in %s expires at %s', (from, unit, count, zone, expected) => {
    expect(iso(expiryInstant(at(from), { unit, count }, zone))).toBe(expected);
  });
});

describe('lotInstants', () => {
  const settings = { pendingDays: 14, timeZone: 'Europe/Moscow' };

  it('counts the validity period from activation', () => {
    const lot = lotInstants(at('2026-03-10T12:00:00Z'), {
      ...settings,
      expiry: { unit: 'months', count: 1 },
    });
    expect(iso(lot.activatesAt)).toBe('2026-03-24T21:00:00.000Z');
    expect(lot.expiresAt === null ? null : iso(lot.expiresAt)).toBe('2026-04-24T21:00:00.000Z');
  });

  it('gives the brief example when points are spendable at once: 31 Jan → end of 28 Feb', () => {
    const lot = lotInstants(at('2026-01-31T12:00:00Z'), {
      ...settings,
      pendingDays: 0,
      expiry: { unit: 'months', count: 1 },
    });
    expect(lot).toEqual({
      activatesAt: at('2026-01-31T12:00:00Z'),
      expiresAt: at('2026-02-28T21:00:00Z'),
    });
  });

  it('never expires without an expiry rule', () => {
    expect(lotInstants(at('2026-03-10T12:00:00Z'), { ...settings, expiry: null }).expiresAt).toBe(
      null,
    );
  });
});
