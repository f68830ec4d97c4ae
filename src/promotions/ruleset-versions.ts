import { sql, type Transaction } from 'kysely';
import type { Actor } from '../access/actor.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import {
  defaultRulesetSettings,
  type RulesetSettings,
} from '../engine/ruleset/ruleset-settings.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';

export interface RulesetSnapshot {
  version: number;
  createdAt: string;
  settings: RulesetSettings;
  promotions: PromotionDefinition[];
}

/**
 * Records a new immutable ruleset version: the settings and every active promotion as they stand
 * in this transaction. The table lock serialises concurrent changes, so each version includes
 * every change committed before it. New `settings` move the settings revision; without them the
 * version keeps the previous settings and their revision.
 */
export async function appendRulesetVersion(
  trx: Transaction<Database>,
  actor: Actor,
  reason: string,
  settings?: RulesetSettings,
): Promise<number> {
  await lockRulesetVersions(trx);
  const latest = await storedRulesetSettings(trx);
  const active = await trx
    .selectFrom('promotions')
    .select('definition')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  const row = await trx
    .insertInto('ruleset_versions')
    .values({
      actor_name: actor.name,
      reason,
      settings: JSON.stringify(settings ?? latest.settings),
      settings_revision: settings ? latest.revision + 1 : latest.revision,
      promotions: JSON.stringify(active.map((r) => r.definition)),
    })
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Takes the lock that serialises ruleset versions, for a check made before appending one. */
export async function lockRulesetVersions(trx: Transaction<Database>): Promise<void> {
  await sql`LOCK TABLE ruleset_versions IN EXCLUSIVE MODE`.execute(trx);
}

/** The current ruleset settings and their revision (0 while never saved): the ETag. */
export async function storedRulesetSettings(
  db: Db | Transaction<Database>,
): Promise<{ settings: RulesetSettings; revision: number }> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select(['settings', 'settings_revision'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? { settings: row.settings as RulesetSettings, revision: row.settings_revision }
    : { settings: defaultRulesetSettings, revision: 0 };
}

/** The newest version number, or 0 before the first change. */
export async function latestRulesetVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select(sql<number | null>`max(version)`.as('version'))
    .executeTakeFirst();
  return row?.version ?? 0;
}

/** The version in force at `at`: the newest created at or before it (0 before the first). */
export async function rulesetVersionAt(db: Db, at: Date): Promise<number> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select(sql<number | null>`max(version)`.as('version'))
    .where('created_at', '<=', at)
    .executeTakeFirst();
  return row?.version ?? 0;
}

/** A stored version; version 0 is the empty ruleset with default settings. */
export async function loadRulesetVersion(
  db: Db,
  version: number,
): Promise<RulesetSnapshot | undefined> {
  if (version === 0)
    return {
      version: 0,
      createdAt: new Date(0).toISOString(),
      settings: defaultRulesetSettings,
      promotions: [],
    };
  const row = await db
    .selectFrom('ruleset_versions')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    version: row.version,
    createdAt: row.created_at.toISOString(),
    settings: row.settings as RulesetSettings,
    promotions: row.promotions as PromotionDefinition[],
  };
}

export async function currentRulesetSettings(
  db: Db | Transaction<Database>,
): Promise<RulesetSettings> {
  return (await storedRulesetSettings(db)).settings;
}
