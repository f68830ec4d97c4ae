import { commitOneLine } from '../api/test-purchases.ts';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import type { PurchaseTierEvent, TierOutcome } from './tier-transitions.ts';

/** A test server with a Moscow store, one product and points that only tier bonuses credit. */
export async function startTierServer(): Promise<TestServer> {
  const server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/products', { body: { products: [{ sku: 'A', name: 'A' }] } });
  // No accrual: the balance then shows the welcome bonuses alone.
  await server.call('PATCH', '/v1/points/settings', { body: { pendingDays: 0, accrualRateBp: 0 } });
  return server;
}

let sequence = 0;

/** Creates a customer with a card, answering its id. */
export async function newCustomer(server: TestServer): Promise<string> {
  const card = `TIER-${++sequence}-${Date.now()}`;
  const answer = await server.call('POST', '/v1/customers', {
    body: { firstName: 'Гость', identifiers: [{ kind: 'card', value: card }] },
  });
  return answer.body.id;
}

/** Commits a one-line purchase at `at` through HTTP and answers the event the tier hook takes. */
export async function buy(
  server: TestServer,
  customerId: string,
  priceMinor: number,
  at: string,
): Promise<PurchaseTierEvent & { tier: TierOutcome }> {
  const receipt = await commitOneLine(server, customerId, priceMinor, at);
  // What the commit itself decided about the tier.
  return {
    customerId,
    purchaseId: receipt.purchaseId,
    businessAt: Date.parse(at),
    now: Date.parse(at),
    tier: receipt.tier,
  };
}

/** The customer's active points. */
export async function activePoints(server: TestServer, customerId: string): Promise<number> {
  return (await server.call('GET', `/v1/customers/${customerId}/points`)).body.active;
}
