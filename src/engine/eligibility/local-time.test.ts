import { describe, expect, it } from 'vitest';
import { localTimeAt, minutesOf } from './local-time.ts';

describe('localTimeAt', () => {
  it.each([
    // 2025-03-07 is a Friday. 06:30Z is 11:30 in Yekaterinburg (+5) and 09:30 in Moscow (+3).
    { now: '2025-03-07T06:30:00Z', zone: 'Asia/Yekaterinburg', isoDay: 5, time: '11:30' },
    { now: '2025-03-07T06:30:00Z', zone: 'Europe/Moscow', isoDay: 5, time: '09:30' },
    // Sunday 22:00Z is already Monday in Vladivostok (+10).
    { now: '2025-03-09T22:00:00Z', zone: 'Asia/Vladivostok', isoDay: 1, time: '08:00' },
    { now: '2025-03-09T00:00:00Z', zone: 'UTC', isoDay: 7, time: '00:00' },
  ])('$now in $zone', ({ now, zone, isoDay, time }) => {
    expect(localTimeAt(Date.parse(now), zone)).toEqual({ isoDay, minutes: minutesOf(time) });
  });
});
