import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// A repeated issue must answer the PINs it gave, yet PINs stay out of dumps and backups (see
// pin-hash.ts). So they are kept sealed with AES-256-GCM under a key derived from the caller's
// plain API key, a secret the database does not hold (it keeps the key's SHA-256 only). The
// batch id is bound in, so a sealed list opens only for the batch it was made for.
const SCHEME = 'aes-256-gcm';

function sealingKey(apiKey: string, salt: Buffer, batchId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', apiKey, salt, `perk gift-card pins ${batchId}`, 32));
}

/** `aes-256-gcm$<salt>$<iv>$<ciphertext>$<tag>` (hex) of the PINs, in their order. */
export function sealPins(pins: readonly string[], apiKey: string, batchId: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv(SCHEME, sealingKey(apiKey, salt, batchId), iv);
  const body = Buffer.concat([cipher.update(pins.join(','), 'utf8'), cipher.final()]);
  return [SCHEME, salt, iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('hex')))
    .join('$');
}

/** The PINs of {@link sealPins}; throws when the key, batch id or text is not the sealing one. */
export function openPins(sealed: string, apiKey: string, batchId: string): string[] {
  const [scheme, salt, iv, body, tag] = sealed.split('$');
  if (scheme !== SCHEME || !salt || !iv || !body || !tag) throw new Error('not sealed PINs');
  const decipher = createDecipheriv(
    SCHEME,
    sealingKey(apiKey, Buffer.from(salt, 'hex'), batchId),
    Buffer.from(iv, 'hex'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'hex'));
  const text = Buffer.concat([decipher.update(Buffer.from(body, 'hex')), decipher.final()]);
  return text.toString('utf8').split(',');
}
