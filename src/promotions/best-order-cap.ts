import { sql, type Transaction } from 'kysely';
import { BEST_ORDER_GROUP_CAP, type RulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import type { FieldProblem } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { ReferenceProblem } from './reference-codes.ts';

/** Active promotions by stacking group, leaving out `exceptId` (the one being saved). */
async function activeByGroup(
  db: Db | Transaction<Database>,
  groupIds: readonly string[],
  exceptId: string | null,
): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const groupId = sql<string>`definition->'stacking'->>'groupId'`;
  let query = db
    .selectFrom('promotions')
    .select([groupId.as('group_id'), sql<number>`count(*)::int`.as('count')])
    .where('status', '=', 'active')
    .where(groupId, '=', sql<string>`any(${[...groupIds]}::text[])`)
    .groupBy(groupId);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.count)]));
}

const capMessage = (groupId: string, count: number) =>
  `Stacking group "${groupId}" tries every order of its promotions at each calculation, so it ` +
  `holds at most ${BEST_ORDER_GROUP_CAP} active ones (it would hold ${count})`;

/**
 * An active promotion joining a full `best-order` group: refused (`stacking_group_full`), as the
 * group would try too many orders at the till. Drafts and paused ones are free to sit there.
 */
export async function bestOrderGroupProblems(
  db: Db,
  settings: RulesetSettings,
  fields: Readonly<Record<string, unknown>>,
): Promise<ReferenceProblem[]> {
  const stacking = fields.stacking as Record<string, unknown> | undefined;
  const groupId = typeof stacking?.groupId === 'string' ? stacking.groupId : undefined;
  if (fields.status !== 'active' || groupId === undefined) return [];
  const group = settings.stackingGroups.find((g) => g.id === groupId);
  if (group?.mode !== 'best-order') return [];
  const id = typeof fields.id === 'string' ? fields.id : null;
  const others = (await activeByGroup(db, [groupId], id)).get(groupId) ?? 0;
  if (others + 1 <= BEST_ORDER_GROUP_CAP) return [];
  return [
    {
      field: '/stacking/groupId',
      code: 'stacking_group_full',
      message: capMessage(groupId, others + 1),
    },
  ];
}

/** Groups the settings make `best-order` that already hold more active promotions than allowed. */
export async function bestOrderSettingsProblems(
  db: Db | Transaction<Database>,
  settings: RulesetSettings,
): Promise<FieldProblem[]> {
  const bestOrder = settings.stackingGroups.flatMap((g, i) =>
    g.mode === 'best-order' ? [{ id: g.id, i }] : [],
  );
  const counts = await activeByGroup(
    db,
    bestOrder.map((g) => g.id),
    null,
  );
  return bestOrder.flatMap(({ id, i }) => {
    const count = counts.get(id) ?? 0;
    return count <= BEST_ORDER_GROUP_CAP
      ? []
      : [
          {
            field: `/stackingGroups/${i}/mode`,
            code: 'stacking_group_full',
            message: capMessage(id, count),
          },
        ];
  });
}
