import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { checkRevision, invalid, PerkError } from '../errors.ts';
import {
  defaultProgramSettings,
  type ProgramSettings,
  validateProgramSettings,
} from '../ledger/program-settings.ts';
import { mergePatch } from '../programme/merge-patch.ts';
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
  return row ? settingsOf(row.settings) : defaultProgramSettings;
}

/** The settings with their revision (0 while the defaults were never saved): the ETag. */
export interface StoredProgramSettings {
  settings: ProgramSettings;
  revision: number;
}

/** The stored settings and their revision, read now (no cache). */
export async function readStoredProgramSettings(db: Db): Promise<StoredProgramSettings> {
  const row = await db
    .selectFrom('points_program_settings')
    .select(['settings', 'revision'])
    .executeTakeFirst();
  return { settings: settingsOf(row?.settings ?? {}), revision: row?.revision ?? 0 };
}

export interface SettingsWriteOptions {
  /** The revision the change was made on (If-Match); another current revision refuses it (412). */
  expectedRevision?: number | undefined;
  /** Refuse absent settings (`required`) instead of giving them their defaults: a PUT. */
  complete?: boolean;
}

/**
 * Validates and saves the settings, audited as `points.settings.update`. Absent fields take their
 * defaults unless `complete` is set (then each is a `required` problem). Refuses with every problem
 * at once: `invalid_settings` (400), each problem carrying its field (JSON pointer) and code
 * (`out_of_range`, `unknown_time_zone`, …); 412 `precondition_failed` for a stale revision.
 */
export async function putProgramSettings(
  db: Db,
  actor: Actor,
  input: unknown,
  options: SettingsWriteOptions = {},
): Promise<StoredProgramSettings> {
  const settings = checkedSettings(input, options.complete ?? false);
  return saveSettings(db, actor, options.expectedRevision, () => settings);
}

/**
 * Changes only the settings `patch` names (a JSON merge patch, RFC 7396: `null` gives a setting
 * back its default), checking the merged result as {@link putProgramSettings} does. A refused
 * patch changes nothing.
 */
export async function patchProgramSettings(
  db: Db,
  actor: Actor,
  patch: unknown,
  expectedRevision?: number,
): Promise<StoredProgramSettings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw invalid('invalid_type', 'A merge patch of the settings must be an object', '');
  return saveSettings(db, actor, expectedRevision, (before) =>
    checkedSettings(mergePatch(before, patch), false),
  );
}

// The row is locked (or, while there is none, the insert conflicts), so two writers of the same
// revision cannot both pass the check.
async function saveSettings(
  db: Db,
  actor: Actor,
  expectedRevision: number | undefined,
  next: (before: ProgramSettings) => ProgramSettings,
): Promise<StoredProgramSettings> {
  const saved = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('points_program_settings')
      .select(['settings', 'revision'])
      .forUpdate()
      .executeTakeFirst();
    const before = settingsOf(row?.settings ?? {});
    const current = row?.revision ?? 0;
    checkRevision('points settings', current, expectedRevision);
    const settings = next(before);
    const revision = current + 1;
    const written = await trx
      .insertInto('points_program_settings')
      .values({ settings: JSON.stringify(settings), revision })
      .onConflict((oc) =>
        oc
          .column('singleton')
          .doUpdateSet({ settings: JSON.stringify(settings), revision, updated_at: new Date() })
          .where('points_program_settings.revision', '=', current),
      )
      .returning('revision')
      .executeTakeFirst();
    if (!written) checkRevision('points settings', current + 1, current);
    await recordAudit(trx, actor, {
      action: 'points.settings.update',
      entityType: 'points_settings',
      entityId: 'program',
      before,
      after: settings,
    });
    return { settings, revision };
  });
  cache.delete(db);
  return saved;
}

function settingsOf(stored: unknown): ProgramSettings {
  const result = validateProgramSettings(stored);
  if (!result.ok)
    throw new Error(`stored points settings are invalid: ${result.problems[0]?.message}`);
  return result.settings;
}

function checkedSettings(input: unknown, complete: boolean): ProgramSettings {
  const result = validateProgramSettings(input, { complete });
  if (result.ok) return result.settings;
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
