import { type DayNumber, dateOfDay, dayMs, type EpochMs, startOfYear } from './day-number.ts';

/** True for an IANA zone name the runtime knows, e.g. `Europe/Moscow`. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    // Intl also accepts offsets and abbreviations such as "EST"; a store or programme needs a
    // real zone.
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

/** The wall clock of an instant in a zone: its local date and the minutes since local midnight. */
export interface WallClock {
  readonly day: DayNumber;
  readonly minutes: number;
}

// Building an Intl.DateTimeFormat costs far more than using one; a formatter depends only on its
// zone, so caching it keeps these functions pure in effect.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Reading a wall clock through Intl costs tens of microseconds under load, and a commit asks
// several times for the same minute (the purchase's day for segments, campaigns, the tier year).
// Since 2000 every zone's offset is whole minutes and changes only at whole minutes, so within
// one UTC minute the answer cannot change: the last minute read is kept per zone.
const minuteMs = 60_000;
const wholeMinuteOffsetsSince = Date.UTC(2000, 0, 1);
const lastMinutes = new Map<string, { minute: number; clock: WallClock }>();

/** Local date and time of `instant` in the IANA `timeZone` (throws RangeError for an unknown zone). */
export function wallClock(instant: EpochMs, timeZone: string): WallClock {
  if (instant < wholeMinuteOffsetsSince) return readWallClock(instant, timeZone);
  const minute = Math.floor(instant / minuteMs);
  const last = lastMinutes.get(timeZone);
  if (last?.minute === minute) return last.clock;
  const clock = readWallClock(instant, timeZone);
  lastMinutes.set(timeZone, { minute, clock });
  return clock;
}

function readWallClock(instant: EpochMs, timeZone: string): WallClock {
  let year = 0;
  let month = 0;
  let date = 0;
  let hours = 0;
  let minutes = 0;
  // A loop over the parts, no lookups by type: the engine calls this on its hot path.
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') date = Number(part.value);
    else if (part.type === 'hour') hours = Number(part.value);
    else if (part.type === 'minute') minutes = Number(part.value);
  }
  return { day: Date.UTC(year, month - 1, date) / dayMs, minutes: hours * 60 + minutes };
}

/** The calendar date an instant falls on in `timeZone` (IANA). */
export function localDay(instant: EpochMs, timeZone: string): DayNumber {
  return wallClock(instant, timeZone).day;
}

/** The calendar date (`YYYY-MM-DD`) of instant `at` in the IANA zone `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return dateOfDay(localDay(at.getTime(), timeZone));
}

// A local midnight costs ~27 wall-clock reads (the bisection below) and every commit asks for a
// period's start (the tier year, a campaign's days): the answer depends only on the date and
// the zone, so it is kept, like the formatters. Bounded: a zone's table is dropped when full.
const midnights = new Map<string, Map<DayNumber, EpochMs>>();
const midnightsPerZone = 4_096;

/**
 * The first instant of a calendar date in `timeZone`: local midnight, or the first moment that
 * exists when a daylight-saving jump skips midnight. Found by bisection over the window where it
 * must lie (UTC offsets span −12 h to +14 h), so it needs no table of transitions.
 */
export function startOfLocalDay(day: DayNumber, timeZone: string): EpochMs {
  let known = midnights.get(timeZone);
  const cached = known?.get(day);
  if (cached !== undefined) return cached;
  let before = day * dayMs - 15 * 3_600_000; // still the previous date everywhere
  let atOrAfter = day * dayMs + 13 * 3_600_000; // already this date everywhere
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (localDay(middle, timeZone) >= day) atOrAfter = middle;
    else before = middle;
  }
  if (!known || known.size >= midnightsPerZone) {
    known = new Map();
    midnights.set(timeZone, known);
  }
  known.set(day, atOrAfter);
  return atOrAfter;
}

/** The first instant of the calendar year `at` falls in, in `timeZone`. */
export function startOfLocalYear(at: EpochMs, timeZone: string): EpochMs {
  return startOfLocalDay(startOfYear(localDay(at, timeZone)), timeZone);
}
