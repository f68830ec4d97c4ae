import { describe, expect, it } from 'vitest';
import { checkBusinessTime, checkWhatIfTime } from './business-time.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const fiveMinutes = 300_000;

describe('the business time guard', () => {
  it('passes a time up to exactly the tolerance ahead, the past and no time at all', () => {
    expect(() => checkBusinessTime('2026-03-01T12:05:00Z', now, fiveMinutes)).not.toThrow();
    expect(() => checkBusinessTime('2026-03-01T15:04:59+03:00', now, fiveMinutes)).not.toThrow();
    expect(() => checkBusinessTime('2020-01-01T00:00:00Z', now, fiveMinutes)).not.toThrow();
    expect(() => checkBusinessTime(undefined, now, fiveMinutes)).not.toThrow();
  });

  it('refuses one second past the tolerance, naming the field and the server time', () => {
    expect(() => checkBusinessTime('2026-03-01T12:05:01Z', now, fiveMinutes)).toThrow(
      expect.objectContaining({
        kind: 'unprocessable',
        code: 'business_time_in_future',
        field: '/at',
        message:
          "The business time 2026-03-01T12:05:01Z is 301 s ahead of the server's clock; at most " +
          "300 s are allowed (check the till's clock)",
        details: { serverTime: '2026-03-01T12:00:00.000Z', toleranceSeconds: 300 },
      }),
    );
    expect(() => checkBusinessTime('2026-03-01T12:00:01Z', now, 0)).toThrow(
      expect.objectContaining({ code: 'business_time_in_future' }),
    );
  });
});

describe('the what-if time guard', () => {
  it('passes up to exactly ten years ahead, the past and no time at all', () => {
    expect(() => checkWhatIfTime('2036-03-01T12:00:00Z', now)).not.toThrow();
    expect(() => checkWhatIfTime('2027-02-15T12:00:00+03:00', now)).not.toThrow();
    expect(() => checkWhatIfTime('2020-01-01T00:00:00Z', now)).not.toThrow();
    expect(() => checkWhatIfTime(undefined, now)).not.toThrow();
  });

  it('refuses one second past ten years, naming the field and the latest time', () => {
    expect(() => checkWhatIfTime('2036-03-01T12:00:01Z', now)).toThrow(
      expect.objectContaining({
        kind: 'unprocessable',
        code: 'what_if_too_far',
        field: '/at',
        message:
          'A what-if price is asked at most 10 years ahead, until 2036-03-01T12:00:00.000Z; ' +
          '2036-03-01T12:00:01Z is later',
        details: { latest: '2036-03-01T12:00:00.000Z', horizonYears: 10 },
      }),
    );
  });
});

describe('the earliest business time', () => {
  it('takes 2000-01-01 00:00 UTC and refuses a millisecond before, what-if or not', () => {
    expect(() => checkBusinessTime('2000-01-01T00:00:00Z', now, fiveMinutes)).not.toThrow();
    expect(() => checkWhatIfTime('2000-01-01T03:00:00+03:00', now)).not.toThrow();
    for (const guard of [
      (at: string) => checkBusinessTime(at, now, fiveMinutes),
      (at: string) => checkWhatIfTime(at, now),
    ]) {
      expect(() => guard('1999-12-31T23:59:59.999Z')).toThrow(
        expect.objectContaining({
          kind: 'unprocessable',
          code: 'business_time_too_early',
          field: '/at',
          message:
            "The business time 1999-12-31T23:59:59.999Z is before 2000-01-01T00:00:00.000Z (check the till's clock)",
          details: { earliest: '2000-01-01T00:00:00.000Z' },
        }),
      );
    }
  });
});
