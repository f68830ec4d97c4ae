import { isDeepStrictEqual } from 'node:util';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import type { RulesetSettings } from '../engine/ruleset/ruleset-settings.ts';

/** One changed value: where (a JSON pointer), what it was and what it is (absent: no value). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * How one promotion differs between two versions. A version holds the active promotions only, so
 * `added` is a promotion that became active (created active, or activated) and `removed` one that
 * stopped being active (paused, archived).
 */
export interface PromotionChange {
  promotionId: string;
  /** Its name in the newer version, or in the older one when removed. */
  name: string;
  /** Its mechanic's kind, as `name` (to label the mechanic's fields). */
  mechanic: string;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`: every field that differs; empty for `added` and `removed`. */
  fields: FieldChange[];
}

export interface RulesetDiff {
  promotions: PromotionChange[];
  settings: FieldChange[];
}

interface Side {
  settings: RulesetSettings;
  promotions: readonly PromotionDefinition[];
}

/**
 * What changed from `before` to `after`: promotions in id order, then the settings' fields.
 * Objects are compared key by key (one set or unset whole too); arrays of objects of the same
 * length element by element; any
 * other array (SKU and store lists, groups added or dropped) is one change, read whole.
 */
export function diffRulesets(before: Side, after: Side): RulesetDiff {
  const old = new Map(before.promotions.map((p) => [p.id, p]));
  const now = new Map(after.promotions.map((p) => [p.id, p]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort();
  const promotions = ids.flatMap((id): PromotionChange[] => {
    const was = old.get(id);
    const is = now.get(id);
    const shown = is ?? was;
    if (!shown) return [];
    const change = (kind: PromotionChange['change'], fields: FieldChange[]): PromotionChange[] => [
      { promotionId: id, name: shown.name, mechanic: shown.mechanic.kind, change: kind, fields },
    ];
    if (!was) return change('added', []);
    if (!is) return change('removed', []);
    const fields = jsonChanges(was, is);
    return fields.length === 0 ? [] : change('changed', fields);
  });
  return { promotions, settings: jsonChanges(before.settings, after.settings) };
}

/** The fields that differ between two JSON values, as JSON pointers (RFC 6901) under `path`. */
export function jsonChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  // An object set or unset whole (limits added) is told field by field, each with its own name.
  if ((isRecord(before) || before === undefined) && (isRecord(after) || after === undefined)) {
    const was = before ?? {};
    const is = after ?? {};
    const keys = [...new Set([...Object.keys(was), ...Object.keys(is)])].sort();
    return keys.flatMap((key) => jsonChanges(was[key], is[key], `${path}/${escapePointer(key)}`));
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.length === after.length &&
    before.every(isRecord) &&
    after.every(isRecord)
  ) {
    return before.flatMap((item, i) => jsonChanges(item, after[i], `${path}/${i}`));
  }
  return [
    {
      path,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
