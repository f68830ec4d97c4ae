/** Wall-clock day and time of an instant in a time zone. */
export interface LocalTime {
  /** ISO day of week, 1 = Monday. */
  readonly isoDay: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

// Building a formatter costs far more than formatting; zones are few, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// The last answer per zone, by UTC minute: zone offsets are whole minutes, so every instant of
// that minute has the same local day and time, and a till's calculations mostly share a minute
// (formatting to parts costs several microseconds).
const lastByZone = new Map<string, { readonly minute: number; readonly local: LocalTime }>();

/** Local day and time of `instantMs` in the IANA `timeZone` (throws RangeError for an unknown zone). */
export function localTimeAt(instantMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(instantMs / 60_000);
  const last = lastByZone.get(timeZone);
  if (last !== undefined && last.minute === minute) return last.local;
  const local = formatLocalTime(instantMs, timeZone);
  lastByZone.set(timeZone, { minute, local });
  return local;
}

function formatLocalTime(instantMs: number, timeZone: string): LocalTime {
  let isoDay = 0;
  let hours = 0;
  let minutes = 0;
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type === 'weekday') isoDay = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hours = Number(part.value);
    else if (part.type === 'minute') minutes = Number(part.value);
  }
  return { isoDay, minutes: hours * 60 + minutes };
}

/** "10:30" → 630. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
