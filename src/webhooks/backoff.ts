/** How retries of a failed delivery spread out. */
export interface Backoff {
  /** The pause after the first failure, in ms. */
  baseMs: number;
  /** No pause is longer, in ms. */
  capMs: number;
}

/**
 * The pause before the next try after `attempts` failed ones (1, 2, …): `min(cap, base × 2^(n−1))`
 * exponential, with "equal jitter" — half of it fixed, the other half drawn by `random` (in [0, 1))
 * — so receivers that failed together are not hit together again, and the pause is never below
 * half nor above the exponential step. Whole ms.
 */
export function retryDelayMs(attempts: number, backoff: Backoff, random: () => number): number {
  const step = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempts - 1, 30));
  const half = Math.floor(step / 2);
  return half + Math.floor(random() * (step - half + 1));
}
