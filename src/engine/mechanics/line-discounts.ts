/**
 * The line discounts of the calculation under way, flat: entry `e` takes `amountAt(e)` kopecks
 * off input line `lineAt(e)`. A mechanic's discounts, their capped copy and an applied effect's
 * are ranges `from..to` of entries, appended in order and never changed after. A discount of
 * nothing is no entry, so every amount in a range is above zero. Numbers rather than an object
 * per line and promotion: capping, stacking and the receipt read them in loops, and a 10-line
 * cart under 100 promotions makes a thousand. Calculations run one at a time, so each starts the
 * store afresh (`clearLineDiscounts`); none outlives the calculation that wrote it (results carry
 * amounts in objects of their own).
 */
let lines = new Int32Array(1024);
// A plain list, not a Float64Array (amounts pass 2^31): values read from a Float64Array are
// doubles, and stored in the result's entries they turned those objects' fields (shared by every
// object of the same shape) into boxed doubles, which made the whole calculation slower.
const amounts: number[] = [];
let length = 0;

// Past this many entries (a huge cart under many promotions) the store is let go at the next
// calculation rather than kept for every later one.
const KEPT_ENTRIES = 65_536;

/** At the start of a calculation: the entries of earlier ones are no longer read. */
export function clearLineDiscounts(): void {
  length = 0;
  if (lines.length > KEPT_ENTRIES) {
    lines = new Int32Array(1024);
    amounts.length = 0;
  }
}

/** Where the next entry goes: the start of a range about to be written. */
export function nextDiscount(): number {
  return length;
}

/** Adds an entry taking `discountMinor` off line `index`, unless it takes nothing off. */
export function addLineDiscount(index: number, discountMinor: number): void {
  if (discountMinor <= 0) return;
  if (length === lines.length) {
    const longer = new Int32Array(lines.length * 2);
    longer.set(lines);
    lines = longer;
  }
  lines[length] = index;
  // Grown by one past its end only: the list stays packed.
  amounts[length] = discountMinor;
  length += 1;
}

/** The input line entry `e` discounts. */
export function lineAt(e: number): number {
  return lines[e] as number;
}

/** The kopecks entry `e` takes off. */
export function amountAt(e: number): number {
  return amounts[e] as number;
}
