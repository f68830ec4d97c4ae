import { type DayNumber, type EpochMs, isoWeekday } from './day-number.ts';
import { wallClock } from './time-zone.ts';

/** Wall-clock date, weekday and time of an instant in a time zone. */
export interface LocalTime {
  /** The local calendar date. */
  readonly day: DayNumber;
  /** ISO day of week, 1 = Monday. */
  readonly isoDay: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

// The last answer per zone, by UTC minute: zone offsets are whole minutes, so every instant of
// that minute has the same local date and time, and a till's calculations mostly share a minute
// (formatting to parts costs several microseconds).
const lastByZone = new Map<string, { readonly minute: number; readonly local: LocalTime }>();

/**
 * Local date, weekday and time of `instantMs` in the IANA `timeZone` (throws RangeError for an
 * unknown zone). Memoised per zone for the last minute asked: the engine's hot path.
 */
export function localTimeAt(instantMs: EpochMs, timeZone: string): LocalTime {
  const minute = Math.floor(instantMs / 60_000);
  const last = lastByZone.get(timeZone);
  if (last !== undefined && last.minute === minute) return last.local;
  const { day, minutes } = wallClock(instantMs, timeZone);
  const local = { day, isoDay: isoWeekday(day), minutes };
  lastByZone.set(timeZone, { minute, local });
  return local;
}

/** "10:30" → 630. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
