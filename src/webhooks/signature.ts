import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the timestamp and the signature, as Stripe's scheme does. */
export const signatureHeaderName = 'perk-signature';

/**
 * The hex HMAC-SHA256 of `<timestamp>.<body>` under the subscription's secret; the timestamp (unix
 * seconds) is signed with the body so a captured request cannot be replayed later as fresh.
 */
export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, the value of `Perk-Signature`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signPayload(secret, timestampSeconds, body)}`;
}

/**
 * A receiver's check: the header parses, one `v1` matches (compared in constant time), and its
 * timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.split('=', 2) as [string, string?]);
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
