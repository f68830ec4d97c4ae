import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { checkRevision, invalid, PerkError } from '../errors.ts';
import { mergePatch } from '../programme/merge-patch.ts';
import type { Db } from '../store/database.ts';
import { syncTierDiscountPromotions } from './tier-discount-promotions.ts';
import { type TierProgram, validateTierProgram } from './tier-program.ts';

export interface StoredTierProgram {
  program: TierProgram;
  revision: number;
  updatedAt: string;
}

/** The programme's tiers, or null while none are defined (every customer then has no tier). */
export async function getTierProgram(db: Db): Promise<StoredTierProgram | null> {
  const row = await db.selectFrom('tier_program').selectAll().executeTakeFirst();
  if (!row) return null;
  const result = validateTierProgram(row.definition);
  if (!result.ok)
    throw new Error(`stored tier programme is invalid: ${result.problems[0]?.message}`);
  return {
    program: result.program,
    revision: row.revision,
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Validates and saves the tier programme, audited as `tiers.update`, then brings the tier-discount
 * promotions in line (see `syncTierDiscountPromotions`; that step runs after the save and is
 * repaired by saving again should it fail). Refusals: `invalid_tier_program` (400) with every
 * problem, or the problem's own code when there is one; with `expectedRevision` (If-Match; 0: none
 * is defined yet) 412 `precondition_failed` when the programme is at another revision.
 */
export async function putTierProgram(
  db: Db,
  actor: Actor,
  input: unknown,
  expectedRevision?: number,
): Promise<StoredTierProgram & { changedPromotions: string[] }> {
  const program = checkedProgram(input);
  return saveTierProgram(db, actor, expectedRevision, () => program);
}

/**
 * Changes only what `patch` names in the tier programme (a JSON merge patch, RFC 7396; the tiers
 * list is replaced whole), checking the merged programme as {@link putTierProgram} does. A refused
 * patch changes nothing.
 */
export async function patchTierProgram(
  db: Db,
  actor: Actor,
  patch: unknown,
  expectedRevision?: number,
): Promise<StoredTierProgram & { changedPromotions: string[] }> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw invalid('invalid_type', 'A merge patch of the tier programme must be an object', '');
  return saveTierProgram(db, actor, expectedRevision, (before) =>
    checkedProgram(mergePatch(before, patch)),
  );
}

async function saveTierProgram(
  db: Db,
  actor: Actor,
  expectedRevision: number | undefined,
  next: (before: unknown) => TierProgram,
): Promise<StoredTierProgram & { changedPromotions: string[] }> {
  const stored = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('tier_program').selectAll().forUpdate().executeTakeFirst();
    checkRevision('tier programme', before?.revision ?? 0, expectedRevision);
    const program = next(before?.definition ?? {});
    const revision = (before?.revision ?? 0) + 1;
    const row = await trx
      .insertInto('tier_program')
      .values({ definition: JSON.stringify(program), revision })
      .onConflict((oc) =>
        oc
          .column('singleton')
          .doUpdateSet({ definition: JSON.stringify(program), revision, updated_at: new Date() }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'tiers.update',
      entityType: 'tier_program',
      entityId: 'program',
      before: before?.definition ?? null,
      after: program,
    });
    return { program, revision: row.revision, updatedAt: row.updated_at.toISOString() };
  });
  const changedPromotions = await syncTierDiscountPromotions(db, actor, stored.program);
  return { ...stored, changedPromotions };
}

function checkedProgram(input: unknown): TierProgram {
  const result = validateTierProgram(input);
  if (result.ok) return result.program;
  const { problems } = result;
  const code =
    problems.length === 1 ? (problems[0]?.code ?? 'invalid_tier_program') : 'invalid_tier_program';
  throw new PerkError('invalid', code, `The tier programme has ${problems.length} problem(s)`, {
    problems,
  });
}
