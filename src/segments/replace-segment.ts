import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { localDate } from '../calendar/time-zone.ts';
import { invalid, notFound, ProblemCollector } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { materialiseAll } from './recompute-segments.ts';
import { checkRuleReferences } from './rule-references.ts';
import { getSegment, type SegmentView } from './segments.ts';
import { validateRule } from './validate-rule.ts';

/**
 * Renames a segment and, for a rule segment, replaces its rule and rematerialises it over every
 * customer before answering; audited as `segment.update`. A segment stays what it was created as:
 * a static list gets no rule and a rule segment keeps one (`kind_fixed`), since promotions and
 * campaigns that name it were set up for that kind. Refusals: `segment_not_found` (404),
 * `invalid_name`, the rule's problems (see validateRule).
 */
export async function replaceSegment(
  db: Db,
  actor: Actor,
  id: string,
  input: { name: string; rule?: unknown },
  now: Date,
): Promise<SegmentView> {
  const before = await db
    .selectFrom('segments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!before) throw notFound('segment_not_found', `No segment "${id}"`, '/id');
  if ((before.kind === 'rule') !== (input.rule !== undefined)) {
    throw invalid('kind_fixed', `The segment stays a ${before.kind} segment`, '/rule');
  }
  const problems = new ProblemCollector();
  if (typeof input.name !== 'string' || input.name.trim() === '')
    problems.add('/name', 'invalid_name', 'must not be empty');
  const checked = input.rule === undefined ? null : validateRule(input.rule);
  if (checked && !checked.ok)
    for (const p of checked.problems) problems.add(p.field, p.code, p.message);
  const rule = checked?.ok ? checked.rule : null;
  if (rule) await checkRuleReferences(db, rule, problems);
  problems.throwIfAny();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('segments')
      .set({ name: input.name.trim(), rule: rule ? JSON.stringify(rule) : null })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'segment.update',
      entityType: 'segment',
      entityId: id,
      before: { name: before.name, rule: before.rule },
      after: { name: input.name.trim(), rule },
    });
  });
  if (rule) {
    const today = localDate(now, (await getProgramSettings(db)).timeZone);
    await materialiseAll(db, [{ id, rule }], today, now);
    await db.updateTable('segments').set({ computed_at: now }).where('id', '=', id).execute();
  }
  return getSegment(db, id);
}
