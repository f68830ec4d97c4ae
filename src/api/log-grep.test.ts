import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedLog, captureLog } from './test-log.ts';
import { type IssuedCard, issueGiftCards } from './test-purchases.ts';
import { startTestServer, type TestServer } from './test-server.ts';

// A full run of calls that carry personal data in URLs and bodies, refused ones included, with
// the log at trace; then the whole log is searched for every personal value in every form it
// could have been written in.
const phone = '+79161234567';
const otherPhone = '+79035557788';
const email = 'anna.logtest@example.ru';
const card = '2000 0000 1234 5';
const alphaCard = 'LOGCARD7Q2X';

let server: TestServer;
let log: CapturedLog;
let giftCard: IssuedCard;
beforeAll(async () => {
  log = captureLog();
  server = await startTestServer({ logLevel: 'trace' }, log);
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const { call, keys } = server;
  const pos = { key: keys.pos };

  const created = await call('POST', '/v1/customers', {
    body: {
      identifiers: [
        { kind: 'phone', value: '8 (916) 123-45-67' },
        { kind: 'email', value: email },
        { kind: 'card', value: card },
      ],
      firstName: 'Anna',
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const again = await call('POST', '/v1/customers', {
    body: {
      identifiers: [
        { kind: 'phone', value: phone },
        { kind: 'email', value: 'x@y.ru' },
      ],
    },
  });
  expect(again.status).toBe(409);
  const lookups = [
    `phone=${encodeURIComponent(phone)}`,
    `phone=${encodeURIComponent('8 916 123-45-67')}`,
    `phone=${phone}`,
    `email=${encodeURIComponent(email)}`,
    `email=${email}`,
    `card=${encodeURIComponent(card)}`,
    `phone=${encodeURIComponent(phone)}&email=${encodeURIComponent(email)}`,
  ];
  for (const query of lookups) await call('GET', `/v1/customers/lookup?${query}`, pos);
  expect((await call('GET', `/v1/customers/lookup?email=${email}`, pos)).status).toBe(200);
  await call('GET', `/v1/customers?q=${encodeURIComponent(email)}&limit=5`);
  const added = await call('POST', `/v1/customers/${id}/identifiers`, {
    body: { kind: 'card', value: alphaCard },
  });
  expect(added.status).toBe(201);
  await call('POST', `/v1/customers/${id}/identifiers`, {
    body: { kind: 'phone', value: otherPhone },
  });
  const removed = await call(
    'DELETE',
    `/v1/customers/${id}/identifiers/phone/${encodeURIComponent(otherPhone)}`,
  );
  expect(removed.status).toBe(200);
  await call('DELETE', `/v1/customers/${id}/identifiers/card/${alphaCard}`);

  [giftCard] = (await issueGiftCards(server, 1, 50_000, true)) as [IssuedCard];
  expect((await call('POST', '/v1/gift-cards/balance', { ...pos, body: giftCard })).status).toBe(
    200,
  );
  const wrongPin = giftCard.pin === '000000' ? '111111' : '000000';
  await call('POST', '/v1/gift-cards/balance', { ...pos, body: { ...giftCard, pin: wrongPin } });
  const paid = await call('POST', '/v1/purchases', {
    ...pos,
    body: {
      storeId: 'msk',
      transactionId: 'log-grep-1',
      customer: { phone },
      lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
      payments: [{ kind: 'gift_card', amountMinor: 10_000, giftCard }],
    },
  });
  expect(paid.status).toBe(201);
  await call('POST', '/v1/gift-cards/statement', { body: { number: giftCard.number } });

  // Refusals whose bodies carry the data: unknown field, wrong type, broken JSON, bad pattern.
  await call('POST', '/v1/customers', {
    body: { identifiers: [{ kind: 'phone', value: phone, note: email }], extra: card },
  });
  await call('POST', '/v1/customers', { body: { identifiers: phone, email } });
  await call('POST', '/v1/customers', {
    rawBody: `{"identifiers":[{"kind":"phone","value":"${phone}"`,
  });
  await call('POST', '/v1/gift-cards/balance', {
    ...pos,
    body: { number: `${giftCard.number}x`, pin: giftCard.pin },
  });
  await call('POST', '/v1/purchases', {
    ...pos,
    body: { storeId: 'msk', transactionId: 'log-grep-2', customer: { phone, email }, lines: 7 },
  });
}, 120_000);
afterAll(() => server.close());

/** Every way a value could have reached the log: as given, URL-encoded, JSON-escaped, bare digits. */
function formsOf(value: string): string[] {
  const forms = new Set([
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replaceAll('%20', '+'),
    JSON.stringify(value).slice(1, -1),
  ]);
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 10) {
    forms.add(digits);
    forms.add(digits.slice(1));
  }
  return [...forms];
}

describe('the log of a full run at trace', () => {
  it('was written: every request, its id and its redacted URL', () => {
    const text = log.text();
    expect(log.entries().filter((entry) => entry.msg === 'incoming request').length).toBe(
      log.entries().filter((entry) => entry.msg === 'request completed').length,
    );
    expect(text).toContain('"url":"/v1/customers/lookup?phone=[redacted]"');
    expect(text).toContain('"url":"/v1/customers/lookup?phone=[redacted]&email=[redacted]"');
    expect(text).toContain('"url":"/v1/customers?q=[redacted]&limit=5"');
    expect(text).toMatch(
      /"url":"\/v1\/customers\/[0-9a-f-]{36}\/identifiers\/phone\/\[redacted\]"/,
    );
    expect(log.entries().filter((entry) => entry.level >= 50)).toEqual([]);
  });

  it.each([
    ['phone', phone],
    ['other phone', otherPhone],
    ['e-mail', email],
    ['loyalty card', card],
    ['alphanumeric loyalty card', alphaCard],
  ])('holds no %s in any form', (_, value) => {
    const text = log.text();
    for (const form of formsOf(value)) expect(text).not.toContain(form);
  });

  it('holds no gift card number or PIN in any form', () => {
    const text = log.text();
    for (const form of formsOf(giftCard.number)) expect(text).not.toContain(form);
    // A PIN is six digits: sought alone, not inside a longer number such as a response time.
    expect(text).not.toMatch(new RegExp(`(?<!\\d)${giftCard.pin}(?!\\d)`));
  });
});
