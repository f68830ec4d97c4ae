import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { schemaProblems } from '../engine/promotion/problem.ts';
import { type RulesetSettings, RulesetSettingsSchema } from '../engine/ruleset/ruleset-settings.ts';
import type { Db } from '../store/database.ts';
import { refuseDefinition } from './definition-problems.ts';
import { appendRulesetVersion, currentRulesetSettings } from './ruleset-versions.ts';

/**
 * Replaces the stacking groups, discount limits and check rounding; like any promotion change, it
 * makes a new ruleset version.
 */
export async function putRulesetSettings(
  db: Db,
  actor: Actor,
  value: unknown,
): Promise<{ settings: RulesetSettings; rulesetVersion: number }> {
  const problems = schemaProblems(RulesetSettingsSchema, value);
  if (problems.length > 0) refuseDefinition(problems);
  const settings = value as RulesetSettings;
  return db.transaction().execute(async (trx) => {
    const before = await currentRulesetSettings(trx);
    await recordAudit(trx, actor, {
      action: 'ruleset.settings',
      entityType: 'ruleset',
      entityId: 'settings',
      before,
      after: settings,
    });
    const rulesetVersion = await appendRulesetVersion(
      trx,
      actor,
      'ruleset settings changed',
      settings,
    );
    return { settings, rulesetVersion };
  });
}
