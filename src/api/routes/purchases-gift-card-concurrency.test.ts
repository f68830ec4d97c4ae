import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCardNumber } from '../../gift-cards/card-number.ts';
import { type IssuedCard, issueGiftCards } from '../test-purchases.ts';
import { type HttpAnswer, startTestServer, type TestServer } from '../test-server.ts';

// Real parallel HTTP requests; on PostgreSQL they run on separate connections at once and take
// the same gift cards in opposite orders (the deadlock case), on the embedded database the same
// requests queue on its single connection and must answer the same way.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
});
afterAll(() => server.close());

const commit = (transactionId: string, body: Record<string, unknown>) =>
  server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: { storeId: 'msk', transactionId, ...body },
  });
const payWith = (card: IssuedCard, amountMinor: number) => ({
  kind: 'gift_card',
  amountMinor,
  giftCard: card,
});

/** Never a 500 (a deadlock): a success, or a refusal with its code. */
function expectClear(answer: HttpAnswer, refusals: string[]): void {
  if (answer.status === 201) return;
  expect(answer.status, JSON.stringify(answer.body)).toBe(409);
  expect(refusals).toContain(answer.body.code);
}

/**
 * The card's statement adds up: every entry moves the balance by its amount, and the card's
 * balance is where the entries end. Answers that balance.
 */
async function ledgerBalance(card: IssuedCard): Promise<number> {
  const statement = (
    await server.call('POST', '/v1/gift-cards/statement', { body: { number: card.number } })
  ).body;
  let balanceMinor = 0;
  for (const entry of statement.entries as {
    kind: string;
    amountMinor: number;
    balanceAfterMinor: number;
  }[]) {
    if (entry.kind === 'issue' || entry.kind === 'refund') balanceMinor += entry.amountMinor;
    if (entry.kind === 'charge' || entry.kind === 'void') balanceMinor -= entry.amountMinor;
    expect(entry.balanceAfterMinor).toBe(balanceMinor);
  }
  expect(statement.card.balanceMinor).toBe(balanceMinor);
  return balanceMinor;
}

describe('gift cards taken in opposite orders at once', () => {
  it('pairs of commits paying with two cards listed in opposite orders: no deadlock', async () => {
    const [a, b] = (await issueGiftCards(server, 2, 200_000, true)) as [IssuedCard, IssuedCard];
    const pay = (transactionId: string, first: IssuedCard, second: IssuedCard) =>
      commit(transactionId, {
        lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
        payments: [payWith(first, 5_000), payWith(second, 5_000)],
      });
    const answers: HttpAnswer[] = [];
    // 25 rounds of 2 commits, each taking 5 000 from both cards: 40 fit in 200 000.
    for (let round = 0; round < 25; round += 1) {
      const [ab, ba] = await Promise.all([pay(`ab-${round}`, a, b), pay(`ba-${round}`, b, a)]);
      for (const [answer, first, second] of [
        [ab, a, b],
        [ba, b, a],
      ] as const) {
        expectClear(answer, ['gift_card_refused']);
        if (answer.status === 201) {
          // The receipt lists the charges in payment order, not in lock order.
          expect(
            answer.body.giftCards.map((c: { maskedNumber: string }) => c.maskedNumber),
          ).toEqual([maskCardNumber(first.number), maskCardNumber(second.number)]);
        } else {
          expect(answer.body).toMatchObject({ reason: 'insufficient', balanceMinor: 0 });
        }
        answers.push(answer);
      }
    }
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(40);
    expect(await ledgerBalance(a)).toBe(0);
    expect(await ledgerBalance(b)).toBe(0);
  });

  it('a return voiding a sold card and refunding the paying one, racing a commit paying with both the other way round', async () => {
    for (let round = 0; round < 20; round += 1) {
      const [sold] = (await issueGiftCards(server, 1, 50_000, false)) as [IssuedCard];
      const [paying] = (await issueGiftCards(server, 1, 100_000, true)) as [IssuedCard];
      const sale = await commit(`sale-${round}`, {
        lines: [{ lineId: 'card', sku: 'GIFT-CARD-500', unitPriceMinor: 50_000, quantity: 1 }],
        giftCardsSold: [{ number: sold.number, lineId: 'card' }],
        payments: [payWith(paying, 50_000)],
      });
      expect(sale.status).toBe(201);
      // The return locks the sold card's row and the paying card's; the commit charges the
      // paying card first, then the sold one.
      const [returned, spent] = await Promise.all([
        server.call('POST', `/v1/purchases/${sale.body.purchaseId}/returns`, {
          key: server.keys.pos,
          body: { returnId: `back-${round}`, lines: [{ lineId: 'card', quantity: 1 }] },
        }),
        commit(`both-${round}`, {
          lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 2_000, quantity: 1 }],
          payments: [payWith(paying, 1_000), payWith(sold, 1_000)],
        }),
      ]);
      expectClear(returned, ['gift_card_in_use']);
      expectClear(spent, ['gift_card_refused']);
      // One of them goes first, and the other sees what it did.
      if (returned.status === 201) {
        expect(spent.status).toBe(409);
        expect(spent.body).toMatchObject({ reason: 'voided', field: '/payments/1' });
        expect(returned.body.giftCardRefunds).toEqual([
          {
            maskedNumber: maskCardNumber(paying.number),
            amountMinor: 50_000,
            balanceMinor: 100_000,
          },
        ]);
        expect(await ledgerBalance(sold)).toBe(0);
        expect(await ledgerBalance(paying)).toBe(100_000);
      } else {
        expect(spent.status).toBe(201);
        expect(await ledgerBalance(sold)).toBe(49_000);
        expect(await ledgerBalance(paying)).toBe(49_000);
      }
    }
  });
});
