/** An instant as milliseconds since the Unix epoch (UTC). */
export type EpochMs = number;

/** A calendar date with no zone, as whole days since 1970-01-01. */
export type DayNumber = number;

const dayMs = 86_400_000;

// Building an Intl.DateTimeFormat costs far more than using one; a formatter depends only on its
// zone, so caching it keeps these functions pure in effect.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The calendar date an instant falls on in `timeZone` (IANA). */
export function localDay(instant: EpochMs, timeZone: string): DayNumber {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / dayMs;
}

/**
 * The first instant of a calendar date in `timeZone`: local midnight, or the first moment that
 * exists when a daylight-saving jump skips midnight. Found by bisection over the window where it
 * must lie (UTC offsets span −12 h to +14 h), so it needs no table of transitions.
 */
export function startOfLocalDay(day: DayNumber, timeZone: string): EpochMs {
  let before = day * dayMs - 15 * 3_600_000; // still the previous date everywhere
  let atOrAfter = day * dayMs + 13 * 3_600_000; // already this date everywhere
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (localDay(middle, timeZone) >= day) atOrAfter = middle;
    else before = middle;
  }
  return atOrAfter;
}

/** `day` moved by `months` calendar months, the day of month clamped (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: DayNumber, months: number): DayNumber {
  const date = new Date(day * dayMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfTarget)) / dayMs;
}
