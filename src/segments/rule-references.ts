import type { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { SegmentRule } from './rule-schema.ts';

/**
 * Adds `unknown_coupon_series` for each `couponUsed` leaf naming a series that does not exist,
 * with its JSON pointer under `pointer`: a misspelt series would hold for nobody, silently.
 */
export async function checkRuleReferences(
  db: Db,
  rule: SegmentRule,
  problems: ProblemCollector,
  pointer = '/rule',
): Promise<void> {
  const named: { path: string; seriesId: string }[] = [];
  const walk = (node: SegmentRule, path: string): void => {
    if (node.kind === 'and' || node.kind === 'or') {
      for (const [i, child] of node.rules.entries()) walk(child, `${path}/rules/${i}`);
    } else if (node.kind === 'not') walk(node.rule, `${path}/rule`);
    else if (node.kind === 'couponUsed' && node.seriesId !== undefined)
      named.push({ path: `${path}/seriesId`, seriesId: node.seriesId });
  };
  walk(rule, pointer);
  if (named.length === 0) return;
  const found = await db
    .selectFrom('coupon_series')
    .select('id')
    .where(
      'id',
      'in',
      named.map((n) => n.seriesId),
    )
    .execute();
  const known = new Set(found.map((row) => row.id));
  for (const { path, seriesId } of named) {
    if (!known.has(seriesId))
      problems.add(path, 'unknown_coupon_series', `no coupon series "${seriesId}"`);
  }
}
