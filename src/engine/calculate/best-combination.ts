/** One promotion's stand-alone result, as the `best` search sees it. */
export interface Option {
  readonly ordinal: number;
  readonly valueMinor: number;
  /** Lines the promotion discounts or awards points on (a line may be listed twice). */
  readonly lines: readonly number[];
  /** An exclusive promotion combines with nothing in its group. */
  readonly exclusive: boolean;
}

// Beyond this many options the exact search could take too long at a till; a greedy pick by
// value is used instead (still deterministic).
const EXACT_SEARCH_LIMIT = 20;

/** True when two options may not both apply: they share a line, or one is exclusive. */
export function conflicts(a: Option, b: Option): boolean {
  if (a.exclusive || b.exclusive) return true;
  for (const line of a.lines) if (b.lines.includes(line)) return true;
  return false;
}

/**
 * The set of options with pairwise disjoint lines and the largest total value (the lowest total
 * for the customer). Ties go to the set found first when options are taken by value, then by
 * application order, so the answer is deterministic. Returns ordinals in application order.
 */
export function chooseBest(options: readonly Option[]): number[] {
  const sorted = [...options].sort((a, b) => b.valueMinor - a.valueMinor || a.ordinal - b.ordinal);
  // A greedy pick already tried every option, those worth nothing included; after the exact
  // search, options worth nothing in money (a gift at full price) still apply when nothing
  // conflicts.
  const chosen = sorted.length > EXACT_SEARCH_LIMIT ? greedy(sorted) : withFreeOptions(sorted);
  return chosen.map((option) => option.ordinal).sort((a, b) => a - b);
}

function withFreeOptions(sorted: readonly Option[]): Option[] {
  const found = exact(sorted);
  const foundSet = new Set(found);
  return greedy([...found, ...sorted.filter((option) => !foundSet.has(option))]);
}

function greedy(sorted: readonly Option[]): Option[] {
  const chosen: Option[] = [];
  // Indexed by line: a plain array beats a Set for small integer keys.
  const taken: boolean[] = [];
  let exclusiveTaken = false;
  for (const option of sorted) {
    if (exclusiveTaken || (option.exclusive && chosen.length > 0)) continue;
    let free = true;
    for (const line of option.lines) if (taken[line] === true) free = false;
    if (!free) continue;
    chosen.push(option);
    for (const line of option.lines) taken[line] = true;
    exclusiveTaken = option.exclusive;
  }
  return chosen;
}

function exact(sorted: readonly Option[]): Option[] {
  const suffix: number[] = new Array(sorted.length + 1).fill(0);
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    suffix[i] = (suffix[i + 1] ?? 0) + (sorted[i]?.valueMinor ?? 0);
  }
  let best: Option[] = [];
  let bestValue = 0;
  const visit = (i: number, chosen: Option[], value: number): void => {
    if (value > bestValue) {
      best = [...chosen];
      bestValue = value;
    }
    const option = sorted[i];
    if (option === undefined || value + (suffix[i] ?? 0) <= bestValue) return;
    if (chosen.every((other) => !conflicts(option, other))) {
      chosen.push(option);
      visit(i + 1, chosen, value + option.valueMinor);
      chosen.pop();
    }
    visit(i + 1, chosen, value);
  };
  visit(0, [], 0);
  return best;
}
