import type { LocalizedText } from '../engine/explain/messages.ts';
import { formatMoney, formatPercent } from '../engine/money/format-money.ts';

export type FindingKind = 'overlap' | 'never_fires' | 'margin_risk';
export type Severity = 'error' | 'warning' | 'info';

/**
 * Stable codes of what a finding is about. overlap: `stacked` (both apply to the same units, the
 * discounts add up), `suppressed` (one keeps the other out). never_fires: `validity_over`,
 * `empty_scope`, `empty_segment`, `schedule_never_open`, `coupons_exhausted`,
 * `threshold_unreached`, `always_suppressed`. margin_risk: `over_ceiling`, `min_price_only`.
 */
export type FindingCause =
  | 'stacked'
  | 'suppressed'
  | 'validity_over'
  | 'empty_scope'
  | 'empty_segment'
  | 'schedule_never_open'
  | 'coupons_exhausted'
  | 'threshold_unreached'
  | 'always_suppressed'
  | 'over_ceiling'
  | 'min_price_only';

/** A cart that shows a finding, as the engine priced it (every example is confirmed by it). */
export interface ExampleCart {
  readonly storeId: string;
  /** The instant of the example purchase. */
  readonly at: string;
  /** The customer's facts the example needs (null: anonymous). */
  readonly customer: { readonly segmentIds: string[]; readonly tierId: string | null };
  readonly couponCodes: string[];
  readonly lines: {
    readonly sku: string;
    readonly quantity: number;
    readonly unitPriceMinor: number;
  }[];
  readonly subtotalMinor: number;
  readonly totalMinor: number;
  /** What each promotion of the finding gave on this cart (0: it did not apply). */
  readonly discountByPromotion: Record<string, number>;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly cause: FindingCause;
  readonly severity: Severity;
  /** The promotions involved; the first is the one the finding is about. */
  readonly promotionIds: string[];
  readonly example: ExampleCart | null;
  /** Numbers of the finding (amounts in kopecks, percentages in basis points). */
  readonly details: Record<string, string | number>;
  readonly text: LocalizedText;
}

type Words = Readonly<Record<string, string | number>>;

const money = (minor: unknown, lang: 'ru' | 'en', currency: string) =>
  formatMoney(Number(minor ?? 0), lang, currency);
const pct = (bp: unknown, lang: 'ru' | 'en') => formatPercent(Number(bp ?? 0), lang);

/** The finding's text in Russian and English; `names` by promotion id. */
export function findingText(
  cause: FindingCause,
  ids: readonly string[],
  names: ReadonlyMap<string, string>,
  d: Words,
  currency: string,
): LocalizedText {
  const [a = '', b = ''] = ids.map((id) => names.get(id) ?? id);
  const ru = (x: string) => `«${x}»`;
  const en = (x: string) => `“${x}”`;
  switch (cause) {
    case 'stacked':
      return {
        ru: `${ru(a)} и ${ru(b)} применяются к одним и тем же товарам вместе: на примере скидка ${money(d.combinedDiscountMinor, 'ru', currency)} (${pct(d.combinedBp, 'ru')})`,
        en: `${en(a)} and ${en(b)} apply to the same items together: ${money(d.combinedDiscountMinor, 'en', currency)} off in the example (${pct(d.combinedBp, 'en')})`,
      };
    case 'suppressed':
      return {
        ru: `${ru(b)} не даёт применить ${ru(a)} к тем же товарам (правила суммирования)`,
        en: `${en(b)} keeps ${en(a)} off the same items (stacking rules)`,
      };
    case 'validity_over':
      return {
        ru: `Срок действия ${ru(a)} уже закончился`,
        en: `${en(a)} has already ended`,
      };
    case 'empty_scope':
      return {
        ru: `Под условия ${ru(a)} не подходит ни один товар каталога`,
        en: `No product of the catalogue falls under ${en(a)}`,
      };
    case 'empty_segment':
      return {
        ru: `В сегментах аудитории ${ru(a)} нет ни одного покупателя`,
        en: `The audience segments of ${en(a)} hold no customer`,
      };
    case 'schedule_never_open':
      return {
        ru: `${ru(a)} не действует ни в одном магазине ни в какое время (даты, расписание, каналы и магазины не пересекаются)`,
        en: `${en(a)} is open in no store at any time (its dates, hours, channels and stores never meet)`,
      };
    case 'coupons_exhausted':
      return {
        ru: `${ru(a)} требует промокод, а действующих промокодов не осталось`,
        en: `${en(a)} needs a coupon code and no usable code is left`,
      };
    case 'threshold_unreached':
      return {
        ru: `Порог ${ru(a)} ${money(d.thresholdMinor, 'ru', currency)} выше любого из последних ${d.checks} чеков (наибольший ${money(d.largestMinor, 'ru', currency)})`,
        en: `The ${money(d.thresholdMinor, 'en', currency)} threshold of ${en(a)} is above every one of the last ${d.checks} checks (largest ${money(d.largestMinor, 'en', currency)})`,
      };
    case 'always_suppressed':
      return {
        ru: `${ru(a)} не применилась ни в одной из ${d.cartsTried} примерных корзин: её всегда вытесняет ${ru(b)}`,
        en: `${en(a)} applied in none of ${d.cartsTried} example carts: ${en(b)} always keeps it out`,
      };
    case 'over_ceiling':
      return {
        ru: `Суммарная скидка на ${d.sku} — ${pct(d.effectiveBp, 'ru')}, выше допустимых ${pct(d.ceilingBp, 'ru')}`,
        en: `The combined discount on ${d.sku} is ${pct(d.effectiveBp, 'en')}, above the ${pct(d.ceilingBp, 'en')} ceiling`,
      };
    case 'min_price_only':
      return {
        ru: `${ru(a)} упирается в минимальную цену ${d.sku}: реальная скидка ${pct(d.effectiveBp, 'ru')} вместо ${pct(d.nominalBp, 'ru')}`,
        en: `${en(a)} is held at the minimum price of ${d.sku}: the effective discount is ${pct(d.effectiveBp, 'en')}, not ${pct(d.nominalBp, 'en')}`,
      };
  }
}
