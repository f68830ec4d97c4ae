import type { PromotionDefinition } from '../../engine/promotion/promotion-schema.ts';
import type { AlertCondition, AlertKind } from '../alert-kind.ts';

/**
 * A promotion's budget used to `percent` or more: its money budget (kopecks of discount) and its
 * points budget are each a subject of their own, read from the usage counters commits keep.
 */
export const budgetUsed: AlertKind = {
  kind: 'budget_used',
  title: { ru: 'Бюджет акции израсходован', en: 'Promotion budget used' },
  description: {
    ru: 'Акция потратила заданную долю бюджета (например, 80% или 100%)',
    en: 'A promotion has spent a share of its budget (80% or 100%, say)',
  },
  params: [
    {
      name: 'percent',
      label: { ru: 'Израсходовано, %', en: 'Used, %' },
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 80,
    },
  ],
  async check(db, params) {
    const percent = Number(params.percent);
    const rows = await db
      .selectFrom('promotions as p')
      .leftJoin('promotion_usage as u', 'u.promotion_id', 'p.id')
      .select(['p.id', 'p.definition', 'u.discount_minor', 'u.points'])
      .where('p.status', '=', 'active')
      .orderBy('p.id')
      .execute();
    const conditions: AlertCondition[] = [];
    for (const row of rows) {
      const definition = row.definition as PromotionDefinition;
      const budgets = [
        { unit: 'money', budget: definition.limits?.budgetMinor, spent: row.discount_minor ?? 0 },
        { unit: 'points', budget: definition.limits?.budgetPoints, spent: row.points ?? 0 },
      ] as const;
      for (const { unit, budget, spent } of budgets) {
        if (budget === undefined || spent * 100 < percent * budget) continue;
        const used = budget === 0 ? 100 : Math.floor((spent * 100) / budget);
        const amounts =
          unit === 'money'
            ? { ru: `${spent} из ${budget} коп.`, en: `${spent} of ${budget} kopecks` }
            : { ru: `${spent} из ${budget} баллов`, en: `${spent} of ${budget} points` };
        conditions.push({
          subject: `${row.id}:${unit}`,
          details: { promotionId: row.id, unit, budget, spent, usedPercent: used },
          text: {
            ru: `Акция «${definition.name}» израсходовала ${used}% бюджета: ${amounts.ru}`,
            en: `Promotion "${definition.name}" has used ${used}% of its budget: ${amounts.en}`,
          },
        });
      }
    }
    return conditions;
  },
};
