import type { AlertCondition, AlertKind } from '../alert-kind.ts';

const hourMs = 3_600_000;

/**
 * Failed background work: a scheduled job whose latest finished run failed (the nightly promotion
 * watch among them; a later success closes it), and each backtest that failed within the last
 * `lookbackHours`.
 */
export const jobFailed: AlertKind = {
  kind: 'job_failed',
  title: { ru: 'Сбой фоновой задачи', en: 'Background job failed' },
  description: {
    ru: 'Последний запуск задачи по расписанию или бэктест завершился ошибкой',
    en: 'The latest run of a scheduled job, or a backtest, failed',
  },
  params: [
    {
      name: 'lookbackHours',
      label: { ru: 'Смотреть за последние, часов', en: 'Look back, hours' },
      type: 'integer',
      minimum: 1,
      maximum: 720,
      default: 24,
    },
  ],
  async check(db, params, at) {
    const since = new Date(at.getTime() - Number(params.lookbackHours) * hourMs);
    const runs = await db
      .selectFrom('job_runs')
      .select(['job_name', 'outcome', 'error', 'started_at'])
      .distinctOn('job_name')
      .where('outcome', '!=', 'running')
      .where('started_at', '<=', at)
      .orderBy('job_name')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const conditions: AlertCondition[] = runs
      .filter((run) => run.outcome === 'failed' && run.started_at >= since)
      .map((run) => ({
        subject: `job:${run.job_name}`,
        details: {
          job: run.job_name,
          startedAt: run.started_at.toISOString(),
          error: run.error ?? '',
        },
        text: {
          ru: `Задача ${run.job_name} завершилась ошибкой: ${run.error ?? ''}`,
          en: `Job ${run.job_name} failed: ${run.error ?? ''}`,
        },
      }));
    const backtests = await db
      .selectFrom('backtest_runs')
      .select(['id', 'error', 'finished_at'])
      .where('status', '=', 'failed')
      .where('finished_at', '>=', since)
      .where('finished_at', '<=', at)
      .orderBy('finished_at')
      .orderBy('id')
      .execute();
    for (const run of backtests) {
      conditions.push({
        subject: `backtest:${run.id}`,
        details: { backtestId: run.id, error: run.error ?? '' },
        text: {
          ru: `Бэктест ${run.id} завершился ошибкой: ${run.error ?? ''}`,
          en: `Backtest ${run.id} failed: ${run.error ?? ''}`,
        },
      });
    }
    return conditions;
  },
};
