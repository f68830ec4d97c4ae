import { sql } from 'kysely';
import type { AlertKind } from '../alert-kind.ts';

const hourMs = 3_600_000;

/**
 * The points customers hold (pending and active: what the programme owes) grew by
 * `growthPercent` or more over the last `periodHours`, by business time of the ledger's entries.
 * A programme that owed nothing at the start has no growth to measure and is left alone.
 */
export const liabilityGrowth: AlertKind = {
  kind: 'liability_growth',
  title: { ru: 'Рост обязательств по баллам', en: 'Points liability growth' },
  description: {
    ru: 'Баллы на счетах клиентов выросли на заданный процент за период',
    en: "Points in customers' accounts grew by a percentage over a period",
  },
  params: [
    {
      name: 'periodHours',
      label: { ru: 'Период, часов', en: 'Period, hours' },
      type: 'integer',
      minimum: 1,
      maximum: 8760,
      default: 24,
    },
    {
      name: 'growthPercent',
      label: { ru: 'Рост, %', en: 'Growth, %' },
      type: 'integer',
      minimum: 1,
      maximum: 100_000,
      default: 20,
    },
  ],
  async check(db, params, at) {
    const periodHours = Number(params.periodHours);
    const growthPercent = Number(params.growthPercent);
    const from = new Date(at.getTime() - periodHours * hourMs);
    // Points come from `world` into the customer's accounts and go back to it when spent,
    // expired or taken back; moves between pending and active change nothing owed.
    const change = sql<number>`case when from_account = 'world' then points
      when to_account = 'world' then -points else 0 end`;
    const row = await db
      .selectFrom('points_entries')
      .select(
        sql<number>`coalesce(sum(${change}) filter (where effective_at <= ${from}), 0)::bigint`.as(
          'before',
        ),
      )
      .select(sql<number>`coalesce(sum(${change}), 0)::bigint`.as('after'))
      .where('effective_at', '<=', at)
      .executeTakeFirstOrThrow();
    const { before, after } = row;
    if (before <= 0 || (after - before) * 100 < growthPercent * before) return [];
    const grown = Math.floor(((after - before) * 100) / before);
    return [
      {
        subject: 'programme',
        details: { beforePoints: before, afterPoints: after, growthPercent: grown, periodHours },
        text: {
          ru: `Обязательства по баллам выросли на ${grown}% за ${periodHours} ч: с ${before} до ${after}`,
          en: `Points liability grew by ${grown}% in ${periodHours} h: from ${before} to ${after}`,
        },
      },
    ];
  },
};
