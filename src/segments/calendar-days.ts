const dayMillis = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` calendar date: windows compare whole days. */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    dayMillis
  );
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * dayMillis).toISOString().slice(0, 10);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) of instant `at` in the IANA zone `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format.format(at);
}

/** Whole years from `birthDate` to `today`; a 29 February birthday is reached on 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Days from `today` to the next birthday (0 when it is today). A 29 February birthday falls on
 * 28 February in a common year, so such customers are not left out three years in four.
 */
export function daysToBirthday(birthDate: string, today: string): number {
  const year = Number(today.slice(0, 4));
  const next = (y: number) => {
    const monthDay = birthDate.slice(5);
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return `${y}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
  };
  const thisYear = next(year);
  const target = thisYear >= today ? thisYear : next(year + 1);
  return dayNumber(target) - dayNumber(today);
}
