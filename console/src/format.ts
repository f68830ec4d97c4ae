import type { Language } from './i18n';

const locales: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };

/** Minor units as money of the programme (roubles in kopecks), by the operator's language. */
export function money(minor: number, language: Language): string {
  return new Intl.NumberFormat(locales[language], {
    style: 'currency',
    currency: 'RUB',
    currencyDisplay: 'narrowSymbol',
  }).format(minor / 100);
}

/** A calendar date ('2026-02-01') or an instant, as a date in the operator's language. */
export function date(value: string, language: Language): string {
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = new Date(calendar ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(locales[language], {
    dateStyle: 'medium',
    ...(calendar ? { timeZone: 'UTC' } : {}),
  }).format(at);
}

export function dateTime(value: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));
}

/** Whole points with the language's digit grouping. */
export function points(value: number, language: Language): string {
  return new Intl.NumberFormat(locales[language], { maximumFractionDigits: 0 }).format(value);
}

/** A line's quantity: whole units, or kilograms for weighted goods (sent in thousandths). */
export function quantity(value: number, weighted: boolean, language: Language): string {
  if (!weighted) return String(value);
  return new Intl.NumberFormat(locales[language], { minimumFractionDigits: 3 }).format(
    value / 1000,
  );
}

/** A count or ratio with the language's digit grouping, to at most `decimals` places. */
export function count(value: number, language: Language, decimals = 0): string {
  return new Intl.NumberFormat(locales[language], { maximumFractionDigits: decimals }).format(
    value,
  );
}

/** A share (0.125) as a percentage (12.5%), to one decimal. */
export function percent(share: number, language: Language): string {
  return new Intl.NumberFormat(locales[language], {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(share);
}
