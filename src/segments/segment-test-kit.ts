import { startTestServer, type TestServer } from '../api/test-server.ts';
import { onPurchaseChanged } from './on-purchase-changed.ts';

/** A test server with a Moscow store and a small catalogue: dairy › milk, with brands. */
export async function startSegmentServer(): Promise<TestServer> {
  const server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('PUT', '/v1/categories', {
    body: {
      categories: [
        { id: 'dairy', name: 'Dairy', parentId: null },
        { id: 'milk', name: 'Milk', parentId: 'dairy' },
      ],
    },
  });
  await server.call('PUT', '/v1/products', {
    body: {
      products: [
        { sku: 'MILK', name: 'Milk', categoryId: 'milk', brand: 'Cow' },
        { sku: 'TV', name: 'TV', brand: 'Sony' },
      ],
    },
  });
  return server;
}

let sequence = 0;

/** Creates a customer with a card and the given profile, answering its id. */
export async function newCustomer(server: TestServer, profile: object = {}): Promise<string> {
  const answer = await server.call('POST', '/v1/customers', {
    body: { identifiers: [{ kind: 'card', value: `SEG${++sequence}X${Date.now()}` }], ...profile },
  });
  if (answer.status !== 201) throw new Error(`customer refused: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/**
 * Commits a purchase at `at` through HTTP, then runs the segment hook as the commit will once
 * wired (running it twice is harmless: it recomputes). Answers the purchase id.
 */
export async function buy(
  server: TestServer,
  customerId: string,
  at: string,
  lines: Array<[sku: string, priceMinor: number, quantity?: number]>,
): Promise<string> {
  const answer = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: `seg-${++sequence}`,
      at,
      customer: { id: customerId },
      lines: lines.map(([sku, unitPriceMinor, quantity], i) => ({
        lineId: String(i + 1),
        sku,
        unitPriceMinor,
        quantity: quantity ?? 1,
      })),
    },
  });
  if (answer.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(answer.body)}`);
  await onPurchaseChanged(server.db, {
    customerId,
    purchaseId: answer.body.purchaseId,
    now: new Date(at),
  });
  return answer.body.purchaseId;
}

/** Returns `quantity` units of line `lineId` at `at`, then runs the segment hook. */
export async function giveBack(
  server: TestServer,
  customerId: string,
  purchaseId: string,
  lineId: string,
  quantity: number,
  at: string,
): Promise<void> {
  const answer = await server.call('POST', `/v1/purchases/${purchaseId}/returns`, {
    key: server.keys.pos,
    body: { returnId: `r-${++sequence}`, at, lines: [{ lineId, quantity }] },
  });
  if (answer.status !== 201) throw new Error(`return refused: ${JSON.stringify(answer.body)}`);
  await onPurchaseChanged(server.db, { customerId, purchaseId, now: new Date(at) });
}
