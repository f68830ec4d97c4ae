import { type Reason, reason } from '../explain/reason.ts';
import { type ProductSelector, selectorMatcher } from '../selector/product-selector.ts';
import type { LineState, ScopeReader } from './mechanic.ts';

/** Lines in scope, in cart order, whatever their flags (for thresholds and counts). */
export function linesInScope(reader: ScopeReader, scope: ProductSelector | undefined): LineState[] {
  return reader.inScope(scope);
}

/**
 * A reader that scans every line. The engine passes a faster one to mechanics, which looks only
 * at the lines the ruleset index already matched for the promotion's main selector.
 */
export function scanningReader(lines: readonly LineState[]): ScopeReader {
  return {
    lines,
    inScope(scope) {
      if (scope === undefined) return [...lines];
      const { matches } = selectorMatcher(scope);
      return lines.filter((s) => matches(s.line));
    },
  };
}

// Module level, not a closure per call: this runs for every evaluated promotion.
function usable(state: LineState): boolean {
  return !state.line.noDiscount && state.currentMinor > 0;
}

// A loop, not `every`: this runs for every evaluated promotion.
function allUsable(states: readonly LineState[]): boolean {
  for (const state of states) if (!usable(state)) return false;
  return true;
}

/**
 * Lines in scope that a discount may touch: not flagged "no discount" and not already free.
 * When none is left, the reason says whether products were excluded or simply absent. The list
 * is read-only: for the whole cart it may be the running lines themselves.
 */
export function discountableInScope(
  reader: ScopeReader,
  scope: ProductSelector | undefined,
): readonly LineState[] | Reason {
  if (scope === undefined) {
    // The whole cart (cart-wide thresholds): the running lines as they are when all are usable,
    // which is usual (no copy of every line for every cart-wide promotion).
    const { lines } = reader;
    let count = 0;
    for (const state of lines) if (usable(state)) count += 1;
    if (count === lines.length && count > 0) return lines;
    if (count > 0) return lines.filter(usable);
  }
  const inScope = reader.inScope(scope);
  // `inScope` is a fresh array: when every line qualifies, it is the answer as it stands.
  if (inScope.length > 0 && allUsable(inScope)) return inScope;
  const discountable = inScope.filter(usable);
  if (discountable.length > 0) return discountable;
  const flagged = inScope.find((state) => state.line.noDiscount);
  if (flagged !== undefined) return reason('product_excluded', { sku: flagged.line.sku });
  // Without exclusions in the selector no line can be excluded by it: skip the scan.
  const excluded = scope === undefined ? null : selectorMatcher(scope).excluded;
  // All lines are read only here: reading them marks the result as depending on every line.
  const byRule = excluded === null ? undefined : reader.lines.find((state) => excluded(state.line));
  if (byRule !== undefined) return reason('product_excluded', { sku: byRule.line.sku });
  return reason('no_eligible_lines');
}

/** Total of whole units across lines (a weighed item counts as one). */
export function totalUnits(lines: readonly LineState[]): number {
  let units = 0;
  for (const state of lines) units += state.units;
  return units;
}

/** The number of units a per-unit mechanic may touch under its limits (Infinity when unlimited). */
export function unitAllowance(limits: { maxUnits: number | null; maxRepeats: number | null }) {
  return Math.min(limits.maxUnits ?? Infinity, limits.maxRepeats ?? Infinity);
}

/** True when `discountableInScope` found no line and said why. */
export function isReason(found: readonly LineState[] | Reason): found is Reason {
  return !Array.isArray(found);
}
