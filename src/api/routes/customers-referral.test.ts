import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const register = (card: string, referralCode?: string) =>
  server.call('POST', '/v1/customers', {
    body: {
      identifiers: [{ kind: 'card', value: card }],
      ...(referralCode ? { referralCode } : {}),
    },
  });
const codeOf = async (customerId: string) =>
  (await server.call('GET', `/v1/customers/${customerId}/referral-code`)).body.code as string;

describe('registration with a referral code', () => {
  it('answers each outcome of the code, and none without one', async () => {
    const anna = await register('REF-ANNA');
    expect(anna.status).toBe(201);
    expect(anna.body).not.toHaveProperty('referral');
    const annaCode = await codeOf(anna.body.id);

    const boris = await register('REF-BORIS', annaCode);
    expect(boris.status).toBe(201);
    expect(boris.body.referral).toEqual({
      outcome: 'accepted',
      referrerId: anna.body.id,
      message: {
        ru: 'Код друга принят: награда придёт по правилам акции «Приведи друга»',
        en: "The friend's code is accepted: the reward follows the referral campaign's rules",
      },
    });
    // A retried registration answers the same outcome.
    const retry = await register('REF-BORIS', annaCode);
    expect(retry.status).toBe(200);
    expect(retry.body.referral).toMatchObject({ outcome: 'accepted', referrerId: anna.body.id });

    const unknown = await register('REF-VERA', 'NOSUCHCODE');
    expect(unknown.status).toBe(201);
    expect(unknown.body.referral).toEqual({
      outcome: 'unknown_code',
      message: { ru: 'Такого кода приглашения нет', en: 'No such referral code' },
    });

    // Anna's registration repeated with her own code, then with Boris's (whom she brought).
    const self = await register('REF-ANNA', annaCode);
    expect(self.status).toBe(200);
    expect(self.body.referral).toEqual({
      outcome: 'self_referral',
      message: { ru: 'Нельзя пригласить самого себя', en: 'A customer cannot refer themselves' },
    });
    const loop = await register('REF-ANNA', await codeOf(boris.body.id));
    expect(loop.body.referral).toEqual({
      outcome: 'referral_loop',
      message: {
        ru: 'Владельца кода пригласил этот же покупатель (напрямую или через других)',
        en: "The code's owner was referred by this customer, directly or through others",
      },
    });

    const second = await register('REF-BORIS', await codeOf(unknown.body.id));
    expect(second.body.referral).toMatchObject({ outcome: 'already_referred' });
  });
});
