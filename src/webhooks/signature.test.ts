import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, signPayload, verifySignature } from './signature.ts';

const body = '{"id":"e1","type":"purchase.committed"}';

describe('webhook signatures', () => {
  it('sign "timestamp.body" with HMAC-SHA256 under the secret', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1764900000.${body}`).digest('hex');
    expect(signPayload('whsec_test', 1_764_900_000, body)).toBe(expected);
    expect(signatureHeader('whsec_test', 1_764_900_000, body)).toBe(`t=1764900000,v1=${expected}`);
  });

  it('verify within the tolerance only, for the same body and secret', () => {
    const header = signatureHeader('whsec_test', 1_764_900_000, body);
    expect(verifySignature(header, body, 'whsec_test', 1_764_900_300)).toBe(true);
    expect(verifySignature(header, body, 'whsec_test', 1_764_900_301)).toBe(false);
    expect(verifySignature(header, `${body} `, 'whsec_test', 1_764_900_000)).toBe(false);
    expect(verifySignature(header, body, 'whsec_other', 1_764_900_000)).toBe(false);
    expect(verifySignature('t=x,v1=00', body, 'whsec_test', 1_764_900_000)).toBe(false);
  });
});
