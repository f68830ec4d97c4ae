import type { TierProgram } from './tier-program.ts';
import type { NextTier } from './tier-rules.ts';

/** "3 000 ₽", "3 000,50 ₽": kopecks as roubles with grouped thousands. */
export function formatRoubles(minor: number): string {
  const whole = Math.floor(minor / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const kopecks = minor % 100;
  return kopecks === 0 ? `${whole} ₽` : `${whole},${String(kopecks).padStart(2, '0')} ₽`;
}

// Russian counts take one of three forms: 1 покупку, 2 покупки, 5 покупок (and 11–14 покупок).
function purchasesRu(count: number): string {
  const tens = count % 100;
  const units = count % 10;
  if (tens >= 11 && tens <= 14) return `${count} покупок`;
  if (units === 1) return `${count} покупку`;
  if (units >= 2 && units <= 4) return `${count} покупки`;
  return `${count} покупок`;
}

/** What the customer still has to do to reach the next tier, in Russian and English. */
export function progressMessage(program: TierProgram, next: NextTier): { ru: string; en: string } {
  const { ru, en } = next.tier.name;
  if (program.metric === 'spent_minor') {
    const amount = formatRoubles(next.remaining);
    return {
      ru: `Потратьте ещё ${amount}, чтобы перейти на уровень ${ru}`,
      en: `Spend ${amount} more to reach ${en}`,
    };
  }
  const count = next.remaining;
  return {
    ru: `Сделайте ещё ${purchasesRu(count)}, чтобы перейти на уровень ${ru}`,
    en: `Make ${count} more purchase${count === 1 ? '' : 's'} to reach ${en}`,
  };
}
