import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oneTimePassword, scryptHasher } from './password-hash.ts';

// A small cost keeps the suite quick; the stored parameters show the cost is really used.
const hasher = scryptHasher(10);

describe('scryptHasher', () => {
  it('stores its parameters and a per-hash salt, and checks the password', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(await hasher.verify('correct horse battery', first)).toBe(true);
    expect(await hasher.verify('correct horse batterY', first)).toBe(false);
    expect(await hasher.verify('correct horse battery', 'not a hash')).toBe(false);
  });

  it('reads a hash made at another cost, and calls it outdated', async () => {
    const older = await scryptHasher(11).hash('пароль-с-буквой-й');
    expect(await hasher.verify('пароль-с-буквой-й', older)).toBe(true);
    expect(hasher.outdated(older)).toBe(true);
    expect(hasher.outdated(await hasher.hash('x'))).toBe(false);
  });

  it('matches a password typed in composed or decomposed Unicode', async () => {
    const composed = 'пароль-й';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await hasher.verify(decomposed, await hasher.hash(composed))).toBe(true);
  });

  it('derives the key with N = 2^cost, r = 8, p = 1', async () => {
    const [, , , , salt, key] = (await hasher.hash('correct horse battery')).split('$');
    const expected = scryptSync(
      'correct horse battery',
      Buffer.from(salt as string, 'base64url'),
      32,
      {
        N: 1024,
        r: 8,
        p: 1,
      },
    );
    expect(key).toBe(expected.toString('base64url'));
  });
});

describe('oneTimePassword', () => {
  it('makes 20 unambiguous characters in four groups, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = oneTimePassword();
      expect(password).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});
