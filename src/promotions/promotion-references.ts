import { sql } from 'kysely';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import type { Db } from '../store/database.ts';
import { bestOrderGroupProblems } from './best-order-cap.ts';
import { catalogueWarnings } from './catalogue-reach.ts';
import type { ReferenceProblem } from './reference-codes.ts';
import { currentRulesetSettings } from './ruleset-versions.ts';

/**
 * Stacking groups Perk itself fills, usable without being declared: `tiers` holds the tier
 * discounts (see tiers/tier-discount-promotions.ts); undeclared, it applies after the declared
 * groups, cumulative, until the marketer places it among them.
 */
export const systemStackingGroupIds: readonly string[] = ['tiers'];

/** What saving a promotion found about the things it names. */
export interface ReferenceReport {
  /** Stores, stacking groups, segments and tiers that do not exist: the save is refused (422). */
  readonly refusals: ReferenceProblem[];
  /**
   * Saved, but worth a look (codes are stable): `unknown_sku`, `unknown_brand`,
   * `unknown_category`, `empty_scope`, `no_coupon_series`; and for a paused or archived promotion
   * the refusal codes above, which do not stop it from being put aside.
   */
  readonly warnings: ReferenceProblem[];
}

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string ids at `path` of a list in `fields` (anything malformed is the schema's problem). */
function idsAt(fields: unknown, name: string, path: string): { id: string; field: string }[] {
  const values = isRecord(fields) ? fields[name] : undefined;
  if (!Array.isArray(values)) return [];
  return values.flatMap((id, i) => (typeof id === 'string' ? [{ id, field: `${path}/${i}` }] : []));
}

async function existing(
  db: Db,
  table: 'stores' | 'segments',
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('id', '=', sql<string>`any(${[...new Set(ids)]}::text[])`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

// Read from the stored programme directly: the tiers module builds on promotions (tier
// discounts), so promotions must not import it back.
async function tierIds(db: Db): Promise<Set<string>> {
  const row = await db.selectFrom('tier_program').select('definition').executeTakeFirst();
  const tiers = isRecord(row?.definition) ? row.definition.tiers : undefined;
  return new Set(
    (Array.isArray(tiers) ? tiers : []).flatMap((t) =>
      isRecord(t) && typeof t.id === 'string' ? [t.id] : [],
    ),
  );
}

/**
 * The stores, stacking group, segments and tiers a definition names that do not exist. Reads any
 * value, so a body with schema problems still hears about these in the same answer.
 */
async function missingReferences(db: Db, fields: Fields): Promise<ReferenceProblem[]> {
  const stores = idsAt(fields, 'storeIds', '/storeIds');
  const segments = [
    ...idsAt(fields.audience, 'segmentIds', '/audience/segmentIds'),
    ...idsAt(fields.audience, 'excludedSegmentIds', '/audience/excludedSegmentIds'),
  ];
  const tiers = idsAt(fields.audience, 'tierIds', '/audience/tierIds');
  const groupId = isRecord(fields.stacking) ? fields.stacking.groupId : undefined;
  const [knownStores, knownSegments, knownTiers, settings] = await Promise.all([
    existing(
      db,
      'stores',
      stores.map((s) => s.id),
    ),
    existing(
      db,
      'segments',
      segments.map((s) => s.id),
    ),
    tiers.length === 0 ? new Set<string>() : tierIds(db),
    currentRulesetSettings(db),
  ]);
  const problems: ReferenceProblem[] = [];
  for (const { id, field } of stores) {
    if (!knownStores.has(id))
      problems.push({ field, code: 'unknown_store', message: `No store "${id}"` });
  }
  const declared = settings.stackingGroups.map((g) => g.id);
  const known = [...declared, ...systemStackingGroupIds];
  if (typeof groupId === 'string' && groupId !== '' && !known.includes(groupId)) {
    problems.push({
      field: '/stacking/groupId',
      code: 'unknown_stacking_group',
      message:
        `No stacking group "${groupId}" in the ruleset settings (declared: ` +
        `${declared.join(', ') || 'none'}; Perk's own: ${systemStackingGroupIds.join(', ')}); ` +
        'declare it there first',
    });
  }
  problems.push(...(await bestOrderGroupProblems(db, settings, fields)));
  for (const { id, field } of segments) {
    if (!knownSegments.has(id))
      problems.push({ field, code: 'unknown_segment', message: `No segment "${id}"` });
  }
  for (const { id, field } of tiers) {
    if (!knownTiers.has(id)) {
      problems.push({
        field,
        code: 'unknown_tier',
        message: `No tier "${id}" in the tier programme`,
      });
    }
  }
  return problems;
}

async function couponWarnings(
  db: Db,
  definition: PromotionDefinition,
): Promise<ReferenceProblem[]> {
  if (definition.couponRequired !== true) return [];
  const series = await db
    .selectFrom('coupon_series')
    .select('id')
    .where('promotion_id', '=', definition.id)
    .limit(1)
    .executeTakeFirst();
  if (series) return [];
  return [
    {
      field: '/couponRequired',
      code: 'no_coupon_series',
      message:
        'The promotion needs a coupon, and no coupon series gives codes for it yet: it applies ' +
        'to no one until one does',
    },
  ];
}

/**
 * Checks what a promotion names against what exists, as saving (create, replace, activate) does.
 * `value` is the body as sent; `definition` is set when it passed validation, and only then are
 * the catalogue and coupons looked at (their findings are warnings, of no use in a refusal).
 * A paused or archived promotion runs nowhere, so its missing references are warnings: a
 * promotion can always be put aside, even once something it named is gone.
 */
export async function checkPromotionReferences(
  db: Db,
  value: unknown,
  definition: PromotionDefinition | null,
): Promise<ReferenceReport> {
  const fields = isRecord(value) ? value : {};
  const [missing, catalogue, coupons] = await Promise.all([
    missingReferences(db, fields),
    definition === null ? [] : catalogueWarnings(db, definition),
    definition === null ? [] : couponWarnings(db, definition),
  ]);
  const putAside = fields.status === 'paused' || fields.status === 'archived';
  return putAside
    ? { refusals: [], warnings: [...missing, ...catalogue, ...coupons] }
    : { refusals: missing, warnings: [...catalogue, ...coupons] };
}
