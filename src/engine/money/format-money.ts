/** Human renderings of amounts for explanations and receipt messages. */

export type Language = 'ru' | 'en';

const GROUP_SEPARATOR: Record<Language, string> = { ru: '\u00a0', en: ',' };
const DECIMAL_SEPARATOR: Record<Language, string> = { ru: ',', en: '.' };

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Kopecks as roubles: 30 000 → "300 ₽", 1 999 → "19,99 ₽" (ru) / "19.99 ₽" (en). */
export function formatRoubles(amountMinor: number, language: Language): string {
  const sign = amountMinor < 0 ? '−' : '';
  const absolute = Math.abs(amountMinor);
  const whole = Math.floor(absolute / 100);
  // Most amounts have no thousands to group: skip the regular expression for them.
  const roubles =
    whole < 1000 ? String(whole) : groupThousands(String(whole), GROUP_SEPARATOR[language]);
  const kopecks = absolute % 100;
  const fraction =
    kopecks === 0 ? '' : `${DECIMAL_SEPARATOR[language]}${String(kopecks).padStart(2, '0')}`;
  return `${sign}${roubles}${fraction} ₽`;
}

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
