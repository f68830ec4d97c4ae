import type { Language } from './i18n';

const locales: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };

// Making an Intl formatter costs tens of microseconds, using one next to nothing: a page of
// tables and number inputs asks for the same few hundreds of times, so each is made once.
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function made<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}) =>
  made(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  made(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** Minor units as money of the programme (roubles in kopecks), by the operator's language. */
export function money(minor: number, language: Language): string {
  return numberFormat(locales[language], {
    style: 'currency',
    currency: 'RUB',
    currencyDisplay: 'narrowSymbol',
  }).format(minor / 100);
}

/** A calendar date ('2026-02-01') or an instant, as a date in the operator's language. */
export function date(value: string, language: Language): string {
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = new Date(calendar ? `${value}T00:00:00Z` : value);
  return dateFormat(locales[language], {
    dateStyle: 'medium',
    ...(calendar ? { timeZone: 'UTC' } : {}),
  }).format(at);
}

/**
 * A calendar month ('2026-11') as people write it: 'нояб. 2026' in Russian, 'Nov 2026' in
 * English (Intl's own words, without the Russian year's 'г.').
 */
export function month(value: string, language: Language): string {
  const at = new Date(`${value}-01T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return value;
  const parts = dateFormat(locales[language], {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(at);
  const first = parts.findIndex((part) => part.type === 'month' || part.type === 'year');
  const last = parts.findLastIndex((part) => part.type === 'month' || part.type === 'year');
  return parts
    .slice(first, last + 1)
    .map((part) => part.value)
    .join('');
}

/** Two months as a period: 'дек. 2025 — нояб. 2026'. */
export function monthRange(from: string, to: string, language: Language): string {
  return `${month(from, language)} — ${month(to, language)}`;
}

const dayjsTokens: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {
  day: 'DD',
  month: 'MM',
  year: 'YYYY',
};

/**
 * What a date picker shows and reads, as a dayjs pattern made from Intl's numeric date of the
 * language: 'DD.MM.YYYY' (ru), 'DD/MM/YYYY' (en); for a month picker 'MM.YYYY' / 'MM/YYYY'.
 */
export function datePattern(language: Language, picker: 'date' | 'month' = 'date'): string {
  const parts = dateFormat(locales[language], {
    ...(picker === 'date' ? { day: '2-digit' } : {}),
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(Date.UTC(2026, 10, 1)));
  return parts
    .map((part) => dayjsTokens[part.type] ?? (part.type === 'literal' ? part.value : ''))
    .join('');
}

/** The character between whole and fraction in the language: ',' in Russian, '.' in English. */
export function decimalSeparator(language: Language): string {
  return (
    numberFormat(locales[language])
      .formatToParts(1.5)
      .find((part) => part.type === 'decimal')?.value ?? '.'
  );
}

/**
 * How a number input shows and reads a number in the language: with the language's decimal mark
 * and a fixed count of decimals when not being typed ('1234,50' in Russian, '1234.50' in
 * English; ungrouped, as people type it), typed text left as typed. The reader takes either mark
 * as the decimal in Russian (a comma is a decimal there, never a group) and drops spaces and
 * English group commas, so a pasted '1 234,50' reads as 1234.5.
 */
export function numberInput(
  language: Language,
  precision: number,
): {
  formatter: (
    value: string | number | undefined,
    info: { userTyping: boolean; input: string },
  ) => string;
  parser: (text: string | undefined) => string;
} {
  const shown = numberFormat(locales[language], {
    minimumFractionDigits: precision,
    maximumFractionDigits: precision,
    useGrouping: false,
  });
  const decimal = decimalSeparator(language);
  return {
    formatter: (value, { userTyping, input }) => {
      if (userTyping) return input;
      if (value === undefined || value === '') return '';
      const number = Number(value);
      return Number.isFinite(number) ? shown.format(number) : String(value);
    },
    parser: (text) => {
      const compact = (text ?? '').replace(/[\s\u00a0\u202f]/g, '');
      const dotted = decimal === ',' ? compact.replace(',', '.') : compact.replaceAll(',', '');
      return dotted.replace(/[^\d.-]/g, '');
    },
  };
}

export function dateTime(value: string, language: Language): string {
  return dateFormat(locales[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));
}

/** Whole points with the language's digit grouping. */
export function points(value: number, language: Language): string {
  return numberFormat(locales[language], { maximumFractionDigits: 0 }).format(value);
}

/** A line's quantity: whole units, or kilograms for weighted goods (sent in thousandths). */
export function quantity(value: number, weighted: boolean, language: Language): string {
  if (!weighted) return String(value);
  return numberFormat(locales[language], { minimumFractionDigits: 3 }).format(value / 1000);
}

/** A count or ratio with the language's digit grouping, to at most `decimals` places. */
export function count(value: number, language: Language, decimals = 0): string {
  return numberFormat(locales[language], { maximumFractionDigits: decimals }).format(value);
}

/** A share (0.125) as a percentage (12.5%), to one decimal. */
export function percent(share: number, language: Language): string {
  return numberFormat(locales[language], {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(share);
}

/**
 * Noon of a local date (YYYY-MM-DD) in a time zone, as an instant: a time that falls on that
 * date in a store however far its zone lies from UTC (12:00Z is already tomorrow in Kamchatka).
 */
export function localNoon(day: string, timeZone: string): string {
  const [year = 0, monthOfYear = 1, dayOfMonth = 1] = day.split('-').map(Number);
  const guess = Date.UTC(year, monthOfYear - 1, dayOfMonth, 12);
  const parts = dateFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((item) => item.type === type)?.value ?? 0);
  // The zone's wall clock at the guess, read as if UTC: its distance from the guess is the offset.
  const shown = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  );
  return new Date(guess - (shown - guess)).toISOString();
}
