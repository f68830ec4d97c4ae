/** Human renderings of amounts for explanations and receipt messages. */

export type Language = 'ru' | 'en';

const DECIMAL_SEPARATOR: Record<Language, string> = { ru: ',', en: '.' };

// Zero-padded digit groups, made once: formatting runs for every applied promotion and every
// hint, and building these per call (or grouping with a regular expression) was most of its cost.
const PADDED_TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const PADDED_THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
// Kopecks with their separator, per language ('' for none: whole amounts drop them). Chosen by
// comparing the language, not read by it as a key: a keyed read by a variable name, and each
// joined piece, cost more than the digits.
const CENTS_RU = PADDED_TWO.map((two, n) => (n === 0 ? '' : `,${two}`));
const CENTS_EN = PADDED_TWO.map((two, n) => (n === 0 ? '' : `.${two}`));

/** 1234567 → "1,234,567" with the language's separator. */
function groupThousands(whole: number, separator: string): string {
  let rest = Math.floor(whole / 1000);
  let text = PADDED_THREE[whole % 1000] as string;
  while (rest >= 1000) {
    text = `${PADDED_THREE[rest % 1000]}${separator}${text}`;
    rest = Math.floor(rest / 1000);
  }
  return `${rest}${separator}${text}`;
}

// Signs people read; a currency without one is written by its code ("300 BYN").
const SIGNS: Readonly<Record<string, string>> = {
  RUB: '₽',
  KZT: '₸',
  UAH: '₴',
  USD: '$',
  EUR: '€',
  GBP: '£',
  CNY: '¥',
};

/**
 * Minor units (1/100) of `currency` (ISO 4217, default RUB): 30 000 → "300 ₽", 1 999 →
 * "19,99 ₽" (ru) / "₽19.99" (en); in USD "19,99 $" (ru) / "$19.99" (en). The sign stands where
 * Intl puts it (as the console shows amounts): after the amount in Russian, before it in English,
 * a bare code too ("BYN 300"). Whole amounts drop their zero kopecks: the texts are prose.
 */
export function formatMoney(amountMinor: number, language: Language, currency = 'RUB'): string {
  return withMoney('', amountMinor, language, currency);
}

/**
 * `start` followed by the amount as {@link formatMoney} writes it ("«Кофе»: скидка " + "45 ₽"),
 * joined piece by piece after `start`. After a start of a dozen characters no join is short: V8
 * copies a short join of one-byte digits and a two-byte sign ("45" + " ₽") in a call into the
 * runtime, and formatting first, then joining, cost receipt texts three times as much.
 */
export function withMoney(
  start: string,
  amountMinor: number,
  language: Language,
  currency = 'RUB',
): string {
  const absolute = Math.abs(amountMinor);
  const whole = Math.floor(absolute / 100);
  const cents = absolute % 100;
  if (currency !== lastCurrency) {
    lastCurrency = currency;
    lastSymbol = SIGNS[currency] ?? currency;
    lastSuffix = ` ${lastSymbol}`;
    lastPrefix = lastSymbol === currency ? `${currency} ` : lastSymbol;
  }
  let text = amountMinor < 0 ? `${start}−` : start;
  if (language === 'en') {
    text += lastPrefix;
    text += whole < 1000 ? String(whole) : groupThousands(whole, ',');
    return text + (CENTS_EN[cents] as string);
  }
  text += whole < 1000 ? String(whole) : groupThousands(whole, '\u00a0');
  text += CENTS_RU[cents] as string;
  return text + lastSuffix;
}

// The last currency's sign, placement and suffix: a calculation formats every amount in one
// currency, and looking them up by name (and joining the sign anew) was a third of a call's cost.
let lastCurrency = 'RUB';
let lastSymbol = '₽';
let lastSuffix = ' ₽';
let lastPrefix = '₽';

/** Basis points as a percentage: 1 000 → "10%", 1 250 → "12,5%" (ru) / "12.5%" (en). */
export function formatPercent(percentBp: number, language: Language): string {
  const whole = Math.floor(percentBp / 100);
  const fraction = String(percentBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? `${whole}%` : `${whole}${DECIMAL_SEPARATOR[language]}${fraction}%`;
}

/** Thousandths of a unit (weighted goods) as a decimal: 2 474 → "2,474" (ru) / "2.474" (en). */
export function formatMilli(quantityMilli: number, language: Language): string {
  const fraction = String(quantityMilli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const whole = Math.floor(quantityMilli / 1000);
  return fraction === '' ? String(whole) : `${whole}${DECIMAL_SEPARATOR[language]}${fraction}`;
}
