import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { PerkError } from '../errors.ts';
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
 * problem, or the problem's own code when there is one.
 */
export async function putTierProgram(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<StoredTierProgram & { changedPromotions: string[] }> {
  const result = validateTierProgram(input);
  if (!result.ok) {
    const { problems } = result;
    const code =
      problems.length === 1
        ? (problems[0]?.code ?? 'invalid_tier_program')
        : 'invalid_tier_program';
    throw new PerkError('invalid', code, `The tier programme has ${problems.length} problem(s)`, {
      problems,
    });
  }
  const { program } = result;
  const stored = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('tier_program').selectAll().forUpdate().executeTakeFirst();
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
  const changedPromotions = await syncTierDiscountPromotions(db, actor, program);
  return { ...stored, changedPromotions };
}
