import { sql } from 'kysely';
import type { PromotionDefinition } from '../../engine/promotion/promotion-schema.ts';
import type { AlertCondition, AlertKind } from '../alert-kind.ts';

const hourMs = 3_600_000;
const weekHours = 168;
// A local date starts at 00:00 somewhere between UTC+14 and UTC−12: by 12:00 UTC it has begun in
// every store, and before 10:00 UTC of the same date (midnight after it at UTC+14) it has ended in
// none.
const latestDayStartMs = 12 * hourMs;
const earliestDayEndMs = 10 * hourMs;

/**
 * A promotion nobody used for `hours` although it was open all that time: active and unchanged
 * since before the window (its last save stands in for its activation), valid over the whole of
 * it, and in no committed, uncancelled purchase dated inside it. A promotion with a weekly
 * schedule is open only some hours of a week, so it is judged only over a window of a week or
 * more, which holds each of its open hours.
 */
export const promotionIdle: AlertKind = {
  kind: 'promotion_idle',
  title: { ru: 'Акция не срабатывает', en: 'Promotion not used' },
  description: {
    ru: 'Активная акция ни разу не применилась за N часов, пока была открыта',
    en: 'An active promotion was not applied once in N hours while open',
  },
  params: [
    {
      name: 'hours',
      label: { ru: 'Часов без применения', en: 'Hours without a use' },
      type: 'integer',
      minimum: 1,
      maximum: 2160,
      default: 24,
    },
  ],
  async check(db, params, at) {
    const hours = Number(params.hours);
    const from = new Date(at.getTime() - hours * hourMs);
    const rows = await db
      .selectFrom('promotions')
      .select(['id', 'definition'])
      .where('status', '=', 'active')
      .where('updated_at', '<=', from)
      .orderBy('id')
      .execute();
    const conditions: AlertCondition[] = [];
    for (const row of rows) {
      const definition = row.definition as PromotionDefinition;
      if (!openThroughout(definition, from, at, hours)) continue;
      const used = await db
        .selectFrom('purchases')
        .select('id')
        .where('business_at', '>=', from)
        .where('business_at', '<=', at)
        .where('cancelled', '=', false)
        .where(
          sql<boolean>`calculation -> 'appliedPromotions' @> ${JSON.stringify([{ promotionId: row.id }])}::jsonb`,
        )
        .limit(1)
        .executeTakeFirst();
      if (used) continue;
      conditions.push({
        subject: row.id,
        details: { promotionId: row.id, hours },
        text: {
          ru: `Акция «${definition.name}» не применилась ни разу за ${hours} ч`,
          en: `Promotion "${definition.name}" was not applied once in ${hours} h`,
        },
      });
    }
    return conditions;
  },
};

function openThroughout(
  definition: PromotionDefinition,
  from: Date,
  at: Date,
  hours: number,
): boolean {
  if (definition.schedule && hours < weekHours) return false;
  const start = definition.validFrom
    ? Date.parse(definition.validFrom)
    : definition.validFromDate
      ? Date.parse(`${definition.validFromDate}T00:00:00Z`) + latestDayStartMs
      : Number.NEGATIVE_INFINITY;
  const end = definition.validTo
    ? Date.parse(definition.validTo)
    : definition.validToDate
      ? Date.parse(`${definition.validToDate}T00:00:00Z`) + earliestDayEndMs
      : Number.POSITIVE_INFINITY;
  return start <= from.getTime() && end > at.getTime();
}
