import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { GoogleWalletConfig } from './wallet-config.ts';

/**
 * What came of one update: `updated`; `missing` when Google has no such object (the customer
 * never saved the link), nothing to do; `failed` for anything else, tried again later.
 */
export type ObjectUpdateOutcome = 'updated' | 'missing' | 'failed';

/** Changes fields of saved Google Wallet loyalty objects. */
export interface GoogleWalletClient {
  patchLoyaltyObject(objectId: string, fields: object): Promise<ObjectUpdateOutcome>;
}

const scope = 'https://www.googleapis.com/auth/wallet_object.issuer';
const requestTimeoutMs = 10_000;

/**
 * Google's Wallet REST API through `fetch`: an OAuth access token obtained with a JWT signed by the
 * service account's key (RS256, the JWT bearer grant) and kept until a minute before it expires,
 * then a `PATCH` of `walletobjects/v1/loyaltyObject/{id}`.
 */
export function httpGoogleWalletClient(config: GoogleWalletConfig): GoogleWalletClient {
  const key = createPrivateKey(config.privateKey);
  // One token request at a time: updates sent side by side wait for the same one.
  let token: { value: Promise<string>; until: number } | null = null;
  const fetchToken = async (): Promise<{ value: string; lifetimeSeconds: number }> => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(config.clientEmail)
      .setAudience(config.tokenUrl)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 3600)
      .sign(key);
    const response = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok) throw new Error(`Google's token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    return { value: body.access_token, lifetimeSeconds: body.expires_in };
  };
  const accessToken = (): Promise<string> => {
    if (token && token.until > Date.now()) return token.value;
    const pending = fetchToken();
    const held = { value: pending.then((t) => t.value), until: Number.POSITIVE_INFINITY };
    token = held;
    pending.then(
      (t) => {
        held.until = Date.now() + (t.lifetimeSeconds - 60) * 1000;
      },
      () => {
        if (token === held) token = null;
      },
    );
    return held.value;
  };
  return {
    async patchLoyaltyObject(objectId, fields) {
      try {
        const response = await fetch(
          `${config.apiUrl}/walletobjects/v1/loyaltyObject/${encodeURIComponent(objectId)}`,
          {
            method: 'PATCH',
            headers: {
              authorization: `Bearer ${await accessToken()}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(fields),
            signal: AbortSignal.timeout(requestTimeoutMs),
          },
        );
        await response.arrayBuffer();
        if (response.ok) return 'updated';
        if (response.status === 404) return 'missing';
        // A refused token is fetched anew on the next try.
        if (response.status === 401) token = null;
        return 'failed';
      } catch {
        return 'failed';
      }
    },
  };
}
