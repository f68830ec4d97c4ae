import { schemaProblems } from '../engine/promotion/problem.ts';
import type { FieldProblem } from '../errors.ts';
import { leafSchemas, type SegmentRule } from './rule-schema.ts';

/** How deep AND/OR/NOT may nest and how many leaves a rule may hold: evaluation stays cheap. */
export const maxRuleDepth = 8;
export const maxRuleLeaves = 100;

export type RuleValidation =
  | { ok: true; rule: SegmentRule }
  | { ok: false; problems: FieldProblem[] };

/**
 * Checks a rule whole and lists every problem with its JSON pointer under `pointer`: schema
 * faults (`required`, `unknown_field`, `invalid_type`, `out_of_range`, …), `unknown_kind`,
 * `empty_group`, `missing_bound` (a range leaf with neither min nor max), `min_above_max`,
 * `value_required` (customField other than `exists`), `too_deep`, `too_many_leaves`.
 */
export function validateRule(input: unknown, pointer = '/rule'): RuleValidation {
  const problems: FieldProblem[] = [];
  let leaves = 0;
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > maxRuleDepth) {
      problems.push({
        field: path,
        code: 'too_deep',
        message: `nests deeper than ${maxRuleDepth}`,
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ field: path, code: 'invalid_type', message: 'must be an object' });
      return;
    }
    const kind = (value as { kind?: unknown }).kind;
    if (kind === 'and' || kind === 'or') {
      walkGroup(value, path, depth);
      return;
    }
    if (kind === 'not') {
      extraFields(value, ['kind', 'rule'], path);
      walk((value as { rule?: unknown }).rule, `${path}/rule`, depth + 1);
      return;
    }
    if (typeof kind !== 'string' || !(kind in leafSchemas)) {
      const message = `must be and, or, not or one of: ${Object.keys(leafSchemas).join(', ')}`;
      problems.push({ field: `${path}/kind`, code: 'unknown_kind', message });
      return;
    }
    leaves++;
    leafProblems(kind as keyof typeof leafSchemas, value, path);
  };
  const walkGroup = (value: object, path: string, depth: number) => {
    extraFields(value, ['kind', 'rules'], path);
    const rules = (value as { rules?: unknown }).rules;
    if (!Array.isArray(rules) || rules.length === 0) {
      problems.push({ field: `${path}/rules`, code: 'empty_group', message: 'needs 1+ rules' });
      return;
    }
    for (const [index, rule] of rules.entries()) walk(rule, `${path}/rules/${index}`, depth + 1);
  };
  const extraFields = (value: object, allowed: string[], path: string) => {
    for (const key of Object.keys(value).filter((k) => !allowed.includes(k))) {
      problems.push({ field: `${path}/${key}`, code: 'unknown_field', message: `unknown ${key}` });
    }
  };
  const leafProblems = (kind: keyof typeof leafSchemas, value: object, path: string) => {
    const found = schemaProblems(leafSchemas[kind], value, path);
    problems.push(...found.map((p) => ({ field: p.path, code: p.code, message: p.message })));
    if (found.length === 0) problems.push(...semanticProblems(value as SegmentRule, path));
  };
  walk(input, pointer, 1);
  if (leaves > maxRuleLeaves) {
    const message = `holds ${leaves} conditions, at most ${maxRuleLeaves} are allowed`;
    problems.push({ field: pointer, code: 'too_many_leaves', message });
  }
  return problems.length === 0 ? { ok: true, rule: input as SegmentRule } : { ok: false, problems };
}

function semanticProblems(rule: SegmentRule, path: string): FieldProblem[] {
  if ('min' in rule || 'max' in rule || isRange(rule.kind)) {
    const { min, max } = rule as { min?: number; max?: number };
    if (min === undefined && max === undefined) {
      return [{ field: `${path}/min`, code: 'missing_bound', message: 'give min, max or both' }];
    }
    if (min !== undefined && max !== undefined && min > max) {
      return [{ field: `${path}/max`, code: 'min_above_max', message: `is below min ${min}` }];
    }
  }
  if (rule.kind === 'customField' && rule.op !== 'exists' && rule.value === undefined) {
    return [
      { field: `${path}/value`, code: 'value_required', message: `${rule.op} needs a value` },
    ];
  }
  return [];
}

function isRange(kind: string): boolean {
  return ['age', 'spend', 'purchaseCount', 'averageCheck', 'daysSinceLastPurchase', 'rfm'].includes(
    kind,
  );
}
