import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { validatePromotion } from '../engine/promotion/validate-promotion.ts';
import { checkRevision, conflict, invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { PromotionStatus } from '../store/schema.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import type { Finding } from '../watch/findings.ts';
import { findingsForSave, guardActivation } from '../watch/watch-service.ts';
import { refusePromotion } from './definition-problems.ts';
import { checkPromotionReferences } from './promotion-references.ts';
import type { ReferenceProblem } from './reference-codes.ts';
import { appendRulesetVersion } from './ruleset-versions.ts';

export interface StoredPromotion {
  id: string;
  status: PromotionStatus;
  revision: number;
  definition: PromotionDefinition;
  createdAt: string;
  updatedAt: string;
  /** The ruleset version this change produced (absent on reads). */
  rulesetVersion?: number;
  /**
   * What the promotion names that matches nothing today (see `checkPromotionReferences`): on
   * saves, and on a read of one promotion, where references since gone show up too.
   */
  warnings?: ReferenceProblem[];
  /** On saves: what the promotion watch finds about it over the active ruleset. */
  findings?: Finding[];
}

/** How a save is checked by the promotion watch. */
export interface SaveOptions {
  /** Why to activate despite findings of severity `error` (audited). */
  overrideReason?: string | undefined;
  /** The instant the analysis takes as now. */
  now?: Date;
}

// Archived is final: an archived promotion's id stays in old calculation traces and must keep
// meaning what it meant. Everything else may move freely.
const allowedMoves: Record<PromotionStatus, readonly PromotionStatus[]> = {
  draft: ['draft', 'active', 'paused', 'archived'],
  active: ['active', 'paused', 'archived'],
  paused: ['paused', 'active', 'archived'],
  archived: ['archived'],
};

/**
 * The definition once it passes validation and names only things that exist, with the warnings
 * about catalogue references that match nothing; otherwise refuses with every problem at once.
 */
async function checked(
  db: Db,
  value: unknown,
): Promise<{ definition: PromotionDefinition; warnings: ReferenceProblem[] }> {
  const result = validatePromotion(value);
  const references = await checkPromotionReferences(
    db,
    value,
    result.ok ? result.definition : null,
  );
  if (!result.ok || references.refusals.length > 0) {
    refusePromotion(result.ok ? [] : result.problems, references.refusals);
  }
  return { definition: result.definition, warnings: references.warnings };
}

/**
 * Creates a promotion; every change makes a new ruleset version. Refusals: every problem of the
 * definition (400), stores, stacking groups, segments or tiers that do not exist (422, see
 * `checkPromotionReferences`), an id in use (409 `promotion_exists`).
 */
export async function createPromotion(
  db: Db,
  actor: Actor,
  value: unknown,
  options: SaveOptions = {},
): Promise<StoredPromotion> {
  const { definition, warnings } = await checked(db, value);
  const findings = await findingsForSave(db, definition, options.now ?? new Date());
  try {
    return await db.transaction().execute(async (trx) => {
      if (definition.status === 'active') {
        await guardActivation(trx, actor, definition.id, findings, options.overrideReason);
      }
      const row = await trx
        .insertInto('promotions')
        .values({
          id: definition.id,
          status: definition.status,
          definition: JSON.stringify(definition),
          revision: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'promotion.create',
        entityType: 'promotion',
        entityId: definition.id,
        after: definition,
      });
      const rulesetVersion = await appendRulesetVersion(
        trx,
        actor,
        `promotion ${definition.id} created`,
      );
      return { ...toStored(row), rulesetVersion, warnings, findings };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('promotion_exists', `A promotion with id "${definition.id}" exists`, '/id');
    throw error;
  }
}

/**
 * Replaces a promotion's definition, refused as `createPromotion` refuses (activating is a
 * replace, so it is checked the same way). With `expectedRevision`, a concurrent edit is refused
 * with 412 `precondition_failed` instead of silently overwritten. Re-sending the current definition
 * changes nothing.
 */
export async function replacePromotion(
  db: Db,
  actor: Actor,
  id: string,
  value: unknown,
  expectedRevision?: number,
  options: SaveOptions = {},
): Promise<StoredPromotion> {
  const { definition, warnings } = await checked(db, value);
  if (definition.id !== id)
    throw invalid(
      'id_mismatch',
      `The body's id "${definition.id}" differs from the path's "${id}"`,
      '/id',
    );
  const findings = await findingsForSave(db, definition, options.now ?? new Date());
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('promotions')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('promotion_not_found', `No promotion with id "${id}"`, '/id');
    checkRevision('promotion', before.revision, expectedRevision);
    // jsonb reorders keys, so compare structure, not text.
    if (isDeepStrictEqual(before.definition, definition)) {
      return { ...toStored(before), warnings, findings };
    }
    if (!allowedMoves[before.status].includes(definition.status)) {
      throw conflict(
        'status_move_not_allowed',
        `A promotion cannot move from ${before.status} to ${definition.status}`,
        '/status',
      );
    }
    if (before.status !== 'active' && definition.status === 'active') {
      await guardActivation(trx, actor, id, findings, options.overrideReason);
    }
    const row = await trx
      .updateTable('promotions')
      .set({
        status: definition.status,
        definition: JSON.stringify(definition),
        revision: before.revision + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'promotion.update',
      entityType: 'promotion',
      entityId: id,
      before: before.definition,
      after: definition,
    });
    const rulesetVersion = await appendRulesetVersion(trx, actor, `promotion ${id} changed`);
    return { ...toStored(row), rulesetVersion, warnings, findings };
  });
}

/** Moves a promotion to another status (activate, pause, archive) keeping the rest of its definition. */
export async function setPromotionStatus(
  db: Db,
  actor: Actor,
  id: string,
  status: PromotionStatus,
  options: SaveOptions = {},
): Promise<StoredPromotion> {
  const current = await getPromotion(db, id);
  return replacePromotion(
    db,
    actor,
    id,
    { ...current.definition, status },
    current.revision,
    options,
  );
}

export async function getPromotion(db: Db, id: string): Promise<StoredPromotion> {
  const row = await db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('promotion_not_found', `No promotion with id "${id}"`, '/id');
  return toStored(row);
}

/**
 * A promotion with its warnings as of now. Nothing a promotion names can be deleted (stores and
 * segments have no delete), but a tier can leave the programme and a stacking group the ruleset
 * settings: the promotion keeps running and explains itself (`wrong_tier` for everyone; an
 * undeclared group applies after the declared ones, cumulative), and this read names the gone
 * reference (`unknown_tier`, `unknown_stacking_group`) so the marketer can fix or pause it.
 */
export async function getPromotionChecked(db: Db, id: string): Promise<StoredPromotion> {
  const stored = await getPromotion(db, id);
  const report = await checkPromotionReferences(db, stored.definition, stored.definition);
  return { ...stored, warnings: [...report.refusals, ...report.warnings] };
}

export async function listPromotions(db: Db, status?: PromotionStatus): Promise<StoredPromotion[]> {
  let query = db.selectFrom('promotions').selectAll().orderBy('id');
  if (status) query = query.where('status', '=', status);
  return (await query.execute()).map(toStored);
}

function toStored(row: {
  id: string;
  status: PromotionStatus;
  revision: number;
  definition: unknown;
  created_at: Date;
  updated_at: Date;
}): StoredPromotion {
  return {
    id: row.id,
    status: row.status,
    revision: row.revision,
    definition: row.definition as PromotionDefinition,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
