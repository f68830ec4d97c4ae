import { createServer, type Server } from 'node:http';
import { importSPKI, jwtVerify } from 'jose';
import type { TestWalletChain } from './test-wallet-chain.ts';

/** A PATCH of a loyalty object as the fake Google API received it. */
export interface ReceivedPatch {
  objectId: string;
  authorization: string;
  body: Record<string, unknown>;
}

export interface FakeGoogleWallet {
  url: string;
  patches: ReceivedPatch[];
  /** Access tokens handed out for a valid assertion. */
  tokensIssued: number;
  /** Objects it has (saved by a customer); others answer 404. */
  saved: Set<string>;
  close(): Promise<void>;
}

const accessToken = 'test-access-token';

/**
 * Google's OAuth token endpoint (`POST /token`, the JWT bearer grant: the assertion must verify
 * with the service account's public key and ask the Wallet scope) and `PATCH
 * /walletobjects/v1/loyaltyObject/{id}` (the access token required), on 127.0.0.1.
 */
export async function startFakeGoogleWallet(chain: TestWalletChain): Promise<FakeGoogleWallet> {
  const publicKey = await importSPKI(chain.googlePublicKey, 'RS256');
  const fake: Omit<FakeGoogleWallet, 'url' | 'close'> = {
    patches: [],
    tokensIssued: 0,
    saved: new Set(),
  };
  let url = '';
  const server: Server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const answer = (status: number, body: object = {}) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'POST' && request.url === '/token') {
      const form = new URLSearchParams(text);
      const verified = await jwtVerify(form.get('assertion') ?? '', publicKey, {
        audience: `${url}/token`,
        issuer: 'perk@test-project.iam.gserviceaccount.com',
      }).catch(() => null);
      const grant = form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
      const scope =
        verified?.payload.scope === 'https://www.googleapis.com/auth/wallet_object.issuer';
      if (!verified || !grant || !scope) return answer(400, { error: 'invalid_grant' });
      fake.tokensIssued += 1;
      return answer(200, { access_token: accessToken, expires_in: 3600, token_type: 'Bearer' });
    }
    const match = /^\/walletobjects\/v1\/loyaltyObject\/([^/]+)$/.exec(request.url ?? '');
    if (request.method === 'PATCH' && match) {
      const authorization = request.headers.authorization ?? '';
      if (authorization !== `Bearer ${accessToken}`) return answer(401);
      const objectId = decodeURIComponent(match[1] as string);
      if (!fake.saved.has(objectId)) return answer(404);
      fake.patches.push({ objectId, authorization, body: JSON.parse(text) });
      return answer(200, { id: objectId });
    }
    return answer(404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake Google did not bind');
  url = `http://127.0.0.1:${address.port}`;
  return Object.assign(fake, {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
