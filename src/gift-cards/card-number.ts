import { randomInt } from 'node:crypto';

/** Card numbers: 16 digits, the first `9` (no payment network uses it), the last a Luhn digit. */
const LEADING = '9';
const LENGTH = 16;

function luhnSum(digits: string, doubleEven: boolean): number {
  let sum = 0;
  for (let i = digits.length - 1, position = 0; i >= 0; i -= 1, position += 1) {
    let d = Number(digits.charAt(i));
    if ((position % 2 === 0) === doubleEven) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** A fresh random card number with its Luhn check digit (CSPRNG: `randomInt` has no bias). */
export function newCardNumber(): string {
  let body = LEADING;
  while (body.length < LENGTH - 1) body += String(randomInt(10));
  return body + String((10 - (luhnSum(body, true) % 10)) % 10);
}

/** A 6-digit PIN from the CSPRNG. */
export function newPin(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** Digits only, as printed with spaces or dashes. */
export function normaliseCardNumber(typed: string): string {
  return typed.replace(/[\s-]+/g, '');
}

/** True for 16 digits whose Luhn check holds: catches any single mistyped digit without a lookup. */
export function isWellFormedCardNumber(number: string): boolean {
  return /^[0-9]{16}$/.test(number) && luhnSum(number, false) % 10 === 0;
}

/** The number as it may appear in logs, answers and audit: all but the last 4 digits hidden. */
export function maskCardNumber(number: string): string {
  return `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;
}
