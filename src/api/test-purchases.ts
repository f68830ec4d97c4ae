import type { TestServer } from './test-server.ts';

let sequence = 0;

/** Commits a one-line purchase of product A at `at` through HTTP; answers the receipt. */
export async function commitOneLine(
  server: TestServer,
  customerId: string,
  priceMinor: number,
  at: string,
) {
  const answer = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: `one-line-${++sequence}`,
      at,
      customer: { id: customerId },
      lines: [{ lineId: '1', sku: 'A', unitPriceMinor: priceMinor, quantity: 1 }],
    },
  });
  if (answer.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Returns all of a one-line purchase through HTTP (at `at`, or now); answers the return receipt. */
export async function returnOneLine(server: TestServer, purchaseId: string, at?: string) {
  const answer = await server.call('POST', `/v1/purchases/${purchaseId}/returns`, {
    key: server.keys.pos,
    body: {
      returnId: `return-${++sequence}`,
      ...(at ? { at } : {}),
      lines: [{ lineId: '1', quantity: 1 }],
    },
  });
  if (answer.status !== 201) throw new Error(`return refused: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A gift card as issued: its number and PIN. */
export interface IssuedCard {
  number: string;
  pin: string;
}

let cardBatches = 0;

/**
 * Issues gift cards through HTTP (each call its own batch), activated or not; answers them in
 * number order (the order a return picks unspent ones in).
 */
export async function issueGiftCards(
  server: TestServer,
  count: number,
  nominalMinor: number,
  activate = false,
): Promise<IssuedCard[]> {
  const answer = await server.call('POST', '/v1/gift-cards', {
    body: { batchId: `test-cards-${++cardBatches}`, count, nominalMinor, activate },
  });
  if (answer.status !== 201) throw new Error(`issue refused: ${JSON.stringify(answer.body)}`);
  return (answer.body.cards as IssuedCard[])
    .map(({ number, pin }) => ({ number, pin }))
    .sort((a, b) => (a.number < b.number ? -1 : 1));
}
