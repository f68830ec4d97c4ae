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
 * every change committed before it.
 */
export async function appendRulesetVersion(
  trx: Transaction<Database>,
  actor: Actor,
  reason: string,
  settings?: RulesetSettings,
): Promise<number> {
  await sql`LOCK TABLE ruleset_versions IN EXCLUSIVE MODE`.execute(trx);
  const nextSettings = settings ?? (await latestSettings(trx));
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
      settings: JSON.stringify(nextSettings),
      promotions: JSON.stringify(active.map((r) => r.definition)),
    })
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

async function latestSettings(db: Db | Transaction<Database>): Promise<RulesetSettings> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select('settings')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (row.settings as RulesetSettings) : defaultRulesetSettings;
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
  return latestSettings(db);
}
