import { dayMs } from '../calendar/day-number.ts';
import { wallClock } from '../calendar/time-zone.ts';

const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const isoLocal = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const russianLocal = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant (epoch ms) a check's time names: an ISO 8601 instant with `Z` or an offset, or a
 * local date-time without one — `2024-03-01 14:05[:07]`, `2024-03-01T14:05`, or as Russian
 * spreadsheets write it, `01.03.2024 14:05[:07]` — read on the wall clock of `timeZone`.
 * A local time skipped by a daylight-saving jump reads as the instant after the jump.
 * Null when the text is none of these or names no real date.
 */
export function parseCheckTime(text: string, timeZone: string): number | null {
  if (withOffset.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? null : at;
  }
  const iso = isoLocal.exec(text);
  const ru = iso ? null : russianLocal.exec(text);
  const parts = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : ru
      ? [ru[3], ru[2], ru[1], ru[4], ru[5], ru[6]]
      : null;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(local);
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  return instantOfWallClock(local, timeZone);
}

/**
 * The instant whose wall clock in `timeZone` reads `local` (its fields taken as UTC): the zone's
 * offset is found at a first guess and corrected once, which settles every offset change but a
 * skipped hour.
 */
function instantOfWallClock(local: number, timeZone: string): number {
  let at = local;
  for (let round = 0; round < 2; round++) {
    const clock = wallClock(at, timeZone);
    const seen = clock.day * dayMs + clock.minutes * 60_000 + (((at % 60_000) + 60_000) % 60_000);
    if (seen === local) return at;
    at += local - seen;
  }
  return at;
}
