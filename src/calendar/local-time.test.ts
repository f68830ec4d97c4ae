import { describe, expect, it } from 'vitest';
import { dayNumber } from './day-number.ts';
import { localTimeAt, minutesOf } from './local-time.ts';

describe('localTimeAt', () => {
  it.each([
    // 2025-03-07 is a Friday. 06:30Z is 11:30 in Yekaterinburg (+5) and 09:30 in Moscow (+3).
    {
      now: '2025-03-07T06:30:00Z',
      zone: 'Asia/Yekaterinburg',
      date: '2025-03-07',
      isoDay: 5,
      time: '11:30',
    },
    {
      now: '2025-03-07T06:30:00Z',
      zone: 'Europe/Moscow',
      date: '2025-03-07',
      isoDay: 5,
      time: '09:30',
    },
    // Sunday 22:00Z is already Monday in Vladivostok (+10).
    {
      now: '2025-03-09T22:00:00Z',
      zone: 'Asia/Vladivostok',
      date: '2025-03-10',
      isoDay: 1,
      time: '08:00',
    },
    { now: '2025-03-09T00:00:00Z', zone: 'UTC', date: '2025-03-09', isoDay: 7, time: '00:00' },
  ])('$now in $zone', ({ now, zone, date, isoDay, time }) => {
    expect(localTimeAt(Date.parse(now), zone)).toEqual({
      day: dayNumber(date),
      isoDay,
      minutes: minutesOf(time),
    });
  });

  it('answers every instant of one minute alike, and the next minute afresh', () => {
    const zone = 'Asia/Vladivostok';
    // 13:59:59.999Z is 23:59 on 28 Feb in Vladivostok (+10); a millisecond later it is 1 March.
    expect(localTimeAt(Date.parse('2025-02-28T13:59:00Z'), zone).minutes).toBe(23 * 60 + 59);
    expect(localTimeAt(Date.parse('2025-02-28T13:59:59.999Z'), zone)).toEqual({
      day: dayNumber('2025-02-28'),
      isoDay: 5,
      minutes: 23 * 60 + 59,
    });
    expect(localTimeAt(Date.parse('2025-02-28T14:00:00Z'), zone)).toEqual({
      day: dayNumber('2025-03-01'),
      isoDay: 6,
      minutes: 0,
    });
  });
});
