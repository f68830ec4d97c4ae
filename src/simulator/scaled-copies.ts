/**
 * How many times the `k`-th item (1-based) of a series appears when the series is scaled by
 * (10 000 + changeBp) / 10 000 without randomness: ⌈k·m⌉ − ⌈(k−1)·m⌉. The first n items then
 * give exactly ⌈n·m⌉ copies, spread evenly: +50% doubles every other item (2, 1, 2, 1…), −20%
 * drops every fifth (1, 1, 1, 1, 0…), and the first item is never dropped unless the change
 * is −100%.
 */
export function scaledCopies(k: number, changeBp: number): number {
  const m = 10_000 + changeBp;
  return ceilDiv(k * m, 10_000) - ceilDiv((k - 1) * m, 10_000);
}

function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}
