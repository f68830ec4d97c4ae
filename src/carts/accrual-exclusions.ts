import type { CartLine } from '../engine/model/cart.ts';
import { selectorMatches } from '../engine/selector/product-selector.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';

/** Lines of the cart the programme's `accrualExclusions` selector picks (they earn no rate). */
export function accrualExcludedLineIds(
  settings: ProgramSettings,
  lines: readonly CartLine[],
): Set<string> {
  const selector = settings.accrualExclusions;
  if (!selector) return new Set();
  return new Set(
    lines.filter((line) => selectorMatches(selector, line)).map((line) => line.lineId),
  );
}
