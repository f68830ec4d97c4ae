import { randomBytes } from 'node:crypto';
import { CODE_ALPHABET, checkCharacter } from './code-format.ts';

const BASE = CODE_ALPHABET.length;
// Bytes at or above the largest multiple of 31 that fits a byte are thrown away, so every symbol
// is exactly equally likely (no modulo bias): 248 = 8 × 31, so 8 of 256 values (3 %) are skipped.
const ACCEPT_BELOW = Math.floor(256 / BASE) * BASE;

/** Where the random part of codes comes from; tests substitute a fixed sequence. */
export interface SymbolSource {
  take(length: number): string;
}

/**
 * Draws random alphabet symbols from the operating system's CSPRNG with rejection sampling. Reads
 * random bytes in blocks, so a million codes cost a few dozen system calls.
 */
export class RandomSymbols implements SymbolSource {
  private buffer = Buffer.alloc(0);
  private position = 0;

  next(): string {
    for (;;) {
      if (this.position >= this.buffer.length) {
        this.buffer = randomBytes(64 * 1024);
        this.position = 0;
      }
      const byte = this.buffer[this.position] as number;
      this.position += 1;
      if (byte < ACCEPT_BELOW) return CODE_ALPHABET.charAt(byte % BASE);
    }
  }

  /** `length` random symbols. */
  take(length: number): string {
    let text = '';
    for (let i = 0; i < length; i += 1) text += this.next();
    return text;
  }
}

/** `count` codes of `prefix` + `randomLength` random symbols + the check character. */
export function randomCodes(
  prefix: string,
  randomLength: number,
  count: number,
  symbols: SymbolSource = new RandomSymbols(),
): string[] {
  const codes: string[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const body = prefix + symbols.take(randomLength);
    codes[i] = body + checkCharacter(body);
  }
  return codes;
}
