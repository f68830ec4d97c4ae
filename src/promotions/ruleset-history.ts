import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import {
  defaultRulesetSettings,
  type RulesetSettings,
} from '../engine/ruleset/ruleset-settings.ts';
import { notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { diffRulesets, type RulesetDiff } from './ruleset-diff.ts';
import { loadRulesetVersion } from './ruleset-versions.ts';

/** A ruleset version as the history lists it. */
export interface RulesetVersionEntry {
  version: number;
  createdAt: string;
  /** Who made the change (an operator's or key's name). */
  actor: string;
  reason: string;
  /** Active promotions in this version. */
  promotions: number;
  settingsRevision: number;
  /** Against the version before it: promotions added, removed, changed; settings fields changed. */
  changes: { added: number; removed: number; changed: number; settings: number };
}

export interface RulesetVersionPage {
  items: RulesetVersionEntry[];
  /** Give back as `before` for the next (older) page; null on the last. */
  nextBefore: number | null;
}

/**
 * Ruleset versions newest first, `limit` of them older than `before`, each with what changed
 * against the version before it (the empty ruleset before the first). Reads `limit + 1` versions
 * in one query, the extra one to diff the page's oldest against.
 */
export async function listRulesetVersions(
  db: Db,
  page: { before?: number | undefined; limit: number },
): Promise<RulesetVersionPage> {
  let query = db
    .selectFrom('ruleset_versions')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(page.limit + 1);
  if (page.before !== undefined) query = query.where('version', '<', page.before);
  const rows = await query.execute();
  const items = rows.slice(0, page.limit).map((row, i) => {
    const previous = rows[i + 1];
    const diff = diffRulesets(previous ? sideOf(previous) : emptyRuleset, sideOf(row));
    return {
      version: row.version,
      createdAt: row.created_at.toISOString(),
      actor: row.actor_name,
      reason: row.reason,
      promotions: row.promotions.length,
      settingsRevision: row.settings_revision,
      changes: countChanges(diff),
    };
  });
  const last = items.at(-1);
  return { items, nextBefore: rows.length > page.limit && last ? last.version : null };
}

export interface RulesetVersionDiff extends RulesetDiff {
  version: number;
  against: number;
  createdAt: string;
  actor: string;
  reason: string;
}

/**
 * What changed from version `against` (default: the one before `version`; 0, the empty ruleset
 * with default settings, before the first) to `version`. Refusal: `ruleset_version_not_found`
 * (404) for either.
 */
export async function diffRulesetVersions(
  db: Db,
  version: number,
  against?: number,
): Promise<RulesetVersionDiff> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select(['version', 'created_at', 'actor_name', 'reason'])
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw missing(version, '/version');
  // Versions come from a sequence, so a rolled-back change leaves a gap: "previous" is looked up.
  const base = against ?? (await previousVersion(db, version));
  const [after, before] = await Promise.all([
    loadRulesetVersion(db, version),
    loadRulesetVersion(db, base),
  ]);
  if (!after) throw missing(version, '/version');
  if (!before) throw missing(base, '/against');
  return {
    version,
    against: base,
    createdAt: row.created_at.toISOString(),
    actor: row.actor_name,
    reason: row.reason,
    ...diffRulesets(before, after),
  };
}

async function previousVersion(db: Db, version: number): Promise<number> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select('version')
    .where('version', '<', version)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.version ?? 0;
}

function missing(version: number, field: string) {
  return notFound('ruleset_version_not_found', `No ruleset version ${version}`, field);
}

// Version 0, as `loadRulesetVersion` gives it: what the first version is told against.
const emptyRuleset = { settings: defaultRulesetSettings, promotions: [] };

function sideOf(row: { settings: unknown; promotions: unknown[] }) {
  return {
    settings: row.settings as RulesetSettings,
    promotions: row.promotions as PromotionDefinition[],
  };
}

function countChanges(diff: RulesetDiff) {
  const count = (change: 'added' | 'removed' | 'changed') =>
    diff.promotions.filter((p) => p.change === change).length;
  return {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    settings: diff.settings.length,
  };
}
