import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { CustomerFacts } from './customer-facts.ts';
import { evaluate } from './evaluate.ts';
import type { SegmentRule } from './rule-schema.ts';

/** A rule segment as evaluated: its id and its stored (validated) rule. */
export interface RuleSegment {
  id: string;
  rule: SegmentRule;
}

/** Every rule segment; static lists are never re-evaluated. */
export async function loadRuleSegments(db: Db): Promise<RuleSegment[]> {
  const rows = await db
    .selectFrom('segments')
    .select(['id', 'rule'])
    .where('kind', '=', 'rule')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, rule: row.rule as SegmentRule }));
}

/**
 * The ids of the segments a customer belongs to, rule and static alike: one read of the
 * materialised memberships on the (customer_id, segment_id) index. For the cart's context.
 */
export async function segmentIdsFor(db: Db, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('segment_members')
    .select('segment_id')
    .where('customer_id', '=', customerId)
    .orderBy('segment_id')
    .execute();
  return rows.map((row) => row.segment_id);
}

/**
 * Evaluates `segments` for the given customers on `today` and writes only the difference with
 * their stored memberships (one read, at most one insert and one delete). Returns the counts.
 */
export async function materialise(
  db: Db,
  segments: readonly RuleSegment[],
  facts: readonly CustomerFacts[],
  today: string,
  now: Date,
): Promise<{ added: number; removed: number }> {
  if (segments.length === 0 || facts.length === 0) return { added: 0, removed: 0 };
  const customerIds = facts.map((f) => f.customerId);
  const segmentIds = segments.map((s) => s.id);
  const stored = await db
    .selectFrom('segment_members')
    .select(['segment_id', 'customer_id'])
    .where('customer_id', '=', sql<string>`any(${customerIds}::uuid[])`)
    .where('segment_id', '=', sql<string>`any(${segmentIds}::text[])`)
    .execute();
  const current = new Set(stored.map((row) => `${row.segment_id} ${row.customer_id}`));
  const add: { segment: string[]; customer: string[] } = { segment: [], customer: [] };
  for (const customer of facts) {
    for (const segment of segments) {
      const key = `${segment.id} ${customer.customerId}`;
      if (evaluate(segment.rule, customer, today).member) {
        if (!current.delete(key)) {
          add.segment.push(segment.id);
          add.customer.push(customer.customerId);
        }
      }
    }
  }
  // What is left in `current` no longer holds.
  const gone = [...current].map((key) => key.split(' ') as [string, string]);
  if (add.segment.length === 0 && gone.length === 0) return { added: 0, removed: 0 };
  // One statement writes the memberships and their `segment.entered` / `segment.left` events,
  // so a run cut short leaves both or neither, inside a transaction or not.
  await sql`
    WITH added AS (
      INSERT INTO segment_members (segment_id, customer_id, since)
      SELECT * , ${now} FROM unnest(${add.segment}::text[], ${add.customer}::uuid[])
      ON CONFLICT DO NOTHING
      RETURNING segment_id, customer_id
    ), removed AS (
      DELETE FROM segment_members m
      USING unnest(${gone.map((g) => g[0])}::text[], ${gone.map((g) => g[1])}::uuid[]) AS g (s, c)
      WHERE m.segment_id = g.s AND m.customer_id = g.c
      RETURNING m.segment_id, m.customer_id
    )
    INSERT INTO domain_events (id, type, occurred_at, customer_id, payload, created_at)
    SELECT gen_random_uuid(), change.type, ${now}, change.customer_id::text,
      jsonb_build_object('segmentId', change.segment_id), ${now}
    FROM (SELECT 'segment.entered' AS type, segment_id, customer_id FROM added
      UNION ALL SELECT 'segment.left', segment_id, customer_id FROM removed) change`.execute(db);
  return { added: add.segment.length, removed: gone.length };
}
