import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGoogleWalletClient } from './google-wallet-client.ts';
import { type FakeGoogleWallet, startFakeGoogleWallet } from './test-google-server.ts';
import {
  makeTestWalletChain,
  type TestWalletChain,
  testGoogleConfig,
} from './test-wallet-chain.ts';

let chain: TestWalletChain;
let google: FakeGoogleWallet;
beforeAll(async () => {
  chain = makeTestWalletChain();
  google = await startFakeGoogleWallet(chain);
  google.saved.add('1.saved');
});
afterAll(() => google.close());

const points = { loyaltyPoints: { balance: { int: 120 } } };

describe("Google Wallet's API client", () => {
  it('gets one access token with the signed assertion and patches saved objects with it', async () => {
    const client = httpGoogleWalletClient(testGoogleConfig(chain, google.url));
    expect(
      await Promise.all([
        client.patchLoyaltyObject('1.saved', points),
        client.patchLoyaltyObject('1.never-saved', points),
      ]),
    ).toEqual(['updated', 'missing']);
    expect(await client.patchLoyaltyObject('1.saved', points)).toBe('updated');
    expect(google.tokensIssued).toBe(1);
    expect(google.patches.map((p) => [p.objectId, p.body])).toEqual([
      ['1.saved', points],
      ['1.saved', points],
    ]);
  });

  it('fails, to be tried again, when Google refuses the key or cannot be reached', async () => {
    const stranger = makeTestWalletChain();
    const wrongKey = httpGoogleWalletClient({
      ...testGoogleConfig(chain, google.url),
      privateKey: stranger.googleKey,
    });
    expect(await wrongKey.patchLoyaltyObject('1.saved', points)).toBe('failed');
    const nowhere = httpGoogleWalletClient(testGoogleConfig(chain, 'http://127.0.0.1:1'));
    expect(await nowhere.patchLoyaltyObject('1.saved', points)).toBe('failed');
  });
});
