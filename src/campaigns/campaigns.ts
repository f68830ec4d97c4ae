import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import type { CampaignDefinition, CampaignKind } from './campaign-schema.ts';
import { checkCampaign } from './validate-campaign.ts';

/** A campaign as stored: its definition and bookkeeping. */
export interface StoredCampaign {
  id: string;
  revision: number;
  definition: CampaignDefinition;
  createdAt: string;
  updatedAt: string;
}

type CampaignRow = {
  id: string;
  revision: number;
  definition: unknown;
  created_at: Date;
  updated_at: Date;
};

function toStored(row: CampaignRow): StoredCampaign {
  return {
    id: row.id,
    revision: row.revision,
    definition: row.definition as CampaignDefinition,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Creates a campaign, audited as `campaign.create`. Refusals: see {@link checkCampaign}; `campaign_exists` (409). */
export async function createCampaign(
  db: Db,
  actor: Actor,
  definition: CampaignDefinition,
): Promise<StoredCampaign> {
  await checkCampaign(db, definition);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('campaigns')
        .values({
          id: definition.id,
          kind: definition.rule.kind,
          status: definition.status,
          definition: JSON.stringify(definition),
          revision: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: definition.id,
        after: definition,
      });
      return toStored(row);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('campaign_exists', `A campaign with id "${definition.id}" exists`, '/id');
    throw error;
  }
}

/**
 * Replaces a campaign's definition, audited as `campaign.update`. Its kind is fixed once created,
 * since progress and rewards already given were counted under it. Refusals: `id_mismatch`,
 * `kind_fixed` (400), `campaign_not_found` (404), and those of {@link checkCampaign}.
 */
export async function replaceCampaign(
  db: Db,
  actor: Actor,
  id: string,
  definition: CampaignDefinition,
): Promise<StoredCampaign> {
  if (definition.id !== id)
    throw invalid('id_mismatch', `The body's id "${definition.id}" differs from the path's`, '/id');
  await checkCampaign(db, definition);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('campaign_not_found', `No campaign with id "${id}"`, '/id');
    if (before.kind !== definition.rule.kind)
      throw invalid('kind_fixed', `The campaign stays a ${before.kind} campaign`, '/rule/kind');
    if (isDeepStrictEqual(before.definition, definition)) return toStored(before);
    const row = await trx
      .updateTable('campaigns')
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
      action: 'campaign.update',
      entityType: 'campaign',
      entityId: id,
      before: before.definition,
      after: definition,
    });
    return toStored(row);
  });
}

/** One campaign; `campaign_not_found` (404). */
export async function getCampaign(db: Db, id: string): Promise<StoredCampaign> {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('campaign_not_found', `No campaign with id "${id}"`, '/id');
  return toStored(row);
}

/** Every campaign, by id. */
export async function listCampaigns(db: Db): Promise<StoredCampaign[]> {
  const rows = await db.selectFrom('campaigns').selectAll().orderBy('id').execute();
  return rows.map(toStored);
}

/** The active campaigns of the given kinds, by id (the hooks' read). */
export async function activeCampaigns(
  db: Db,
  kinds: readonly CampaignKind[],
): Promise<CampaignDefinition[]> {
  const rows = await db
    .selectFrom('campaigns')
    .select('definition')
    .where('status', '=', 'active')
    .where('kind', 'in', kinds)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.definition as CampaignDefinition);
}
