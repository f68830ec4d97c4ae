import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { schemaProblems } from '../engine/promotion/problem.ts';
import {
  defaultRulesetSettings,
  type RulesetSettings,
  RulesetSettingsSchema,
} from '../engine/ruleset/ruleset-settings.ts';
import { checkRevision, invalid, PerkError } from '../errors.ts';
import { mergePatch } from '../programme/merge-patch.ts';
import type { Db } from '../store/database.ts';
import { bestOrderSettingsProblems } from './best-order-cap.ts';
import { refuseDefinition } from './definition-problems.ts';
import {
  appendRulesetVersion,
  lockRulesetVersions,
  storedRulesetSettings,
} from './ruleset-versions.ts';

export interface SavedRulesetSettings {
  settings: RulesetSettings;
  /** Moves with every save of the settings (not with promotion changes): the ETag. */
  revision: number;
  rulesetVersion: number;
}

/**
 * Replaces the stacking groups, discount limits and check rounding; like any promotion change, it
 * makes a new ruleset version. With `expectedRevision` (If-Match), settings at another revision
 * are not overwritten: 412 `precondition_failed`.
 */
export async function putRulesetSettings(
  db: Db,
  actor: Actor,
  value: unknown,
  expectedRevision?: number,
): Promise<SavedRulesetSettings> {
  const settings = checkedSettings(value);
  return saveRulesetSettings(db, actor, expectedRevision, () => settings);
}

/**
 * Changes only the settings `patch` names (a JSON merge patch, RFC 7396: `null` gives a setting
 * back its default; `stackingGroups` is replaced whole), checking the merged settings whole. A
 * refused patch changes nothing.
 */
export async function patchRulesetSettings(
  db: Db,
  actor: Actor,
  patch: unknown,
  expectedRevision?: number,
): Promise<SavedRulesetSettings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw invalid('invalid_type', 'A merge patch of the ruleset settings must be an object', '');
  return saveRulesetSettings(db, actor, expectedRevision, (before) =>
    checkedSettings({ ...defaultRulesetSettings, ...(mergePatch(before, patch) as object) }),
  );
}

async function saveRulesetSettings(
  db: Db,
  actor: Actor,
  expectedRevision: number | undefined,
  next: (before: RulesetSettings) => RulesetSettings,
): Promise<SavedRulesetSettings> {
  return db.transaction().execute(async (trx) => {
    await lockRulesetVersions(trx);
    const before = await storedRulesetSettings(trx);
    checkRevision('ruleset settings', before.revision, expectedRevision);
    const settings = next(before.settings);
    const full = await bestOrderSettingsProblems(trx, settings);
    if (full.length > 0) {
      throw new PerkError('unprocessable', 'stacking_group_full', full[0]?.message ?? '', {
        problems: full,
      });
    }
    await recordAudit(trx, actor, {
      action: 'ruleset.settings',
      entityType: 'ruleset',
      entityId: 'settings',
      before: before.settings,
      after: settings,
    });
    const rulesetVersion = await appendRulesetVersion(
      trx,
      actor,
      'ruleset settings changed',
      settings,
    );
    return { settings, revision: before.revision + 1, rulesetVersion };
  });
}

function checkedSettings(value: unknown): RulesetSettings {
  const problems = schemaProblems(RulesetSettingsSchema, value);
  if (problems.length > 0) refuseDefinition(problems);
  return value as RulesetSettings;
}
