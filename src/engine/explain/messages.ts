import { formatMoney, formatPercent, type Language, withMoney } from '../money/format-money.ts';
import type { ReasonCode, ReasonParams } from './reason.ts';

/** A message in every language the engine speaks. */
export interface LocalizedText {
  readonly ru: string;
  readonly en: string;
}

/** Reads params for one language: amounts in the programme's currency, basis points as percent. */
class Words {
  constructor(
    private readonly params: ReasonParams,
    readonly language: Language,
    private readonly currency: string,
  ) {}

  text(key: string): string {
    return String(this.params[key] ?? '');
  }

  money(key: string): string {
    return formatMoney(Number(this.params[key] ?? 0), this.language, this.currency);
  }

  percent(key: string): string {
    return formatPercent(Number(this.params[key] ?? 0), this.language);
  }

  /** A tier's reward: "10%" or "500 ₽". */
  reward(): string {
    return 'rewardBp' in this.params ? this.percent('rewardBp') : this.money('rewardMinor');
  }

  has(key: string): boolean {
    return key in this.params;
  }
}

type Template = { ru: (w: Words) => string; en: (w: Words) => string };

const COUPON_REFUSALS: Record<string, LocalizedText> = {
  unknown: { ru: 'не найден', en: 'not found' },
  expired: { ru: 'истёк', en: 'expired' },
  used_by_customer: {
    ru: 'покупатель уже использовал его',
    en: 'this customer has already used it',
  },
  exhausted: { ru: 'исчерпан: использований больше нет', en: 'used up: no uses are left' },
  not_started: { ru: 'ещё не действует', en: 'not valid yet' },
  other_customer: { ru: 'выдан другому покупателю', en: 'issued to another customer' },
  wrong_store: { ru: 'не действует в этом магазине', en: 'not valid in this store' },
  customer_required: {
    ru: 'нужна карта покупателя: промокод ограничен числом использований на покупателя',
    en: 'a loyalty member is required: the code has a per-customer limit',
  },
};

// A store's channel by the name people know it by (the console's words), not its API code.
const CHANNELS: Record<string, LocalizedText> = {
  pos: { ru: 'кассы магазинов', en: 'store till' },
  web: { ru: 'сайт', en: 'website' },
  app: { ru: 'мобильное приложение', en: 'mobile app' },
};

// A promotion's status in Russian; the English codes are English words already.
const STATUSES_RU: Record<string, string> = {
  draft: 'черновик',
  active: 'действует',
  paused: 'приостановлена',
  archived: 'в архиве',
};

function addToGet(w: Words): string {
  const ru =
    w.has('rewardBp') || w.has('rewardMinor') ? ` до скидки ${w.reward()}` : ' до условия акции';
  const en = w.has('rewardBp') || w.has('rewardMinor') ? ` to get ${w.reward()}` : ' to qualify';
  return w.language === 'ru'
    ? `добавьте ${w.money('missingMinor')}${ru}`
    : `add ${w.money('missingMinor')}${en}`;
}

/** "2025-02-01" → "01.02.2025". */
function dateRu(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** Validity by local dates: the promotion's days and the store's local date now. */
function localDatesRu(w: Words): string {
  const from = w.has('validFromDate') ? ` с ${dateRu(w.text('validFromDate'))}` : '';
  const to = w.has('validToDate') ? ` по ${dateRu(w.text('validToDate'))} включительно` : '';
  return (
    `акция действует${from}${to} по местному времени магазина ` +
    `(здесь сейчас ${dateRu(w.text('localDate'))})`
  );
}

function localDatesEn(w: Words): string {
  const from = w.has('validFromDate') ? ` from ${w.text('validFromDate')}` : '';
  const to = w.has('validToDate') ? ` to ${w.text('validToDate')} inclusive` : '';
  return `valid${from}${to} in store local dates (it is ${w.text('localDate')} here)`;
}

/** Every explanation text, by reason code. The one place to edit wording. */
const TEMPLATES: Record<ReasonCode, Template> = {
  applied: { ru: () => 'акция применена', en: () => 'applied' },
  not_active: {
    ru: (w) => `акция не активна (статус «${STATUSES_RU[w.text('status')] ?? w.text('status')}»)`,
    en: (w) => `the promotion is not active (status ${w.text('status')})`,
  },
  outside_validity: {
    ru: (w) => (w.has('localDate') ? localDatesRu(w) : 'акция не действует в эти даты'),
    en: (w) => (w.has('localDate') ? localDatesEn(w) : 'outside the promotion dates'),
  },
  outside_schedule: {
    ru: () => 'акция не действует в это время (по местному времени магазина)',
    en: () => "outside the promotion's hours (store local time)",
  },
  wrong_store: {
    ru: () => 'акция не действует в этом магазине',
    en: () => 'not valid in this store',
  },
  wrong_channel: {
    ru: (w) =>
      `акция не действует в канале «${CHANNELS[w.text('channel')]?.ru ?? w.text('channel')}»`,
    en: (w) => `not valid in the ${CHANNELS[w.text('channel')]?.en ?? w.text('channel')} channel`,
  },
  anonymous_not_allowed: {
    ru: () => 'акция только для участников программы',
    en: () => 'for identified loyalty members only',
  },
  not_in_segment: {
    ru: () => 'покупатель не входит в сегмент акции',
    en: () => "the customer is not in the promotion's segments",
  },
  excluded_segment: {
    ru: () => 'покупатель входит в исключённый сегмент',
    en: () => 'the customer is in an excluded segment',
  },
  wrong_tier: {
    ru: () => 'акция для другого уровня',
    en: () => 'the promotion is for another tier',
  },
  held_out: {
    ru: () => 'Контрольная группа: акция не применяется',
    en: () => 'held out: control group',
  },
  coupon_required: { ru: () => 'нужен промокод', en: () => 'a coupon code is required' },
  coupon_invalid: {
    ru: (w) =>
      `промокод ${w.text('code')} не принят: ${COUPON_REFUSALS[w.text('reason')]?.ru ?? ''}`,
    en: (w) => `coupon ${w.text('code')} refused: ${COUPON_REFUSALS[w.text('reason')]?.en ?? ''}`,
  },
  limit_reached: {
    ru: (w) =>
      `${w.text('scope') === 'customer' ? 'лимит на покупателя' : 'общий лимит'} исчерпан (${w.text('limit')})`,
    en: (w) =>
      `the ${w.text('scope') === 'customer' ? 'per-customer' : 'total'} use limit (${w.text('limit')}) is reached`,
  },
  threshold_not_met: { ru: addToGet, en: addToGet },
  next_tier: { ru: addToGet, en: addToGet },
  min_quantity_not_met: {
    ru: (w) => `добавьте ещё ${w.text('missingUnits')} шт.`,
    en: (w) => `add ${w.text('missingUnits')} more item(s)`,
  },
  required_product_missing: {
    ru: () => 'в корзине нет товара, обязательного для акции',
    en: () => 'the cart lacks a product the promotion requires',
  },
  no_eligible_lines: {
    ru: () => 'в корзине нет товаров акции',
    en: () => 'no product in the cart qualifies',
  },
  product_excluded: {
    ru: (w) => `товар ${w.text('sku')} исключён из акции`,
    en: (w) => `product ${w.text('sku')} is excluded`,
  },
  no_benefit: {
    ru: () => 'акция не даёт выгоды на этой корзине',
    en: () => 'no benefit on this cart',
  },
  capped_by_min_price: {
    ru: (w) => `скидка на ${w.text('sku')} ограничена минимальной ценой`,
    en: (w) => `the discount on ${w.text('sku')} is capped by its minimum price`,
  },
  capped_by_line_limit: {
    ru: (w) => `скидка на ${w.text('sku')} ограничена максимальной скидкой на товар`,
    en: (w) => `the discount on ${w.text('sku')} is capped by the maximum discount per line`,
  },
  capped_by_check_limit: {
    ru: () => 'скидка ограничена максимальной скидкой на чек',
    en: () => 'the discount is capped by the maximum discount per check',
  },
  budget_exhausted: {
    ru: () => 'бюджет акции исчерпан',
    en: () => "the promotion's budget is exhausted",
  },
  suppressed_by: {
    ru: (w) => `не суммируется с акцией «${w.text('promotionName')}»`,
    en: (w) => `does not stack with “${w.text('promotionName')}”`,
  },
  best_order: {
    ru: (w) =>
      `применена ${w.text('position')}-й из ${w.text('count')} в порядке, самом выгодном для ` +
      `покупателя: ${w.text('orderRu')}`,
    en: (w) =>
      `applied ${w.text('position')} of ${w.text('count')} in the order best for the customer: ` +
      `${w.text('orderEn')}`,
  },
  no_manual_request: {
    ru: () => 'ручная скидка не запрошена',
    en: () => 'no manual discount was requested',
  },
  manual_role_not_allowed: {
    ru: (w) => `роль ${w.text('role')} не может давать ручную скидку`,
    en: (w) => `role ${w.text('role')} may not give manual discounts`,
  },
  manual_limit_exceeded: {
    ru: (w) => `ручная скидка больше лимита роли ${w.text('role')} (${w.percent('limitBp')})`,
    en: (w) => `the manual discount exceeds the ${w.text('role')} limit (${w.percent('limitBp')})`,
  },
  no_base_accrual: {
    ru: () => 'нет базового начисления, которое можно умножить',
    en: () => 'no base accrual to multiply',
  },
};

/** Why an entered coupon or promo code was refused: "промокод SUMMER не принят: …". */
export function couponRefusalText(code: string, reason: string): LocalizedText {
  return reasonText('coupon_invalid', { code, reason });
}

/** The human text of a reason, in Russian and English, amounts in `currency` (ISO 4217). */
export function reasonText(
  code: ReasonCode,
  params: ReasonParams,
  currency = 'RUB',
): LocalizedText {
  const template = TEMPLATES[code];
  return {
    ru: template.ru(new Words(params, 'ru', currency)),
    en: template.en(new Words(params, 'en', currency)),
  };
}

/** "1 балл", "2 балла", "5 баллов". */
function pointsRu(points: number): string {
  const last = points % 10;
  const lastTwo = points % 100;
  if (last === 1 && lastTwo !== 11) return `${points} балл`;
  if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return `${points} балла`;
  return `${points} баллов`;
}

/** The start of an applied promotion's receipt line: "«Кофе −15%»: " / "“Кофе −15%”: ". */
export function receiptLabel(name: string): LocalizedText {
  return { ru: `«${name}»: `, en: `“${name}”: ` };
}

/**
 * A receipt line for an applied promotion: "«Кофе −15%»: скидка 45 ₽, +20 баллов". `label` is
 * the promotion's {@link receiptLabel}, made once per promotion rather than per receipt.
 */
export function appliedText(
  label: LocalizedText,
  discountMinor: number,
  points: number,
  gift: boolean,
  currency: string,
): LocalizedText {
  // Strings built directly (no part lists), left to right from the label, so no join is short
  // (see `withMoney`): this runs for every applied promotion.
  let ru = label.ru;
  let en = label.en;
  if (discountMinor > 0) {
    ru = withMoney(`${ru}скидка `, discountMinor, 'ru', currency);
    en = `${withMoney(en, discountMinor, 'en', currency)} off`;
  }
  if (points > 0) {
    ru += `${discountMinor > 0 ? ', ' : ''}+${pointsRu(points)}`;
    en += `${discountMinor > 0 ? ', ' : ''}+${points} point${points === 1 ? '' : 's'}`;
  }
  if (gift) {
    ru += discountMinor > 0 || points > 0 ? ', подарок' : 'подарок';
    en += discountMinor > 0 || points > 0 ? ', gift' : 'gift';
  }
  return { ru, en };
}

/** A receipt line for the check rounding: "Округление суммы чека: −0,55 ₽". */
export function roundingText(roundingMinor: number, currency: string): LocalizedText {
  return {
    ru: `Округление суммы чека: ${formatMoney(-roundingMinor, 'ru', currency)}`,
    en: `Check total rounded down: ${formatMoney(-roundingMinor, 'en', currency)}`,
  };
}
