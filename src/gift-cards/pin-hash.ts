import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// A 6-digit PIN has a million values, so no hash stops an offline search; the hash keeps PINs out
// of dumps and backups, and the online attempts are what the PIN limiter bounds. A modest cost
// keeps a till's charge within milliseconds.
const COST = 4096;
const KEY_LENGTH = 32;

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_LENGTH, { N: COST, r: 8, p: 1 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$<salt hex>$<hash hex>` of a PIN with a fresh random salt. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await derive(pin, salt)).toString('hex')}`;
}

/** Compares in constant time, so the answer's timing tells nothing about how much matched. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await derive(pin, Buffer.from(saltHex, 'hex'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
