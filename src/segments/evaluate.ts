import type { CustomerFacts } from './customer-facts.ts';
import { checkLeaf } from './leaf-checks.ts';
import type { SegmentRule } from './rule-schema.ts';

/** Why one leaf of a rule held or not; `path` is the leaf's JSON pointer inside the rule. */
export interface LeafReason {
  path: string;
  kind: string;
  held: boolean;
  en: string;
  ru: string;
}

export interface Evaluation {
  member: boolean;
  /** Every leaf, in rule order: AND/OR do not stop early, so an explanation is complete. */
  reasons: LeafReason[];
}

/**
 * Evaluates a segment rule for one customer, purely: `today` is the calendar date in the
 * programme's zone (`YYYY-MM-DD`), against which windows, age and birthdays are counted.
 * An empty AND holds and an empty OR does not (the validator refuses both anyway).
 */
export function evaluate(rule: SegmentRule, facts: CustomerFacts, today: string): Evaluation {
  const reasons: LeafReason[] = [];
  const walk = (node: SegmentRule, path: string): boolean => {
    switch (node.kind) {
      case 'and':
        return node.rules.map((r, i) => walk(r, `${path}/rules/${i}`)).every(Boolean);
      case 'or':
        return node.rules.map((r, i) => walk(r, `${path}/rules/${i}`)).some(Boolean);
      case 'not':
        return !walk(node.rule, `${path}/rule`);
      default: {
        const outcome = checkLeaf(node, facts, today);
        reasons.push({ path: path === '' ? '/' : path, kind: node.kind, ...outcome });
        return outcome.held;
      }
    }
  };
  const member = walk(rule, '');
  return { member, reasons };
}
