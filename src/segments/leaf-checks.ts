import { ageOn, daysToBirthday } from '../calendar/birthday.ts';
import { dayNumber } from '../calendar/day-number.ts';
import type { CustomerFacts } from './customer-facts.ts';
import { isChurnRisk, summarize } from './purchase-history.ts';
import { communicationEventNames } from './rule-conditions.ts';
import type { LeafRule } from './rule-schema.ts';

/** Whether one leaf held, and why, in English and Russian (values shown as they were compared). */
export interface LeafOutcome {
  held: boolean;
  en: string;
  ru: string;
}

type Check<K extends LeafRule['kind']> = (
  rule: Extract<LeafRule, { kind: K }>,
  facts: CustomerFacts,
  today: string,
) => LeafOutcome;

const outcome = (held: boolean, en: string, ru: string): LeafOutcome => ({ held, en, ru });
const inRange = (value: number, rule: { min?: number; max?: number }) =>
  (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
const rangeText = (rule: { min?: number; max?: number }) =>
  [rule.min === undefined ? '' : `≥ ${rule.min}`, rule.max === undefined ? '' : `≤ ${rule.max}`]
    .filter(Boolean)
    .join(' ');
const windowEn = (days?: number) => (days === undefined ? 'ever' : `in the last ${days} days`);
const windowRu = (days?: number) =>
  days === undefined ? 'за всё время' : `за последние ${days} дн.`;

const checks: { [K in LeafRule['kind']]: Check<K> } = {
  age: (rule, facts, today) => {
    if (facts.birthDate === null)
      return outcome(false, 'birth date unknown', 'дата рождения не указана');
    const age = ageOn(facts.birthDate, today);
    return outcome(
      inRange(age, rule),
      `age ${age}, needs ${rangeText(rule)}`,
      `возраст ${age}, нужно ${rangeText(rule)}`,
    );
  },
  gender: (rule, facts) =>
    outcome(
      facts.gender === rule.is,
      `gender ${facts.gender ?? 'unknown'}, needs ${rule.is}`,
      `пол ${facts.gender ?? 'не указан'}, нужно ${rule.is}`,
    ),
  city: (rule, facts) => {
    const city = facts.city?.trim().toLocaleLowerCase('ru') ?? null;
    const held = city !== null && rule.in.some((c) => c.trim().toLocaleLowerCase('ru') === city);
    const list = rule.in.join(', ');
    return outcome(
      held,
      `city ${facts.city ?? 'unknown'}, needs one of ${list}`,
      `город ${facts.city ?? 'не указан'}, нужен один из: ${list}`,
    );
  },
  birthdayWithin: (rule, facts, today) => {
    if (facts.birthDate === null)
      return outcome(false, 'birth date unknown', 'дата рождения не указана');
    const days = daysToBirthday(facts.birthDate, today);
    return outcome(
      days <= rule.days,
      `birthday in ${days} days, needs within ${rule.days}`,
      `день рождения через ${days} дн., нужно не позже чем через ${rule.days}`,
    );
  },
  consent: (rule, facts) => {
    const given = facts.consents[rule.channel] === true;
    const state = (yes: boolean, en: boolean) =>
      en ? (yes ? 'given' : 'not given') : yes ? 'дано' : 'не дано';
    return outcome(
      given === rule.given,
      `consent ${rule.channel} ${state(given, true)}, needs ${state(rule.given, true)}`,
      `согласие ${rule.channel} ${state(given, false)}, нужно: ${state(rule.given, false)}`,
    );
  },
  specialCategory: (rule, facts) => {
    const held = facts.specialCategories.includes(rule.is);
    const has = facts.specialCategories.join(', ') || '—';
    return outcome(
      held,
      `special categories ${has}, needs ${rule.is}`,
      `особые категории: ${has}, нужна ${rule.is}`,
    );
  },
  customField: (rule, facts) => customFieldCheck(rule, facts.customFields[rule.key]),
  spend: (rule, facts, today) => {
    const { spentMinor } = summarize(facts.days, today, rule.days);
    return outcome(
      inRange(spentMinor, rule),
      `spent ${spentMinor} kopecks ${windowEn(rule.days)}, needs ${rangeText(rule)}`,
      `потрачено ${spentMinor} коп. ${windowRu(rule.days)}, нужно ${rangeText(rule)}`,
    );
  },
  purchaseCount: (rule, facts, today) => {
    const { purchaseCount } = summarize(facts.days, today, rule.days);
    return outcome(
      inRange(purchaseCount, rule),
      `${purchaseCount} purchases ${windowEn(rule.days)}, needs ${rangeText(rule)}`,
      `покупок ${purchaseCount} ${windowRu(rule.days)}, нужно ${rangeText(rule)}`,
    );
  },
  averageCheck: (rule, facts, today) => {
    const { spentMinor, purchaseCount: count } = summarize(facts.days, today, rule.days);
    if (count === 0)
      return outcome(
        false,
        `no purchases ${windowEn(rule.days)}`,
        `нет покупок ${windowRu(rule.days)}`,
      );
    // Compared exactly as spend against bound × count; the shown average is rounded half up.
    const held =
      (rule.min === undefined || spentMinor >= rule.min * count) &&
      (rule.max === undefined || spentMinor <= rule.max * count);
    const average = Math.floor((2 * spentMinor + count) / (2 * count));
    return outcome(
      held,
      `average check ${average} kopecks ${windowEn(rule.days)}, needs ${rangeText(rule)}`,
      `средний чек ${average} коп. ${windowRu(rule.days)}, нужно ${rangeText(rule)}`,
    );
  },
  daysSinceLastPurchase: (rule, facts, today) => {
    const { lastDay } = summarize(facts.days, today, undefined);
    if (lastDay === null) return outcome(false, 'no purchases', 'покупок не было');
    const days = dayNumber(today) - dayNumber(lastDay);
    return outcome(
      inRange(days, rule),
      `${days} days since the last purchase, needs ${rangeText(rule)}`,
      `${days} дн. с последней покупки, нужно ${rangeText(rule)}`,
    );
  },
  boughtCategory: (rule, facts, today) =>
    boughtCheck(
      facts,
      today,
      rule.days,
      (s) => s.categories.includes(rule.categoryId),
      `category ${rule.categoryId}`,
      `категорию ${rule.categoryId}`,
    ),
  boughtBrand: (rule, facts, today) =>
    boughtCheck(
      facts,
      today,
      rule.days,
      (s) => s.brand === rule.brand,
      `brand ${rule.brand}`,
      `бренд ${rule.brand}`,
    ),
  boughtSku: (rule, facts, today) =>
    boughtCheck(
      facts,
      today,
      rule.days,
      (s) => s.sku === rule.sku,
      `SKU ${rule.sku}`,
      `товар ${rule.sku}`,
    ),
  rfm: (rule, facts) => {
    if (facts.rfm === null)
      return outcome(
        false,
        'no RFM score (not active in the RFM window)',
        'нет RFM-оценки (не было покупок в окне RFM)',
      );
    const score = facts.rfm[rule.score];
    return outcome(
      inRange(score, rule),
      `RFM ${rule.score} ${score}, needs ${rangeText(rule)}`,
      `RFM ${rule.score} ${score}, нужно ${rangeText(rule)}`,
    );
  },
  communication: (rule, facts, today) => {
    const from = windowStart(today, rule.days);
    const count = sum(
      facts.communications.filter(
        (c) =>
          c.event === rule.event &&
          (rule.channel === undefined || c.channel === rule.channel) &&
          (rule.campaign === undefined || c.campaign === rule.campaign) &&
          dayNumber(c.day) >= from,
      ),
    );
    const min = rule.min ?? 1;
    const name = communicationEventNames[rule.event] ?? { ru: rule.event, en: rule.event };
    const via = (word: string) =>
      [rule.channel && `${word} ${rule.channel}`, rule.campaign && `«${rule.campaign}»`]
        .filter(Boolean)
        .join(' ');
    return outcome(
      count >= min,
      `${count} "${name.en}" ${via('by')} ${windowEn(rule.days)}, needs ≥ ${min}`.replace(
        / +/g,
        ' ',
      ),
      `событий «${name.ru}» ${via('по')} ${windowRu(rule.days)}: ${count}, нужно ≥ ${min}`.replace(
        / +/g,
        ' ',
      ),
    );
  },
  couponUsed: (rule, facts, today) => {
    const from = windowStart(today, rule.days);
    const count = sum(
      facts.couponUses.filter(
        (u) =>
          (rule.seriesId === undefined || u.seriesId === rule.seriesId) && dayNumber(u.day) >= from,
      ),
    );
    const min = rule.min ?? 1;
    const series = rule.seriesId === undefined ? '' : ` ${rule.seriesId}`;
    return outcome(
      count >= min,
      `${count} coupons${series} used ${windowEn(rule.days)}, needs ≥ ${min}`,
      `использовано купонов${series} ${windowRu(rule.days)}: ${count}, нужно ≥ ${min}`,
    );
  },
  churnRisk: (rule, facts, today) => {
    const atRisk = isChurnRisk(summarize(facts.days, today, undefined), today);
    return outcome(
      atRisk === rule.atRisk,
      atRisk ? 'at risk of churn' : 'not at risk of churn',
      atRisk ? 'есть риск оттока' : 'риска оттока нет',
    );
  },
};

/** The first day of a window of `days` days ending `today`, as a day number. */
function windowStart(today: string, days: number | undefined): number {
  return days === undefined ? Number.NEGATIVE_INFINITY : dayNumber(today) - days + 1;
}

const sum = (rows: readonly { count: number }[]) => rows.reduce((n, row) => n + row.count, 0);

function boughtCheck(
  facts: CustomerFacts,
  today: string,
  days: number | undefined,
  matches: (sku: CustomerFacts['skus'][number]) => boolean,
  whatEn: string,
  whatRu: string,
): LeafOutcome {
  const from = days === undefined ? Number.NEGATIVE_INFINITY : dayNumber(today) - days + 1;
  const hit = facts.skus.find((s) => matches(s) && dayNumber(s.lastDay) >= from);
  return hit
    ? outcome(
        true,
        `bought ${whatEn} (${hit.sku} on ${hit.lastDay})`,
        `покупал ${whatRu} (${hit.sku}, ${hit.lastDay})`,
      )
    : outcome(
        false,
        `did not buy ${whatEn} ${windowEn(days)}`,
        `не покупал ${whatRu} ${windowRu(days)}`,
      );
}

function customFieldCheck(
  rule: Extract<LeafRule, { kind: 'customField' }>,
  actual: unknown,
): LeafOutcome {
  const shown = actual === undefined || actual === null ? 'absent' : JSON.stringify(actual);
  const present = actual !== undefined && actual !== null;
  let held: boolean;
  if (rule.op === 'exists') held = present;
  else if (rule.op === 'eq') held = actual === rule.value;
  else if (rule.op === 'ne') held = actual !== rule.value;
  else
    held =
      present &&
      typeof actual === typeof rule.value &&
      compare(rule.op, actual as never, rule.value as never);
  const wanted = rule.op === 'exists' ? 'to be set' : `${rule.op} ${JSON.stringify(rule.value)}`;
  return outcome(
    held,
    `field ${rule.key} is ${shown}, needs ${wanted}`,
    `поле ${rule.key}: ${shown === 'absent' ? 'не задано' : shown}, нужно ${wanted}`,
  );
}

function compare(op: 'gt' | 'gte' | 'lt' | 'lte', a: number | string, b: number | string): boolean {
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

/** Evaluates one leaf against a customer's facts on `today` (programme zone). */
export function checkLeaf(rule: LeafRule, facts: CustomerFacts, today: string): LeafOutcome {
  return (checks[rule.kind] as Check<LeafRule['kind']>)(rule as never, facts, today);
}
