import { dayNumber } from './day-number.ts';

/** Whole years from `birthDate` to `today` (`YYYY-MM-DD`); a 29 February birthday is reached on 1 March. */
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
