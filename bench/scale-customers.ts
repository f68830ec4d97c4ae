import { createHash } from 'node:crypto';

/**
 * Customer k of a scale book (0 ≤ k < customers) as the generator writes them in SQL
 * (`bench/scale-book.ts`), recomputed here from k alone for the bench's calls and checks.
 */

/** Customer k's id, the same in SQL (`md5('c' || k)::uuid`) and here. */
export function customerId(k: number): string {
  const hex = createHash('md5').update(`c${k}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Money paid (minor units) on customer k's purchase i (1–4): 300–5 000 ₽. */
const paidMinor = (k: number, i: number) => 30_000 + ((k * 7_919 + i * 104_729) % 470_000);
/** Points purchase i accrued: 5% of the money paid, 1 point = 1 ₽, rounded down. */
const accrued = (k: number, i: number) => Math.floor(paidMinor(k, i) / 2_000);

/** The balance the generator gives customer k: lot 3 half spent, lot 4 pending. */
export function expectedBalance(k: number): { active: number; pending: number; debt: number } {
  const third = accrued(k, 3);
  return { active: third - Math.floor(third / 2), pending: accrued(k, 4), debt: 0 };
}

/** Customer k's phone as stored (E.164): +79 and k in nine digits. */
export const phone = (k: number) => `+79${String(k).padStart(9, '0')}`;
