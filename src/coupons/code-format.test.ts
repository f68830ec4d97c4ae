import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  checkCharacter,
  guessProbability,
  hasValidCheck,
  MAX_CODE_LENGTH,
  normaliseCode,
} from './code-format.ts';
import { RandomSymbols, randomCodes } from './random-codes.ts';

const symbol = fc.constantFrom(...CODE_ALPHABET);
const code = fc
  .array(symbol, { minLength: 1, maxLength: MAX_CODE_LENGTH - 1 })
  .map((chars) => chars.join(''))
  .map((body) => body + checkCharacter(body));

describe('code format', () => {
  it('has no look-alike characters and a prime number of symbols', () => {
    for (const char of '01ILO') expect(CODE_ALPHABET).not.toContain(char);
    expect(CODE_ALPHABET).toHaveLength(31);
  });

  it('normalises case, spaces and dashes', () => {
    expect(normaliseCode(' spr-ing 7x ')).toBe('SPRING7X');
  });

  it('catches a mistyped code before any lookup', () => {
    const body = 'SUMMER7XK2';
    const good = body + checkCharacter(body);
    expect(hasValidCheck(good)).toBe(true);
    expect(hasValidCheck(`SUMMER7XK3${good.slice(-1)}`)).toBe(false);
    expect(hasValidCheck(`SUMMRE7XK2${good.slice(-1)}`)).toBe(false);
    expect(hasValidCheck(good.replace('S', '5'))).toBe(false);
  });

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(code, fc.nat(), symbol, (valid, at, replacement) => {
        const index = at % valid.length;
        fc.pre(valid.charAt(index) !== replacement);
        const typo = valid.slice(0, index) + replacement + valid.slice(index + 1);
        expect(hasValidCheck(valid)).toBe(true);
        expect(hasValidCheck(typo)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('catches every transposition of two adjacent different characters', () => {
    fc.assert(
      fc.property(code, fc.nat(), (valid, at) => {
        fc.pre(valid.length >= 2);
        const index = at % (valid.length - 1);
        const [a, b] = [valid.charAt(index), valid.charAt(index + 1)];
        fc.pre(a !== b);
        const swapped = valid.slice(0, index) + b + a + valid.slice(index + 2);
        expect(hasValidCheck(swapped)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses codes longer than the weights allow or with foreign characters', () => {
    const body = 'A'.repeat(MAX_CODE_LENGTH);
    expect(hasValidCheck(body + checkCharacter(body))).toBe(false);
    expect(hasValidCheck('0A')).toBe(false);
  });

  it('states the chance of a guess: a million codes of 10 random characters', () => {
    // 31^10 = 819 628 286 980 801 bodies: about one chance in 820 million per guess.
    expect(guessProbability(10, 1_000_000)).toBe(1_000_000 / 819_628_286_980_801);
    expect(1 / guessProbability(10, 1_000_000)).toBeCloseTo(819_628_287, 0);
    expect(guessProbability(0, 1)).toBe(1);
  });
});

describe('random codes', () => {
  it('draws codes of prefix, random part and check character', () => {
    const codes = randomCodes('SUMMER', 10, 1000);
    for (const c of codes) {
      expect(c).toMatch(/^SUMMER[2-9A-HJKMNP-Z]{11}$/);
      expect(hasValidCheck(c)).toBe(true);
    }
    expect(new Set(codes).size).toBe(1000);
  });

  it('uses every symbol about equally (no modulo bias)', () => {
    const symbols = new RandomSymbols();
    const counts = new Map<string, number>();
    const draws = 310_000;
    for (let i = 0; i < draws; i += 1) {
      const s = symbols.next();
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.size).toBe(31);
    // 10 000 expected each; 6 standard deviations (~590) of slack.
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(600);
  });
});
