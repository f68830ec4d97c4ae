import { sql } from 'kysely';
import type { AlertKind } from '../alert-kind.ts';

const minuteMs = 60_000;

/**
 * Failed integration calls: per API key, the share of its calls answered 4xx or 5xx over the last
 * `windowMinutes` (from the per-minute counts the nodes flush, see call-counter.ts), once the key
 * made at least `minCalls` — a till that called twice and failed once is no outage.
 */
export const integrationFailures: AlertKind = {
  kind: 'integration_failures',
  title: { ru: 'Ошибки вызовов интеграций', en: 'Failed integration calls' },
  description: {
    ru: 'Доля ответов 4xx/5xx по ключу API за окно',
    en: 'Share of 4xx/5xx answers per API key over a window',
  },
  params: [
    {
      name: 'windowMinutes',
      label: { ru: 'Окно, минут', en: 'Window, minutes' },
      type: 'integer',
      minimum: 1,
      maximum: 1440,
      default: 15,
    },
    {
      name: 'minCalls',
      label: { ru: 'Не меньше вызовов', en: 'At least calls' },
      type: 'integer',
      minimum: 1,
      maximum: 1_000_000,
      default: 20,
    },
    {
      name: 'failurePercent',
      label: { ru: 'Доля ошибок, %', en: 'Failed share, %' },
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 20,
    },
  ],
  async check(db, params, at) {
    const windowMinutes = Number(params.windowMinutes);
    const failurePercent = Number(params.failurePercent);
    // A bucket is the minute it starts; the one under way at `at` counts.
    const from = new Date(at.getTime() - windowMinutes * minuteMs);
    const rows = await db
      .selectFrom('api_call_counts as c')
      .leftJoin('api_keys as k', (join) => join.on(sql<boolean>`k.id::text = c.key_id`))
      .select(['c.key_id', 'k.name'])
      .select(sql<number>`sum(c.calls)::bigint`.as('calls'))
      .select(sql<number>`sum(c.failures)::bigint`.as('failures'))
      .where('c.minute', '>', from)
      .where('c.minute', '<=', at)
      .groupBy(['c.key_id', 'k.name'])
      .having(sql<number>`sum(c.calls)`, '>=', Number(params.minCalls))
      .orderBy('c.key_id')
      .execute();
    return rows
      .filter((row) => row.failures * 100 >= failurePercent * row.calls)
      .map((row) => {
        const percent = Math.floor((row.failures * 100) / row.calls);
        const name = row.name ?? row.key_id;
        return {
          subject: row.key_id,
          details: { keyName: name, calls: row.calls, failures: row.failures, percent },
          text: {
            ru: `Ключ «${name}»: ${row.failures} из ${row.calls} вызовов за ${windowMinutes} мин — ошибки (${percent}%)`,
            en: `Key "${name}": ${row.failures} of ${row.calls} calls in ${windowMinutes} min failed (${percent}%)`,
          },
        };
      });
  },
};
