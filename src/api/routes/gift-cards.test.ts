import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../access/actor.ts';
import { createApiKey } from '../../access/api-keys.ts';
import { expireGiftCards } from '../../gift-cards/expire-gift-cards.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('gift card routes', () => {
  it('issues, activates and answers the balance only with the right PIN', async () => {
    const issued = await server.call('POST', '/v1/gift-cards', {
      body: { batchId: 'b-1', count: 2, nominalMinor: 300_000 },
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

  it('issues one batch for retries and simultaneous requests with one batchId', async () => {
    const issue = (body: object, key = server.keys.admin) =>
      server.call('POST', '/v1/gift-cards', { key, body });
    const body = { batchId: 'spring', count: 3, nominalMinor: 500_000 };
    const answers = await Promise.all(Array.from({ length: 6 }, () => issue(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const first = answers.find((a) => a.status === 201)?.body;
    expect(first.batchId).toBe('spring');
    expect(first.cards).toHaveLength(3);
    for (const answer of answers) expect(answer.body).toEqual(first);

    // A card activated since is still answered as issued: a repeat is the first answer.
    const [card] = first.cards as { number: string; pin: string; status: string }[];
    if (!card) throw new Error('no card');
    await server.call('POST', '/v1/gift-cards/activate', { body: { number: card.number } });
    const retry = await issue({ ...body, activate: false });
    expect(retry).toMatchObject({ status: 200, body: first });
    expect(card.status).toBe('issued');
    // The repeated PIN is the card's (the till key of the first test is out of attempts).
    const balance = await server.call('POST', '/v1/gift-cards/balance', {
      key: server.keys.web,
      body: { number: card.number, pin: card.pin },
    });
    expect(balance.body).toMatchObject({ status: 'active', balanceMinor: 500_000 });

    const other = await issue({ ...body, count: 4 });
    expect(other.status).toBe(409);
    expect(other.contentType).toContain('application/problem+json');
    expect(other.body).toMatchObject({
      code: 'batch_conflict',
      field: '/count',
      batchId: 'spring',
      errors: [{ field: '/count', message: '3 in the first request, 4 now' }],
    });
    const statement = await server.call('POST', '/v1/gift-cards/statement', {
      body: { number: card.number },
    });
    expect(statement.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'issue',
      'activation',
    ]);
    const count = await server.db
      .selectFrom('gift_cards')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('nominal_minor', '=', 500_000)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(3);

    // Batch ids are per API key: another key's "spring" is a batch of its own.
    const { key } = await createApiKey(server.db, commandLineActor, {
      name: 'back office',
      role: 'admin',
    });
    expect((await issue(body, key)).status).toBe(201);
  });

  it('shows the write-off of an expired card in its statement', async () => {
    const expiresAt = '2026-01-31T21:00:00.000Z';
    const issued = await server.call('POST', '/v1/gift-cards', {
      body: { batchId: 'lapsing', count: 1, nominalMinor: 40_000, expiresAt, activate: true },
    });
    const [card] = issued.body.cards as { number: string }[];
    if (!card) throw new Error('no card');
    // Issued today with a past expiry: the money lapses the moment it lands, dated at the issue.
    const run = await expireGiftCards(server.db, new Date());
    expect(run).toEqual({ cards: 1, writtenOffMinor: 40_000 });
    const statement = await server.call('POST', '/v1/gift-cards/statement', {
      body: { number: card.number },
    });
    expect(statement.status).toBe(200);
    expect(statement.body.card).toMatchObject({ balanceMinor: 0, expired: true, expiresAt });
    const [issue, expire] = statement.body.entries;
    expect(expire).toEqual({
      kind: 'expire',
      amountMinor: 40_000,
      balanceAfterMinor: 0,
      purchaseId: null,
      effectiveAt: issue.effectiveAt,
    });
  });

  it('lists the batches to an analyst by counts and amounts, never by card numbers', async () => {
    const issued = await server.call('POST', '/v1/gift-cards', {
      body: { batchId: 'listed', count: 2, nominalMinor: 25_000 },
    });
    const listed = await server.call('GET', '/v1/gift-cards/batches', { key: server.keys.analyst });
    expect(listed.status).toBe(200);
    const batch = listed.body.items.find((item: { batchId: string }) => item.batchId === 'listed');
    expect(batch).toEqual({
      batchId: 'listed',
      issuedAt: expect.any(String),
      cardCount: 2,
      nominalMinor: 25_000,
      expiresAt: null,
      issued: 2,
      active: 0,
      voided: 0,
      expired: 0,
      balanceMinor: 50_000,
    });
    for (const card of issued.body.cards as { number: string }[]) {
      expect(JSON.stringify(listed.body)).not.toContain(card.number);
    }
  });
});
