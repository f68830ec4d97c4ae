import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Db } from './database.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as promotions from './migrations/0002-promotions.ts';
import * as purchases from './migrations/0003-purchases.ts';
import * as points from './migrations/0004-points.ts';
import * as motivators from './migrations/0005-motivators.ts';
import * as tiers from './migrations/0006-tiers.ts';
import * as segments from './migrations/0007-segments.ts';
import * as campaigns from './migrations/0008-campaigns.ts';
import * as calculationLog from './migrations/0009-calculation-log.ts';
import * as giftCardVoid from './migrations/0010-gift-card-void.ts';
import * as idempotentBatches from './migrations/0011-idempotent-batches.ts';
import * as giftCardSaleLine from './migrations/0012-gift-card-sale-line.ts';
import * as couponBatch from './migrations/0013-coupon-batch.ts';
import * as giftCardExpiry from './migrations/0014-gift-card-expiry.ts';
import * as operators from './migrations/0016-operators.ts';
import * as configVersion from './migrations/0017-config-version.ts';
import * as settingsRevisions from './migrations/0018-settings-revisions.ts';
import * as jobSchedule from './migrations/0019-job-schedule.ts';
import * as history from './migrations/0020-history.ts';
import * as webhooks from './migrations/0021-webhooks.ts';
import * as watchRuns from './migrations/0022-watch-runs.ts';
import * as customerSearch from './migrations/0023-customer-search.ts';
import * as severalNodes from './migrations/0024-several-nodes.ts';
import * as eventStream from './migrations/0025-event-stream.ts';
import * as communications from './migrations/0026-communications.ts';
import * as backtests from './migrations/0027-backtests.ts';
import * as alerts from './migrations/0028-alerts.ts';
import * as integrationLog from './migrations/0029-integration-log.ts';
import * as wallet from './migrations/0030-wallet.ts';
import * as customerImports from './migrations/0031-customer-imports.ts';
import * as simulations from './migrations/0032-simulations.ts';
import * as giftCardBatches from './migrations/0034-gift-card-batches.ts';
import * as segmentRecompute from './migrations/0035-segment-recompute.ts';
import * as historyAccrual from './migrations/0037-history-accrual.ts';
import * as analyticsChecks from './migrations/0038-analytics-checks.ts';
import * as analyticsDays from './migrations/0040-analytics-days.ts';
import * as purchaseTotals from './migrations/0041-purchase-totals.ts';
import * as analyticsCohorts from './migrations/0042-analytics-cohorts.ts';
import * as cheaperTriggers from './migrations/0043-cheaper-triggers.ts';
import * as statementKeyChecks from './migrations/0044-statement-key-checks.ts';
import * as catalogueNotify from './migrations/0045-catalogue-notify.ts';
import * as calculationLogMasked from './migrations/0046-calculation-log-masked.ts';
import * as rfmKeptDays from './migrations/0047-rfm-kept-days.ts';

// Forward-only and versioned: a migration, once released, is never edited; a change is a new file.
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-promotions': promotions,
  '0003-purchases': purchases,
  '0004-points': points,
  '0005-motivators': motivators,
  '0006-tiers': tiers,
  '0007-segments': segments,
  '0008-campaigns': campaigns,
  '0009-calculation-log': calculationLog,
  '0010-gift-card-void': giftCardVoid,
  '0011-idempotent-batches': idempotentBatches,
  '0012-gift-card-sale-line': giftCardSaleLine,
  '0013-coupon-batch': couponBatch,
  '0014-gift-card-expiry': giftCardExpiry,
  '0016-operators': operators,
  '0017-config-version': configVersion,
  '0018-settings-revisions': settingsRevisions,
  '0019-job-schedule': jobSchedule,
  '0020-history': history,
  '0021-webhooks': webhooks,
  '0022-watch-runs': watchRuns,
  '0023-customer-search': customerSearch,
  '0024-several-nodes': severalNodes,
  '0025-event-stream': eventStream,
  '0026-communications': communications,
  '0027-backtests': backtests,
  '0028-alerts': alerts,
  '0029-integration-log': integrationLog,
  '0030-wallet': wallet,
  '0031-customer-imports': customerImports,
  '0035-segment-recompute': segmentRecompute,
  '0032-simulations': simulations,
  '0034-gift-card-batches': giftCardBatches,
  '0037-history-accrual': historyAccrual,
  '0038-analytics-checks': analyticsChecks,
  '0040-analytics-days': analyticsDays,
  '0041-purchase-totals': purchaseTotals,
  '0042-analytics-cohorts': analyticsCohorts,
  '0043-cheaper-triggers': cheaperTriggers,
  '0044-statement-key-checks': statementKeyChecks,
  '0045-catalogue-notify': catalogueNotify,
  '0046-calculation-log-masked': calculationLogMasked,
  '0047-rfm-kept-days': rfmKeptDays,
};

/** The migrations this build knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(migrations).sort();
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Whether the database holds exactly the migrations this build knows. One read, where the
 * migrator introspects every table of the schema and locks: on a warm embedded database that
 * check took about half a second of a restart. Anything else (no table yet, a missing or an
 * unknown migration) leaves the answer to the migrator, which applies or refuses.
 */
async function upToDate(db: Db): Promise<boolean> {
  const table = await sql<{ present: boolean }>`
    select to_regclass('perk_migrations') is not null as present`.execute(db);
  if (!table.rows[0]?.present) return false;
  const { rows } = await sql<{ name: string }>`
    select name from perk_migrations`.execute(db);
  const stored = rows.map((row) => row.name).sort();
  const known = knownMigrations();
  return stored.length === known.length && stored.every((name, i) => name === known[i]);
}

/** Applies every pending migration; safe to call from several nodes at once (the migrator locks). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  // The migrator looks for its tables in every schema unless told which; a database holding
  // other schemas with their own Perk tables (parallel test runs, several tenants) would fool it.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    migrationTableSchema: rows[0]?.schema ?? 'public',
    db,
    provider,
    migrationTableName: 'perk_migrations',
    migrationLockTableName: 'perk_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
