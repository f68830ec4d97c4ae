import { startTestServer, type TestServer } from '../api/test-server.ts';
import type { GrantOutcome } from './grant-reward.ts';

let sequence = 0;

/** A test server with a Moscow store, product A and no accrual, so balances show bonuses alone. */
export async function startCampaignServer(): Promise<TestServer> {
  const server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/products', { body: { products: [{ sku: 'A', name: 'A' }] } });
  await server.call('PUT', '/v1/points/settings', {
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
  const answer = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: `camp-${++sequence}`,
      at,
      customer: { id: customerId },
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: priceMinor, quantity: 1 }],
    },
  });
  if (answer.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(answer.body)}`);
  return answer.body.purchaseId;
}

/** Returns the whole (one-line) purchase through HTTP. */
export async function returnAll(server: TestServer, purchaseId: string): Promise<void> {
  const answer = await server.call('POST', `/v1/purchases/${purchaseId}/returns`, {
    key: server.keys.pos,
    body: { returnId: `r-${++sequence}`, lines: [{ lineId: '1', quantity: 1 }] },
  });
  if (answer.status !== 201) throw new Error(`return refused: ${JSON.stringify(answer.body)}`);
}

/** Buys through HTTP; answers the purchase id and what the commit's campaign step gave. */
export async function buyCounted(
  server: TestServer,
  customerId: string,
  priceMinor: number,
  at: string,
): Promise<{ purchaseId: string; outcomes: GrantOutcome[] }> {
  const answer = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: `camp-${++sequence}`,
      at,
      customer: { id: customerId },
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: priceMinor, quantity: 1 }],
    },
  });
  if (answer.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(answer.body)}`);
  return { purchaseId: answer.body.purchaseId, outcomes: answer.body.campaigns };
}

/** Returns the whole one-line purchase at `at`; answers the campaign rewards it took back. */
export async function returnCounted(
  server: TestServer,
  purchaseId: string,
  at?: string,
): Promise<string[]> {
  const answer = await server.call('POST', `/v1/purchases/${purchaseId}/returns`, {
    key: server.keys.pos,
    body: {
      returnId: `r-${++sequence}`,
      ...(at ? { at } : {}),
      lines: [{ lineId: '1', quantity: 1 }],
    },
  });
  if (answer.status !== 201) throw new Error(`return refused: ${JSON.stringify(answer.body)}`);
  return answer.body.campaignRewardsRevoked;
}

/** The customer's active points. */
export async function activePoints(server: TestServer, customerId: string): Promise<number> {
  return (await server.call('GET', `/v1/customers/${customerId}/points`)).body.active;
}
