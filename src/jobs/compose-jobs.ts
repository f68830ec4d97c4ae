import { alertSender } from '../alerts/alert-sender.ts';
import { deleteOldCallCounts } from '../alerts/call-counter.ts';
import { deliverAlerts } from '../alerts/deliver-alerts.ts';
import { evaluateAlerts } from '../alerts/evaluate-alerts.ts';
import { countCohorts } from '../analytics/cohort-counts.ts';
import { foldAnalyticsDays } from '../analytics/day-sums.ts';
import { addDays } from '../calendar/day-number.ts';
import { localDate } from '../calendar/time-zone.ts';
import { emitAbandonedCartEvents } from '../campaigns/abandoned-carts.ts';
import { grantBirthdays } from '../campaigns/birthdays.ts';
import { deleteExpiredCalculations } from '../carts/calculation-log-retention.ts';
import type { PerkConfig } from '../config.ts';
import { expireGiftCards } from '../gift-cards/expire-gift-cards.ts';
import { deleteExpiredIntegrationCalls } from '../integration-log/integration-log-rows.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { runDueTransitions } from '../points/run-due-transitions.ts';
import { recomputeSegments } from '../segments/recompute-segments.ts';
import { runPeriodEnd } from '../tiers/run-period-end.ts';
import { runNightlyWatch } from '../watch/watch-service.ts';
import { deleteOldDeliveries } from '../webhooks/delete-old-deliveries.ts';
import type { Job } from './job.ts';

const minute = 60_000;
const hour = 60 * minute;

/**
 * Every scheduled job, listed once and passed to both the scheduler and the API. Points move
 * every minute, since a till spends them, and so are alerts checked and cohorts counted;
 * campaign jobs every five minutes; the rest hourly — windows, ages, birthdays and periods move
 * by days, and expired cards' write-offs are dated at their expiry, so an hour's delay changes
 * no report by date. The promotion watch runs daily:
 * saves and activations already check the promotion they touch.
 */
export function composeJobs(
  config: Pick<PerkConfig, 'calculationLog' | 'integrationLog' | 'webhooks' | 'alerts'>,
): readonly Job[] {
  const sender = alertSender(config.alerts);
  return [
    {
      name: 'points-activation-expiry',
      description: {
        ru: 'Активирует отложенные баллы и списывает сгоревшие',
        en: 'Activates pending points and writes off expired ones',
      },
      everyMs: minute,
      run: async (db, businessTime) => {
        const { activated, expired, skipped } = await runDueTransitions(db, businessTime);
        return { activated, expired, skipped };
      },
    },
    {
      name: 'birthday-bonuses',
      description: {
        ru: 'Начисляет бонусы ко дню рождения по активным кампаниям',
        en: 'Grants the birthday rewards of active campaigns',
      },
      everyMs: 5 * minute,
      run: async (db, businessTime) => ({ granted: await grantBirthdays(db, businessTime) }),
    },
    {
      name: 'abandoned-carts',
      description: {
        ru: 'Отправляет события о брошенных корзинах, чьё время вышло',
        en: 'Emits the abandoned-cart events whose hours have passed',
      },
      everyMs: 5 * minute,
      run: async (db, businessTime) => ({
        events: await emitAbandonedCartEvents(db, businessTime),
      }),
    },
    {
      name: 'segment-recompute',
      description: {
        ru: 'Раз в день (и после импорта истории) пересчитывает RFM и состав сегментов по правилам',
        en: 'Once a day (and after a history import) recomputes RFM and the members of rule segments',
      },
      everyMs: hour,
      // A person's run walks every customer even when today's walk is done.
      run: (db, businessTime, trigger) =>
        recomputeSegments(db, new Date(businessTime), { force: trigger === 'call' }),
    },
    {
      name: 'analytics-days',
      description: {
        ru: 'Сводит дневные суммы аналитики, записанные разными соединениями, в одну строку',
        en: 'Folds the analytics day sums written by separate connections into one row',
      },
      everyMs: hour,
      run: async (db, businessTime) => ({
        // Today and yesterday stay in slots: tills still write them.
        folded: await foldAnalyticsDays(db, addDays(localDate(new Date(businessTime), 'UTC'), -1)),
      }),
    },
    {
      name: 'analytics-cohorts',
      description: {
        ru: 'Пересчитывает когорты удержания по клиентам, чьи чеки изменились',
        en: 'Counts the retention cohorts again for customers whose checks changed',
      },
      // A read corrects for the customers not counted yet, at a cost that grows with them.
      everyMs: minute,
      run: async (db) => countCohorts(db, (await getProgramSettings(db)).timeZone),
    },
    {
      name: 'tier-period-end',
      description: {
        ru: 'Понижает уровень клиентам, чей период закончился без нужной суммы',
        en: 'Moves down customers whose period ended below their tier',
      },
      everyMs: hour,
      run: async (db, businessTime) => {
        const { checked, downgraded } = await runPeriodEnd(db, businessTime);
        return { checked, downgraded };
      },
    },
    {
      name: 'gift-card-expiry',
      description: {
        ru: 'Списывает остаток с истёкших подарочных карт',
        en: 'Writes off the balance of expired gift cards',
      },
      everyMs: hour,
      run: async (db, businessTime) => {
        const { cards, writtenOffMinor } = await expireGiftCards(db, new Date(businessTime));
        return { cards, writtenOffMinor };
      },
    },
    {
      name: 'promotion-watch',
      description: {
        ru: 'Ищет конфликты акций по всему набору правил и сохраняет находки',
        en: 'Looks for promotion conflicts over the whole ruleset and keeps the findings',
      },
      everyMs: 24 * hour,
      run: async (db, businessTime) => {
        const run = await runNightlyWatch(db, new Date(businessTime));
        const count = (severity: string) =>
          run.findings.filter((f) => f.severity === severity).length;
        return {
          promotions: run.promotions,
          errors: count('error'),
          warnings: count('warning'),
          infos: count('info'),
        };
      },
    },
    {
      name: 'alerts',
      description: {
        ru: 'Проверяет правила оповещений и отправляет оповещения',
        en: 'Checks the alert rules and sends their notices',
      },
      everyMs: minute,
      // Conditions are judged at the business time; notices are sent and retried by the clock.
      run: async (db, businessTime) => {
        const evaluated = await evaluateAlerts(db, new Date(businessTime), new Date());
        const delivered = await deliverAlerts(db, sender, new Date(), {
          maxAttempts: config.alerts.maxAttempts,
          backoff: { baseMs: config.alerts.retryBaseSeconds * 1000, capMs: hour },
          leaseMs: 2 * config.alerts.timeoutSeconds * 1000,
          random: Math.random,
        });
        const countsDeleted = await deleteOldCallCounts(db, new Date(), 2 * 24 * hour);
        return { ...evaluated, ...delivered, countsDeleted };
      },
    },
    {
      name: 'calculation-log-retention',
      description: {
        ru: 'Удаляет записанные расчёты старше срока хранения',
        en: 'Deletes logged calculations older than the retention period',
      },
      everyMs: hour,
      run: async (db, businessTime) => ({
        deleted: await deleteExpiredCalculations(
          db,
          new Date(businessTime),
          config.calculationLog.retentionDays,
        ),
      }),
    },
    {
      name: 'integration-log-retention',
      description: {
        ru: 'Удаляет записи журнала интеграций старше срока хранения',
        en: 'Deletes integration log entries older than the retention period',
      },
      everyMs: hour,
      run: async (db, businessTime) => ({
        deleted: await deleteExpiredIntegrationCalls(
          db,
          new Date(businessTime),
          config.integrationLog.retentionDays,
        ),
      }),
    },
    {
      name: 'events-retention',
      description: {
        ru: 'Удаляет доставленные события вебхуков старше срока хранения',
        en: 'Deletes delivered webhook events older than the retention period',
      },
      everyMs: hour,
      run: (db, businessTime) =>
        deleteOldDeliveries(db, new Date(businessTime), config.webhooks.retentionDays),
    },
  ];
}
