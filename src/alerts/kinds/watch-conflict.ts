import type { Finding, Severity } from '../../watch/findings.ts';
import type { AlertKind } from '../alert-kind.ts';

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * A finding of the latest nightly promotion watch run (up to `at`) at `minSeverity` or above;
 * each finding, named by its cause and promotions, is a subject of its own, so a conflict fixed
 * before the next run closes with it.
 */
export const watchConflict: AlertKind = {
  kind: 'watch_conflict',
  title: { ru: 'Конфликт акций', en: 'Promotion conflict' },
  description: {
    ru: 'Ночная проверка акций нашла конфликт не ниже заданной важности',
    en: 'The nightly promotion watch found a conflict at a severity or above',
  },
  params: [
    {
      name: 'minSeverity',
      label: { ru: 'Важность не ниже', en: 'Severity at least' },
      type: 'choice',
      choices: ['error', 'warning', 'info'],
      default: 'error',
    },
  ],
  async check(db, params, at) {
    const run = await db
      .selectFrom('watch_runs')
      .select(['findings', 'analyzed_at'])
      .where('analyzed_at', '<=', at)
      .orderBy('analyzed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!run) return [];
    const least = rank[params.minSeverity as Severity];
    return (run.findings as Finding[])
      .filter((finding) => rank[finding.severity] >= least)
      .map((finding) => ({
        subject: `${finding.cause}:${finding.promotionIds.join('+')}`,
        details: {
          kind: finding.kind,
          cause: finding.cause,
          severity: finding.severity,
          promotionIds: finding.promotionIds.join(','),
          analyzedAt: run.analyzed_at.toISOString(),
        },
        text: finding.text,
      }));
  },
};
