import { startTestServer, type TestServer } from '../api/test-server.ts';
import { type FakeApns, startFakeApns } from './test-apns-server.ts';
import { type FakeGoogleWallet, startFakeGoogleWallet } from './test-google-server.ts';
import {
  makeTestWalletChain,
  type TestWalletChain,
  testWalletConfig,
} from './test-wallet-chain.ts';
import type { WalletConfig } from './wallet-config.ts';

/** A test server with both wallets on, its fake APNs and Google, and one customer. */
export interface WalletWorld {
  server: TestServer;
  chain: TestWalletChain;
  apns: FakeApns;
  google: FakeGoogleWallet;
  wallet: WalletConfig;
  /** Card PERK000123, 200 points, tier base (of base and gold). */
  customerId: string;
  close(): Promise<void>;
}

/** Sets up a {@link WalletWorld}. */
export async function startWalletWorld(): Promise<WalletWorld> {
  const chain = makeTestWalletChain();
  const apns = await startFakeApns(chain);
  const google = await startFakeGoogleWallet(chain);
  const wallet = testWalletConfig(chain, apns.url, google.url);
  const server = await startTestServer({ wallet });
  await server.call('PUT', '/v1/tiers', {
    body: {
      metric: 'spent_minor',
      period: { kind: 'calendar_year' },
      comparison: 'more_than',
      autoTransition: false,
      downgradeAtPeriodEnd: false,
      tiers: [
        { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
        { id: 'gold', name: { ru: 'Золотой', en: 'Gold' }, threshold: 1_500_000 },
      ],
    },
  });
  const made = await server.call('POST', '/v1/customers', {
    body: { firstName: 'Ольга', identifiers: [{ kind: 'card', value: 'PERK000123' }] },
  });
  const customerId: string = made.body.id;
  await server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
    body: { points: 200, reason: 'Приветственные баллы', operationId: 'wallet-welcome' },
  });
  return {
    server,
    chain,
    apns,
    google,
    wallet,
    customerId,
    close: async () => {
      await server.close();
      await apns.close();
      await google.close();
    },
  };
}

/** A `points.changed` event of `customerId`, as a purchase writes it. */
export function pointsChanged(customerId: string) {
  return {
    type: 'points.changed' as const,
    occurredAt: new Date(),
    customerId,
    payload: {
      cause: { kind: 'purchase' as const, purchaseId: 'p-1' },
      credited: 30,
      debited: 0,
      balance: { active: 230, pending: 0, debt: 0 },
    },
  };
}
