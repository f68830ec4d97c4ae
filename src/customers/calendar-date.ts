const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

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

// UTC+14 (Kiritimati) is the first place on Earth to reach a new date; a birth date is in the
// future only if it is after today there, so nobody born today in their own time zone is refused.
const earliestOffsetMillis = 14 * 60 * 60 * 1000;

/** The latest calendar date anywhere on Earth at `now`, as `YYYY-MM-DD`. */
export function latestDateOnEarth(now: Date): string {
  return new Date(now.getTime() + earliestOffsetMillis).toISOString().slice(0, 10);
}
