/** An instant as milliseconds since the Unix epoch (UTC). */
export type EpochMs = number;

/** A calendar date with no zone, as whole days since 1970-01-01. */
export type DayNumber = number;

export const dayMs = 86_400_000;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` calendar date (not checked: see `isCalendarDate`). */
export function dayNumber(date: string): DayNumber {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    dayMs
  );
}

/** The `YYYY-MM-DD` calendar date of a day number. */
export function dateOfDay(day: DayNumber): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2001-02-29` is false). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** `day` moved by `months` calendar months, the day of month clamped (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: DayNumber, months: number): DayNumber {
  const date = new Date(day * dayMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfTarget)) / dayMs;
}

/** A month (`YYYY-MM`, or a date in it) as a count of months: year × 12 + month − 1. */
export function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The `YYYY-MM` of a {@link monthNumber}. */
export function monthOfNumber(n: number): string {
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** ISO day of week of a day number, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: DayNumber): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** 1 January of the year `day` falls in. */
export function startOfYear(day: DayNumber): DayNumber {
  return Date.UTC(new Date(day * dayMs).getUTCFullYear(), 0, 1) / dayMs;
}

// UTC+14 (Kiritimati) is the first place on Earth to reach a new date.
const earliestOffsetMs = 14 * 60 * 60 * 1000;

/**
 * The latest calendar date anywhere on Earth at `now`, as `YYYY-MM-DD`: a date is in the future
 * only if it is after this one, so nobody whose own date it already is gets refused.
 */
export function latestDateOnEarth(now: Date): string {
  return new Date(now.getTime() + earliestOffsetMs).toISOString().slice(0, 10);
}
