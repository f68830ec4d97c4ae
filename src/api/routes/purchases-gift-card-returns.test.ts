import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCardNumber } from '../../gift-cards/card-number.ts';
import { type IssuedCard, issueGiftCards } from '../test-purchases.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

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
const giveBack = (purchaseId: string, returnId: string, lines: [string, number][]) =>
  server.call('POST', `/v1/purchases/${purchaseId}/returns`, {
    key: server.keys.pos,
    body: { returnId, lines: lines.map(([lineId, quantity]) => ({ lineId, quantity })) },
  });
const cancel = (purchaseId: string) =>
  server.call('POST', `/v1/purchases/${purchaseId}/cancel`, { key: server.keys.pos, body: {} });
const balance = async (card: IssuedCard) =>
  (await server.call('POST', '/v1/gift-cards/balance', { key: server.keys.pos, body: card })).body;
const voidEntries = async (card: IssuedCard) =>
  (
    await server.call('POST', '/v1/gift-cards/statement', { body: { number: card.number } })
  ).body.entries.filter((entry: { kind: string }) => entry.kind === 'void');
const spend = (transactionId: string, card: IssuedCard, amountMinor: number) =>
  commit(transactionId, {
    lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: amountMinor, quantity: 1 }],
    payments: [{ kind: 'gift_card', amountMinor, giftCard: card }],
  });
const voided = (card: IssuedCard, lineId: string | null) => ({
  maskedNumber: maskCardNumber(card.number),
  lineId,
});

describe('returning the line that sold gift cards', () => {
  it('voids a card per unit, unspent first, by number; a spent one refuses the whole return', async () => {
    const [low, mid, high] = (await issueGiftCards(server, 3, 100_000)) as [
      IssuedCard,
      IssuedCard,
      IssuedCard,
    ];
    const sale = await commit('sell-three', {
      lines: [
        { lineId: 'cards', sku: 'GIFT-CARD-1000', unitPriceMinor: 100_000, quantity: 3 },
        { lineId: 'tea', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 },
      ],
      giftCardsSold: [high, low, mid].map(({ number }) => ({ number, lineId: 'cards' })),
    });
    expect(sale.status).toBe(201);
    expect(sale.body.paidMinor).toBe(310_000);
    const purchaseId = sale.body.purchaseId as string;
    const spending = await spend('spend-low', low, 10_000);
    expect(spending.status).toBe(201);

    // The lowest number is spent from, so one unit takes the next one.
    const first = await giveBack(purchaseId, 'r1', [['cards', 1]]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      refundMinor: 100_000,
      giftCardsVoided: [voided(mid, 'cards')],
    });
    expect(await balance(mid)).toMatchObject({ status: 'voided', balanceMinor: 0 });
    expect(JSON.stringify(first.body)).not.toContain(mid.number);

    const retried = await giveBack(purchaseId, 'r1', [['cards', 1]]);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(await voidEntries(mid)).toEqual([
      expect.objectContaining({ amountMinor: 100_000, balanceAfterMinor: 0 }),
    ]);
    expect(await balance(high)).toMatchObject({ status: 'active', balanceMinor: 100_000 });

    // Two more units reach the spent card: nothing of the return happens, not even the tea.
    const refused = await giveBack(purchaseId, 'r2', [
      ['cards', 2],
      ['tea', 1],
    ]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'gift_card_in_use',
      field: '/lines/0/quantity',
      maskedNumber: maskCardNumber(low.number),
      balanceMinor: 90_000,
      lineId: 'cards',
    });
    expect(await balance(high)).toMatchObject({ status: 'active', balanceMinor: 100_000 });
    expect(await balance(low)).toMatchObject({ status: 'active', balanceMinor: 90_000 });
    expect(await voidEntries(high)).toEqual([]);

    // Once the spending is cancelled the card is whole again and the same return goes through.
    expect((await cancel(spending.body.purchaseId)).status).toBe(201);
    const second = await giveBack(purchaseId, 'r2', [
      ['cards', 2],
      ['tea', 1],
    ]);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      refundMinor: 210_000,
      giftCardsVoided: [voided(low, 'cards'), voided(high, 'cards')],
    });
    for (const card of [low, high]) {
      expect(await balance(card)).toMatchObject({ status: 'voided', balanceMinor: 0 });
      expect(await voidEntries(card)).toEqual([
        expect.objectContaining({ amountMinor: 100_000, balanceAfterMinor: 0 }),
      ]);
    }
  });

  it('a cancel after a partial return voids the cards left, tied to a line or not', async () => {
    const [first, second, untied] = (await issueGiftCards(server, 3, 50_000)) as [
      IssuedCard,
      IssuedCard,
      IssuedCard,
    ];
    const sale = await commit('sell-cancel', {
      lines: [
        { lineId: 'cards', sku: 'GIFT-CARD-500', unitPriceMinor: 50_000, quantity: 2 },
        { lineId: 'box', sku: 'GIFT-BOX', unitPriceMinor: 50_000, quantity: 1 },
      ],
      giftCardsSold: [{ number: second.number, lineId: 'cards' }, untied.number, first.number],
    });
    expect(sale.status).toBe(201);
    const purchaseId = sale.body.purchaseId as string;
    // `first` was sold as a bare number: a return of the line does not reach it.
    const partial = await giveBack(purchaseId, 'one-card', [['cards', 1]]);
    expect(partial.body).toMatchObject({
      refundMinor: 50_000,
      giftCardsVoided: [voided(second, 'cards')],
    });
    expect(await balance(first)).toMatchObject({ status: 'active', balanceMinor: 50_000 });

    const cancelled = await cancel(purchaseId);
    expect(cancelled.status).toBe(201);
    expect(cancelled.body).toMatchObject({
      refundMinor: 100_000,
      giftCardsVoided: [voided(first, null), voided(untied, null)],
    });
    for (const card of [first, second, untied]) {
      expect(await balance(card)).toMatchObject({ status: 'voided', balanceMinor: 0 });
      expect(await voidEntries(card)).toHaveLength(1);
    }
    expect((await cancel(purchaseId)).body).toEqual(cancelled.body);
  });

  it('a return racing a till spending the card: exactly one of them goes through', async () => {
    const [card] = (await issueGiftCards(server, 1, 100_000)) as [IssuedCard];
    const sale = await commit('sell-race', {
      lines: [{ lineId: 'card', sku: 'GIFT-CARD-1000', unitPriceMinor: 100_000, quantity: 1 }],
      giftCardsSold: [{ number: card.number, lineId: 'card' }],
    });
    const [returned, spent] = await Promise.all([
      giveBack(sale.body.purchaseId, 'race', [['card', 1]]),
      spend('spend-race', card, 30_000),
    ]);
    expect([returned.status, spent.status].sort()).toEqual([201, 409]);
    if (returned.status === 201) {
      expect(spent.body).toMatchObject({ code: 'gift_card_refused', reason: 'voided' });
      expect(await balance(card)).toMatchObject({ status: 'voided', balanceMinor: 0 });
    } else {
      expect(returned.body).toMatchObject({ code: 'gift_card_in_use', balanceMinor: 70_000 });
      expect(await balance(card)).toMatchObject({ status: 'active', balanceMinor: 70_000 });
    }
  });

  it('refuses cards tied to an unknown or weighted line or beyond its units, selling none', async () => {
    const [a, b, c, d] = (await issueGiftCards(server, 4, 100_000)) as [
      IssuedCard,
      IssuedCard,
      IssuedCard,
      IssuedCard,
    ];
    const refused = await commit('sell-wrong', {
      lines: [
        { lineId: 'card', sku: 'GIFT-CARD-1000', unitPriceMinor: 100_000, quantity: 1 },
        { lineId: 'cheese', sku: 'CHEESE', unitPriceMinor: 90_000, quantityMilli: 1_500 },
      ],
      giftCardsSold: [
        { number: a.number, lineId: 'nope' },
        { number: b.number, lineId: 'cheese' },
        { number: c.number, lineId: 'card' },
        { number: d.number, lineId: 'card' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(
      refused.body.errors.map(({ field, code }: { field: string; code: string }) => ({
        field,
        code,
      })),
    ).toEqual([
      { field: '/giftCardsSold/0/lineId', code: 'gift_card_line_unknown' },
      { field: '/giftCardsSold/1/lineId', code: 'gift_card_line_weighted' },
      { field: '/giftCardsSold/3/lineId', code: 'gift_cards_exceed_line' },
    ]);
    const sold = await commit('sell-right', {
      lines: [{ lineId: 'card', sku: 'GIFT-CARD-1000', unitPriceMinor: 100_000, quantity: 1 }],
      giftCardsSold: [{ number: c.number, lineId: 'card' }],
    });
    expect(sold.status).toBe(201);
    expect(await balance(c)).toMatchObject({ status: 'active', balanceMinor: 100_000 });
  });
});
