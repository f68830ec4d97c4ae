/**
 * Coupon codes: an alphabet without look-alike characters, a check character, normalisation.
 *
 * The alphabet has 31 symbols — the digits 2–9 and the Latin capitals without I, L and O — so
 * 0/O, 1/I/L cannot be confused, and 31 is prime. The check character makes the weighted sum
 * `Σ wᵢ·vᵢ ≡ 0 (mod 31)` over the whole code, with weight 1 on the check character and 2, 3, …
 * on the characters before it. Because 31 is prime and every weight is non-zero and differs
 * from its neighbour's modulo 31, every single-character substitution and every transposition of
 * two adjacent characters changes the sum, as long as a code has at most 30 characters.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = CODE_ALPHABET.length;

/** The longest code (prefix + random part + check character) whose weights stay distinct mod 31. */
export const MAX_CODE_LENGTH = BASE - 1;

const symbolValues = new Map([...CODE_ALPHABET].map((char, index) => [char, index]));

/** Upper-cases a code as typed and drops spaces and dashes (`spr-ing 7x` → `SPRING7X`). */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/** True when every character of `text` is in the alphabet. */
export function inAlphabet(text: string): boolean {
  for (const char of text) if (!symbolValues.has(char)) return false;
  return true;
}

/** The check character for a normalised body of 1…29 alphabet characters. */
export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const value = symbolValues.get(body.charAt(i));
    if (value === undefined) throw new Error(`"${body.charAt(i)}" is not in the code alphabet`);
    sum = (sum + (i + 2) * value) % BASE;
  }
  return CODE_ALPHABET.charAt((BASE - sum) % BASE);
}

/**
 * True when a normalised code is well formed: alphabet characters only, at most 30 of them, the
 * last being the right check character. A typo fails here, before any database lookup.
 */
export function hasValidCheck(code: string): boolean {
  if (code.length < 2 || code.length > MAX_CODE_LENGTH || !inAlphabet(code)) return false;
  return checkCharacter(code.slice(0, -1)) === code.charAt(code.length - 1);
}

/**
 * The chance that one guess — a random body with a correct check character, the best a guesser
 * can do — is a valid code of a series: `codes / 31^randomLength`. A guess without the check
 * character computed is a further 31 times less likely (it is refused before the lookup).
 * Example: 1 000 000 codes with 10 random characters: 10⁶ / 31¹⁰ ≈ 1.2 × 10⁻⁹ per guess.
 */
export function guessProbability(randomLength: number, codes: number): number {
  return Math.min(1, codes / BASE ** randomLength);
}
