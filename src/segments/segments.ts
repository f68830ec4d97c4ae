import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { localDate } from '../calendar/time-zone.ts';
import { conflict, notFound, ProblemCollector } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import type { CustomerFacts } from './customer-facts.ts';
import { evaluate, type LeafReason } from './evaluate.ts';
import { loadFacts } from './load-facts.ts';
import { factsReadBy } from './purchase-dependence.ts';
import { forEachCustomerPage, materialiseAll } from './recompute-segments.ts';
import { checkRuleReferences } from './rule-references.ts';
import type { SegmentRule } from './rule-schema.ts';
import { validateRule } from './validate-rule.ts';

export interface SegmentInput {
  id: string;
  name: string;
  /** A rule segment; absent for a static list filled by CSV upload. */
  rule?: unknown;
}

export interface SegmentView {
  id: string;
  name: string;
  kind: 'rule' | 'static';
  rule: SegmentRule | null;
  memberCount: number;
  computedAt: string | null;
  createdAt: string;
}

const idPattern = /^[A-Za-z0-9._:-]{1,100}$/;

function checkedRule(input: SegmentInput | { rule: unknown }, problems: ProblemCollector) {
  const result = validateRule(input.rule);
  if (result.ok) return result.rule;
  for (const p of result.problems) problems.add(p.field, p.code, p.message);
  return null;
}

/**
 * Creates a segment, audited as `segment.create`. A rule segment is materialised over every
 * customer before answering. Refusals: `invalid_id`, `invalid_name`, the rule's problems (see
 * validateRule), `segment_exists` (409).
 */
export async function createSegment(
  db: Db,
  actor: Actor,
  input: SegmentInput,
  now: Date,
): Promise<SegmentView> {
  const problems = new ProblemCollector();
  if (!idPattern.test(input.id))
    problems.add('/id', 'invalid_id', 'must be 1..100 of A-Z a-z 0-9 . _ : -');
  if (input.name.trim() === '') problems.add('/name', 'invalid_name', 'must not be empty');
  const rule = input.rule === undefined ? null : checkedRule(input, problems);
  if (rule) await checkRuleReferences(db, rule, problems);
  problems.throwIfAny();
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('segments')
        .values({
          id: input.id,
          name: input.name.trim(),
          kind: rule ? 'rule' : 'static',
          rule: rule ? JSON.stringify(rule) : null,
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'segment.create',
        entityType: 'segment',
        entityId: input.id,
        after: { name: input.name, rule },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('segment_exists', `Segment "${input.id}" exists`, '/id');
    throw error;
  }
  if (rule) {
    const today = localDate(now, (await getProgramSettings(db)).timeZone);
    await materialiseAll(db, [{ id: input.id, rule }], today, now);
    await db.updateTable('segments').set({ computed_at: now }).where('id', '=', input.id).execute();
  }
  return getSegment(db, input.id);
}

/** How many customers a rule would hold today, without saving it. Refuses as createSegment. */
export async function previewSegment(
  db: Db,
  input: { rule: unknown },
  now: Date,
): Promise<{ size: number; customers: number }> {
  const problems = new ProblemCollector();
  const rule = checkedRule(input, problems);
  if (rule) await checkRuleReferences(db, rule, problems);
  problems.throwIfAny();
  const today = localDate(now, (await getProgramSettings(db)).timeZone);
  const totals = { size: 0, customers: 0 };
  await forEachCustomerPage(db, factsReadBy([rule as SegmentRule]), async (facts) => {
    totals.customers += facts.length;
    for (const customer of facts)
      if (evaluate(rule as SegmentRule, customer, today).member) totals.size++;
  });
  return totals;
}

const segmentsWithCounts = (db: Db) =>
  db
    .selectFrom('segments as s')
    .selectAll('s')
    .select(
      sql<number>`(SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id)`.as(
        'member_count',
      ),
    );

function toView(
  row: Awaited<ReturnType<ReturnType<typeof segmentsWithCounts>['execute']>>[number],
): SegmentView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    rule: (row.rule as SegmentRule | null) ?? null,
    memberCount: Number(row.member_count),
    computedAt: row.computed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** One segment with its member count; `segment_not_found` (404). */
export async function getSegment(db: Db, id: string): Promise<SegmentView> {
  const row = await segmentsWithCounts(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('segment_not_found', `No segment "${id}"`);
  return toView(row);
}

/** Every segment, by id, with member counts. */
export async function listSegments(db: Db): Promise<SegmentView[]> {
  return (await segmentsWithCounts(db).orderBy('s.id').execute()).map(toView);
}

/** A page of members by customer id, after the `after` cursor (a customer id). */
export async function listMembers(
  db: Db,
  id: string,
  page: { after?: string | undefined; limit: number },
): Promise<{ items: Array<{ customerId: string; since: string }>; next: string | null }> {
  await getSegment(db, id);
  const rows = await db
    .selectFrom('segment_members')
    .select(['customer_id', 'since'])
    .where('segment_id', '=', id)
    .$if(page.after !== undefined, (q) => q.where('customer_id', '>', page.after as string))
    .orderBy('customer_id')
    .limit(page.limit + 1)
    .execute();
  const items = rows
    .slice(0, page.limit)
    .map((r) => ({ customerId: r.customer_id, since: r.since.toISOString() }));
  return { items, next: rows.length > page.limit ? (items.at(-1)?.customerId ?? null) : null };
}

/**
 * Why a customer is or is not in a segment now: the rule evaluated afresh with every leaf's
 * reason (en/ru), and the stored membership the cart sees (they differ only until the next
 * recompute, e.g. after midnight). `segment_not_found`, `customer_not_found` (404).
 */
export async function explainMembership(db: Db, id: string, customerId: string, now: Date) {
  const segment = await getSegment(db, id);
  const facts = (await loadFacts(db, [customerId])).get(customerId);
  if (!facts) throw notFound('customer_not_found', `No customer ${customerId}`);
  const stored = await db
    .selectFrom('segment_members')
    .select('since')
    .where('segment_id', '=', id)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  const today = segment.rule ? localDate(now, (await getProgramSettings(db)).timeZone) : '';
  return judged(segment, customerId, facts, stored !== undefined, today);
}

/**
 * Every segment judged for one customer, as `explainMembership` judges one (a customer's page
 * shows them all): the customer's facts, memberships and the programme's date read once.
 */
export async function explainCustomerSegments(db: Db, customerId: string, now: Date) {
  const facts = (await loadFacts(db, [customerId])).get(customerId);
  if (!facts) throw notFound('customer_not_found', `No customer ${customerId}`);
  const [segments, stored, settings] = await Promise.all([
    // No member counts: counting every segment's members is not one customer's business.
    db.selectFrom('segments').select(['id', 'name', 'kind', 'rule']).orderBy('id').execute(),
    db
      .selectFrom('segment_members')
      .select('segment_id')
      .where('customer_id', '=', customerId)
      .execute(),
    getProgramSettings(db),
  ]);
  const held = new Set(stored.map((row) => row.segment_id));
  const today = localDate(now, settings.timeZone);
  return segments.map(({ id, name, kind, rule }) => ({
    segment: { id, name, kind },
    explanation: judged(
      { id, rule: rule as SegmentRule | null },
      customerId,
      facts,
      held.has(id),
      today,
    ),
  }));
}

/** A static list holds whom it lists; a rule is evaluated on `today`, leaf by leaf. */
function judged(
  segment: Pick<SegmentView, 'id' | 'rule'>,
  customerId: string,
  facts: CustomerFacts,
  materialised: boolean,
  today: string,
) {
  if (!segment.rule) {
    const reason: LeafReason = {
      path: '/',
      kind: 'staticList',
      held: materialised,
      en: materialised ? 'on the uploaded list' : 'not on the uploaded list',
      ru: materialised ? 'есть в загруженном списке' : 'нет в загруженном списке',
    };
    return {
      segmentId: segment.id,
      customerId,
      member: materialised,
      materialised,
      reasons: [reason],
    };
  }
  const { member, reasons } = evaluate(segment.rule, facts, today);
  return { segmentId: segment.id, customerId, today, member, materialised, reasons };
}
