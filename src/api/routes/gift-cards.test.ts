import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('gift card routes', () => {
  it('issues, activates and answers the balance only with the right PIN', async () => {
    const issued = await server.call('POST', '/v1/gift-cards', {
      body: { count: 2, nominalMinor: 300_000 },
    });
    expect(issued.status).toBe(201);
    const [card] = issued.body.cards as { number: string; pin: string }[];
    if (!card) throw new Error('no card');
    const masked = `************${card.number.slice(-4)}`;
    const activated = await server.call('POST', '/v1/gift-cards/activate', {
      body: { number: card.number },
    });
    expect(activated.body).toMatchObject({
      maskedNumber: masked,
      status: 'active',
      balanceMinor: 300_000,
    });
    const again = await server.call('POST', '/v1/gift-cards/activate', {
      body: { number: card.number },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'gift_card_already_active' } });

    const balance = (pin: string) =>
      server.call('POST', '/v1/gift-cards/balance', {
        key: server.keys.pos,
        body: { number: card.number, pin },
      });
    expect((await balance(card.pin)).body).toMatchObject({
      maskedNumber: masked,
      balanceMinor: 300_000,
    });
    const wrong = card.pin === '000000' ? '000001' : '000000';
    const refused = await balance(wrong);
    expect(refused).toMatchObject({ status: 403, body: { code: 'wrong_number_or_pin' } });
    expect(JSON.stringify(refused.body)).not.toContain(card.number);
    for (let i = 0; i < 4; i += 1) await balance(wrong);
    expect((await balance(card.pin)).body).toMatchObject({ code: 'too_many_failed_lookups' });

    const statement = await server.call('POST', '/v1/gift-cards/statement', {
      body: { number: card.number },
    });
    expect(statement.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'issue',
      'activation',
    ]);
  });
});
