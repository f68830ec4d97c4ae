import { commitOneLine, returnOneLine } from '../api/test-purchases.ts';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import type { PerkConfig } from '../config.ts';
import type { GrantOutcome } from './grant-reward.ts';

let sequence = 0;

/** A test server with a Moscow store, product A and no accrual, so balances show bonuses alone. */
export async function startCampaignServer(config: Partial<PerkConfig> = {}): Promise<TestServer> {
  const server = await startTestServer(config);
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/products', { body: { products: [{ sku: 'A', name: 'A' }] } });
  await server.call('PATCH', '/v1/points/settings', {
    body: { pendingDays: 0, accrualRateBp: 0, timeZone: 'Europe/Moscow' },
  });
  return server;
}

/** A campaign body with the given rule and reward, active through 2026. */
export function campaign(id: string, rule: object, reward: object | null, extra: object = {}) {
  return {
    id,
    name: id,
    status: 'active',
    period: { from: '2026-01-01', to: '2026-12-31' },
    rule,
    reward,
    ...extra,
  };
}

/** Creates a customer through the API, answering its id. */
export async function newCustomer(server: TestServer, birthDate?: string): Promise<string> {
  const answer = await server.call('POST', '/v1/customers', {
    body: {
      firstName: 'Гость',
      identifiers: [{ kind: 'card', value: `CAMP-${++sequence}-${Date.now()}` }],
      ...(birthDate ? { birthDate } : {}),
    },
  });
  if (answer.status !== 201) throw new Error(`customer refused: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** Commits a one-line purchase at `at` through HTTP, answering its id. */
export async function buy(
  server: TestServer,
  customerId: string,
  priceMinor: number,
  at: string,
): Promise<string> {
  return (await commitOneLine(server, customerId, priceMinor, at)).purchaseId;
}

/** Returns the whole (one-line) purchase through HTTP. */
export async function returnAll(server: TestServer, purchaseId: string): Promise<void> {
  await returnOneLine(server, purchaseId);
}

/** Buys through HTTP; answers the purchase id and what the commit's campaign step gave. */
export async function buyCounted(
  server: TestServer,
  customerId: string,
  priceMinor: number,
  at: string,
): Promise<{ purchaseId: string; outcomes: GrantOutcome[] }> {
  const receipt = await commitOneLine(server, customerId, priceMinor, at);
  return { purchaseId: receipt.purchaseId, outcomes: receipt.campaigns };
}

/** Returns the whole one-line purchase at `at`; answers the campaign rewards it took back. */
export async function returnCounted(
  server: TestServer,
  purchaseId: string,
  at?: string,
): Promise<string[]> {
  return (await returnOneLine(server, purchaseId, at)).campaignRewardsRevoked;
}

/** The customer's active points. */
export async function activePoints(server: TestServer, customerId: string): Promise<number> {
  return (await server.call('GET', `/v1/customers/${customerId}/points`)).body.active;
}
