import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { PerkError } from '../errors.ts';
import {
  defaultProgramSettings,
  type ProgramSettings,
  validateProgramSettings,
} from '../ledger/program-settings.ts';
import type { Db } from '../store/database.ts';

/**
 * The programme's points settings, {@link defaultProgramSettings} until an administrator saves
 * some. Stored settings are validated again on read, so a setting added since they were saved
 * takes its default.
 */
export async function getProgramSettings(db: Db): Promise<ProgramSettings> {
  const hit = cache.get(db);
  if (hit && hit.until > Date.now()) return hit.settings;
  const settings = await readProgramSettings(db);
  cache.set(db, { settings, until: Date.now() + cacheMillis });
  return settings;
}

// Every cart and commit reads the settings; they change rarely. A change made through this
// process is seen at once, one made on another node within this many milliseconds (as with
// cached API keys and the category tree). A transaction is its own key, so it always reads.
const cacheMillis = 10_000;
const cache = new WeakMap<Db, { settings: ProgramSettings; until: number }>();

/** The stored settings, read now (no cache). */
export async function readProgramSettings(db: Db): Promise<ProgramSettings> {
  const row = await db.selectFrom('points_program_settings').select('settings').executeTakeFirst();
  if (!row) return defaultProgramSettings;
  const result = validateProgramSettings(row.settings);
  if (!result.ok)
    throw new Error(`stored points settings are invalid: ${result.problems[0]?.message}`);
  return result.settings;
}

/**
 * Validates and saves the settings (absent fields take their defaults), audited as
 * `points.settings.update`. Refuses with every problem at once: `invalid_settings` (400), each
 * problem carrying its field (JSON pointer) and code (`out_of_range`, `unknown_time_zone`, …).
 */
export async function putProgramSettings(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<ProgramSettings> {
  const result = validateProgramSettings(input);
  if (!result.ok) {
    const problems = result.problems.map((p) => ({
      field: p.path,
      code: p.code,
      message: p.message,
    }));
    throw new PerkError(
      'invalid',
      problems.length === 1 ? (problems[0]?.code ?? 'invalid_settings') : 'invalid_settings',
      'The points settings are invalid',
      { problems },
    );
  }
  const { settings } = result;
  const saved = await db.transaction().execute(async (trx) => {
    const before = await readProgramSettings(trx);
    await trx
      .insertInto('points_program_settings')
      .values({ settings: JSON.stringify(settings) })
      .onConflict((oc) =>
        oc
          .column('singleton')
          .doUpdateSet({ settings: JSON.stringify(settings), updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'points.settings.update',
      entityType: 'points_settings',
      entityId: 'program',
      before,
      after: settings,
    });
    return settings;
  });
  cache.delete(db);
  return saved;
}
