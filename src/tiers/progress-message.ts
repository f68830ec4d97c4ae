import { formatMoney } from '../engine/money/format-money.ts';
import type { TierProgram } from './tier-program.ts';
import type { NextTier } from './tier-rules.ts';

// Russian counts take one of three forms: 1 покупку, 2 покупки, 5 покупок (and 11–14 покупок).
function purchasesRu(count: number): string {
  const tens = count % 100;
  const units = count % 10;
  if (tens >= 11 && tens <= 14) return `${count} покупок`;
  if (units === 1) return `${count} покупку`;
  if (units >= 2 && units <= 4) return `${count} покупки`;
  return `${count} покупок`;
}

/**
 * What the customer still has to do to reach the next tier, in Russian and English, amounts in
 * the programme's `currency`; that nothing is left, when the condition is met already.
 */
export function progressMessage(
  program: TierProgram,
  next: NextTier,
  currency: string,
): { ru: string; en: string } {
  const { ru, en } = next.tier.name;
  // Met but not moved: automatic upgrades are off, or the customer was moved down by hand.
  if (next.remaining <= 0) {
    return { ru: `Условие уровня ${ru} уже выполнено`, en: `Already meets the condition of ${en}` };
  }
  if (program.metric === 'spent_minor') {
    return {
      ru: `Потратьте ещё ${formatMoney(next.remaining, 'ru', currency)}, чтобы перейти на уровень ${ru}`,
      en: `Spend ${formatMoney(next.remaining, 'en', currency)} more to reach ${en}`,
    };
  }
  const count = next.remaining;
  return {
    ru: `Сделайте ещё ${purchasesRu(count)}, чтобы перейти на уровень ${ru}`,
    en: `Make ${count} more purchase${count === 1 ? '' : 's'} to reach ${en}`,
  };
}
