import { dayNumber } from '../../calendar/day-number.ts';
import { minutesOf } from '../../calendar/local-time.ts';
import { type LocalizedText, receiptLabel } from '../explain/messages.ts';
import type { Reason } from '../explain/reason.ts';
import type { Mechanic, UsageLimits } from '../mechanics/mechanic.ts';
import { mechanicFor } from '../mechanics/registry.ts';
import type { PromotionDefinition } from '../promotion/promotion-schema.ts';
import { validatePromotion } from '../promotion/validate-promotion.ts';
import {
  type ProductSelector,
  type SelectorMatcher,
  selectorMatcher,
} from '../selector/product-selector.ts';
import { buildLineIndex, type LineIndex } from './line-index.ts';
import {
  defaultRulesetSettings,
  type RulesetSettings,
  type StackingGroup,
} from './ruleset-settings.ts';

export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export interface CompiledPromotion {
  /** Position in application order: group order, then priority (high first), then id. */
  readonly ordinal: number;
  readonly definition: PromotionDefinition;
  readonly mechanic: Mechanic;
  readonly groupIndex: number;
  readonly validFromMs: number;
  readonly validToMs: number;
  /**
   * Local validity dates as day numbers, both days included, read in the store's zone;
   * -Infinity and Infinity when open or when validity is by instants (`localDates` false).
   */
  readonly validFromDay: number;
  readonly validToDay: number;
  readonly localDates: boolean;
  readonly days: ReadonlySet<number> | null;
  readonly windows: readonly TimeWindow[] | null;
  /** The selector a cart must touch for the promotion to apply, used by the line index. */
  readonly indexScope: ProductSelector | null;
  /** `indexScope` compiled, found here rather than looked up on every evaluation. */
  readonly indexMatcher: SelectorMatcher | null;
  /** The definition's unit and repeat limits as mechanics read them. */
  readonly limits: UsageLimits;
  /** The start of its receipt line when it applies (see `receiptLabel`). */
  readonly receiptLabel: LocalizedText;
  /**
   * The refusal of the promotions it keeps out under stacking ("suppressed by"): the same in
   * every calculation, so made once, frozen (explanations keep its text too).
   */
  readonly suppression: {
    readonly applied: false;
    readonly reason: Reason;
    readonly notes: readonly never[];
  };
}

const NO_NOTES: readonly never[] = [];

function suppressionBy(definition: PromotionDefinition): CompiledPromotion['suppression'] {
  const reason: Reason = Object.freeze({
    code: 'suppressed_by',
    params: Object.freeze({ promotionId: definition.id, promotionName: definition.name }),
  });
  return Object.freeze({ applied: false, reason, notes: NO_NOTES });
}

export interface Ruleset {
  readonly version: string;
  readonly settings: RulesetSettings;
  readonly groups: readonly StackingGroup[];
  readonly promotions: readonly CompiledPromotion[];
  readonly index: LineIndex;
}

/**
 * Prepares definitions for calculation: validates them (an invalid one is a caller bug and
 * throws) unless the caller says they are `validated` (the promotion watch compiles thousands of
 * small rulesets of stored definitions), drops archived ones, orders them for stacking and indexes them by what lines they can
 * touch, so a cart only visits promotions that may apply to it.
 */
export function compileRuleset(
  definitions: readonly PromotionDefinition[],
  version: string,
  settings: RulesetSettings = defaultRulesetSettings,
  validated = false,
): Ruleset {
  for (const definition of validated ? [] : definitions) {
    const result = validatePromotion(definition, 'compile');
    if (!result.ok) {
      throw new Error(`invalid promotion ${definition.id}: ${JSON.stringify(result.problems)}`);
    }
  }
  const live = definitions.filter((definition) => definition.status !== 'archived');
  const groups = stackingGroups(live, settings.stackingGroups);
  const groupIndexOf = new Map(groups.map((group, i) => [group.id, i]));
  const sorted = live
    .map((definition) => ({
      definition,
      groupIndex: groupIndexOf.get(definition.stacking.groupId) ?? 0,
    }))
    .sort(
      (a, b) =>
        a.groupIndex - b.groupIndex ||
        b.definition.stacking.priority - a.definition.stacking.priority ||
        (a.definition.id < b.definition.id ? -1 : a.definition.id > b.definition.id ? 1 : 0),
    );
  const promotions = sorted.map(({ definition, groupIndex }, ordinal) =>
    compilePromotion(definition, groupIndex, ordinal),
  );
  const secondary = promotions.flatMap((p) => otherSelectors(p.definition, p.indexScope));
  return { version, settings, groups, promotions, index: buildLineIndex(promotions, secondary) };
}

/**
 * The definition with every top-level field present, in one order (and its stacking and limits
 * likewise): definitions arrive with different sets of optional fields, and every evaluation
 * reads many of them, which is several times slower over objects of many shapes than of one.
 * Absent fields stay undefined, so the definition means the same.
 */
function uniformDefinition(definition: PromotionDefinition): PromotionDefinition {
  const { stacking, limits } = definition;
  return {
    id: definition.id,
    name: definition.name,
    status: definition.status,
    validFrom: definition.validFrom,
    validTo: definition.validTo,
    validFromDate: definition.validFromDate,
    validToDate: definition.validToDate,
    schedule: definition.schedule,
    channels: definition.channels,
    storeIds: definition.storeIds,
    audience: definition.audience,
    couponRequired: definition.couponRequired,
    conditions: definition.conditions,
    stacking: {
      groupId: stacking.groupId,
      priority: stacking.priority,
      exclusive: stacking.exclusive,
    },
    limits:
      limits === undefined
        ? undefined
        : {
            maxUnitsPerCheck: limits.maxUnitsPerCheck,
            maxRepeats: limits.maxRepeats,
            perCustomerUses: limits.perCustomerUses,
            totalUses: limits.totalUses,
            budgetMinor: limits.budgetMinor,
            budgetPoints: limits.budgetPoints,
          },
    holdoutShareBp: definition.holdoutShareBp,
    mechanic: definition.mechanic,
  };
}

// Where selectors sit in mechanic arguments and cart conditions.
const SELECTOR_KEYS = new Set(['scope', 'trigger', 'target', 'mustContain']);

/** A promotion's selectors other than its main one, found wherever its data holds them. */
function otherSelectors(
  definition: PromotionDefinition,
  main: ProductSelector | null,
): ProductSelector[] {
  const found: ProductSelector[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (SELECTOR_KEYS.has(key) && typeof inner === 'object' && inner !== null) {
        if (inner !== main) found.push(inner as ProductSelector);
      } else visit(inner);
    }
  };
  visit(definition.mechanic);
  visit(definition.conditions);
  return found;
}

/** Configured groups in order, then groups only promotions name, by id, cumulative. */
function stackingGroups(
  definitions: readonly PromotionDefinition[],
  configured: readonly StackingGroup[],
): StackingGroup[] {
  const known = new Set(configured.map((group) => group.id));
  const extra = [...new Set(definitions.map((d) => d.stacking.groupId))]
    .filter((id) => !known.has(id))
    .sort()
    .map((id): StackingGroup => ({ id, mode: 'cumulative' }));
  return [...configured, ...extra];
}

function compilePromotion(
  definition: PromotionDefinition,
  groupIndex: number,
  ordinal: number,
): CompiledPromotion {
  const mechanic = mechanicFor(definition.mechanic.kind);
  if (mechanic === undefined) throw new Error(`unknown mechanic ${definition.mechanic.kind}`);
  const { schedule } = definition;
  const indexScope =
    mechanic.indexScope(definition.mechanic) ?? definition.conditions?.mustContain ?? null;
  return {
    ordinal,
    definition: uniformDefinition(definition),
    mechanic,
    groupIndex,
    validFromMs: definition.validFrom === undefined ? -Infinity : Date.parse(definition.validFrom),
    validToMs: definition.validTo === undefined ? Infinity : Date.parse(definition.validTo),
    validFromDay:
      definition.validFromDate === undefined ? -Infinity : dayNumber(definition.validFromDate),
    validToDay: definition.validToDate === undefined ? Infinity : dayNumber(definition.validToDate),
    localDates: definition.validFromDate !== undefined || definition.validToDate !== undefined,
    days: schedule?.days === undefined ? null : new Set(schedule.days),
    windows:
      schedule?.windows?.map((w) => ({ from: minutesOf(w.from), to: minutesOf(w.to) })) ?? null,
    indexScope,
    indexMatcher: indexScope === null ? null : selectorMatcher(indexScope),
    limits: {
      maxUnits: definition.limits?.maxUnitsPerCheck ?? null,
      maxRepeats: definition.limits?.maxRepeats ?? null,
    },
    receiptLabel: receiptLabel(definition.name),
    suppression: suppressionBy(definition),
  };
}
