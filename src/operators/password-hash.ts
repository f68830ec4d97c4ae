import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** Hashes and checks operators' passwords; the cost of new hashes is set once at start-up. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `stored`, at the cost `stored` was made with. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends as long as a verify, so the answer for an unknown e-mail takes no less time. */
  verifyNothing(password: string): Promise<void>;
  /** True when `stored` was made at another cost than new hashes, so a login should rehash it. */
  outdated(stored: string): boolean;
}

// scrypt with r = 8, p = 1 (OWASP's parameters); N = 2^cost. Each hash carries its own parameters
// and a 16-byte random salt, so raising the cost later leaves existing hashes readable.
const blockSize = 8;
const parallelism = 1;
const keyBytes = 32;
const stored =
  /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

function derive(password: string, salt: Buffer, cost: number, r: number, p: number) {
  const N = 2 ** cost;
  return new Promise<Buffer>((resolve, reject) => {
    // NFC: the same password typed on another system (composed or decomposed "й") still matches.
    scrypt(
      password.normalize('NFC'),
      salt,
      keyBytes,
      { N, r, p, maxmem: 256 * N * r * p },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** A hasher making scrypt hashes at N = 2^cost (each hash takes 128·N·8 bytes of memory). */
export function scryptHasher(cost: number): PasswordHasher {
  let decoy: Promise<string> | undefined;
  const hash = async (password: string) => {
    const salt = randomBytes(16);
    const key = await derive(password, salt, cost, blockSize, parallelism);
    return `scrypt$${cost}$${blockSize}$${parallelism}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  };
  const verify = async (password: string, hashed: string) => {
    const match = stored.exec(hashed);
    if (!match) return false;
    const [, n, r, p, salt, key] = match as unknown as string[];
    const expected = Buffer.from(key as string, 'base64url');
    const actual = await derive(
      password,
      Buffer.from(salt as string, 'base64url'),
      Number(n),
      Number(r),
      Number(p),
    );
    return timingSafeEqual(expected, actual);
  };
  return {
    hash,
    verify,
    async verifyNothing(password) {
      decoy ??= hash(randomBytes(16).toString('hex'));
      await verify(password, await decoy);
    },
    outdated: (hashed) =>
      !hashed.startsWith(`scrypt$${cost}$${blockSize}$${parallelism}$`) || !stored.test(hashed),
  };
}

// No 0/o, 1/l/i: the password is read off a terminal and typed by hand.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password of 20 characters (about 99 bits) in four groups: `k7dmp-x3qaz-...`. */
export function oneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += alphabet[randomInt(alphabet.length)];
    groups.push(group);
  }
  return groups.join('-');
}
