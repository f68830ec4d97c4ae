import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { validatePromotion } from '../engine/promotion/validate-promotion.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { PromotionStatus } from '../store/schema.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { refuseDefinition } from './definition-problems.ts';
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
}

// Archived is final: an archived promotion's id stays in old calculation traces and must keep
// meaning what it meant. Everything else may move freely.
const allowedMoves: Record<PromotionStatus, readonly PromotionStatus[]> = {
  draft: ['draft', 'active', 'paused', 'archived'],
  active: ['active', 'paused', 'archived'],
  paused: ['paused', 'active', 'archived'],
  archived: ['archived'],
};

function validated(value: unknown): PromotionDefinition {
  const result = validatePromotion(value);
  if (!result.ok) refuseDefinition(result.problems);
  return result.definition;
}

/** Creates a promotion; refuses an id in use with 409 `promotion_exists`. Every change makes a new ruleset version. */
export async function createPromotion(
  db: Db,
  actor: Actor,
  value: unknown,
): Promise<StoredPromotion> {
  const definition = validated(value);
  try {
    return await db.transaction().execute(async (trx) => {
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
      return { ...toStored(row), rulesetVersion };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('promotion_exists', `A promotion with id "${definition.id}" exists`, '/id');
    throw error;
  }
}

/**
 * Replaces a promotion's definition. With `expectedRevision`, a concurrent edit is refused with
 * 409 `revision_mismatch` instead of silently overwritten. Re-sending the current definition
 * changes nothing.
 */
export async function replacePromotion(
  db: Db,
  actor: Actor,
  id: string,
  value: unknown,
  expectedRevision?: number,
): Promise<StoredPromotion> {
  const definition = validated(value);
  if (definition.id !== id)
    throw invalid(
      'id_mismatch',
      `The body's id "${definition.id}" differs from the path's "${id}"`,
      '/id',
    );
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('promotions')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('promotion_not_found', `No promotion with id "${id}"`, '/id');
    if (expectedRevision !== undefined && before.revision !== expectedRevision) {
      throw conflict(
        'revision_mismatch',
        `The promotion is at revision ${before.revision}, not ${expectedRevision}`,
        '/revision',
        {
          currentRevision: before.revision,
        },
      );
    }
    // jsonb reorders keys, so compare structure, not text.
    if (isDeepStrictEqual(before.definition, definition)) return toStored(before);
    if (!allowedMoves[before.status].includes(definition.status)) {
      throw conflict(
        'status_move_not_allowed',
        `A promotion cannot move from ${before.status} to ${definition.status}`,
        '/status',
      );
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
    return { ...toStored(row), rulesetVersion };
  });
}

/** Moves a promotion to another status (activate, pause, archive) keeping the rest of its definition. */
export async function setPromotionStatus(
  db: Db,
  actor: Actor,
  id: string,
  status: PromotionStatus,
): Promise<StoredPromotion> {
  const current = await getPromotion(db, id);
  return replacePromotion(db, actor, id, { ...current.definition, status }, current.revision);
}

export async function getPromotion(db: Db, id: string): Promise<StoredPromotion> {
  const row = await db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('promotion_not_found', `No promotion with id "${id}"`, '/id');
  return toStored(row);
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
