import type { EpochMs } from '../calendar/day-number.ts';
import { dayNumber } from '../calendar/day-number.ts';
import { startOfLocalDay } from '../calendar/time-zone.ts';
import { monthsBetween } from './simulation-request.ts';

/** The months of a simulation: their labels and first instants, and the instant after the last. */
export interface MonthGrid {
  labels: string[];
  /** `starts[i]` begins month i; `starts[labels.length]` ends the period (exclusive). */
  starts: EpochMs[];
}

/** Months `fromMonth` … `toMonth` (YYYY-MM, inclusive), each from local midnight of its 1st. */
export function monthGrid(fromMonth: string, toMonth: string, timeZone: string): MonthGrid {
  const count = monthsBetween(fromMonth, toMonth);
  const [year, month] = fromMonth.split('-').map(Number) as [number, number];
  const labels: string[] = [];
  const starts: EpochMs[] = [];
  for (let i = 0; i <= count; i++) {
    const y = year + Math.floor((month - 1 + i) / 12);
    const m = ((month - 1 + i) % 12) + 1;
    const label = `${y}-${String(m).padStart(2, '0')}`;
    if (i < count) labels.push(label);
    starts.push(startOfLocalDay(dayNumber(`${label}-01`), timeZone));
  }
  return { labels, starts };
}

/** Index of the month `at` falls in; -1 before the period, `labels.length` after it. */
export function monthOf(grid: MonthGrid, at: EpochMs): number {
  const { starts } = grid;
  if (at < (starts[0] as number)) return -1;
  let i = 0;
  while (i < starts.length - 1 && at >= (starts[i + 1] as number)) i++;
  return i;
}
