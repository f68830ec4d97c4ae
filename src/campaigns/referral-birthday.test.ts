import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import {
  activePoints,
  buyCounted,
  campaign,
  newCustomer,
  returnCounted,
  startCampaignServer,
} from './campaign-test-kit.ts';
import { onCustomerRegistered } from './on-customer-registered.ts';
import { runCampaignJobs } from './run-campaign-jobs.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startCampaignServer();
  const bodies = [
    campaign(
      'friend',
      { kind: 'referral', minAmountMinor: 100_000 },
      { kind: 'points', points: 500 },
    ),
    campaign('bday', { kind: 'birthday', validDays: 7 }, { kind: 'points', points: 200 }),
  ];
  for (const body of bodies)
    expect((await server.call('POST', '/v1/campaigns', { body })).status).toBe(201);
});
afterAll(() => server.close());

const now = Date.parse('2026-04-01T10:00:00Z');
const code = async (customerId: string) =>
  (await server.call('GET', `/v1/customers/${customerId}/referral-code`)).body.code as string;
const register = async (referralCode?: string) => {
  const customerId = await newCustomer(server);
  const result = await onCustomerRegistered(server.db, {
    customerId,
    ...(referralCode ? { referralCode } : {}),
    now,
  });
  return { customerId, referral: result.referral };
};
const buyOne = (customerId: string, priceMinor: number, at: string) =>
  buyCounted(server, customerId, priceMinor, at);

describe('referral', () => {
  it('rewards both sides once, after the friend’s first qualifying purchase', async () => {
    const anna = (await register()).customerId;
    const annaCode = await code(anna);
    expect(annaCode).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    expect(await code(anna)).toBe(annaCode);
    const boris = await register(annaCode.toLowerCase());
    expect(boris.referral).toEqual({ status: 'accepted', referrerId: anna });
    expect((await buyOne(boris.customerId, 99_999, '2026-04-02T10:00:00Z')).outcomes).toEqual([]);
    const qualifying = await buyOne(boris.customerId, 100_000, '2026-04-03T10:00:00Z');
    expect(qualifying.outcomes).toMatchObject([{ granted: true }, { granted: true }]);
    await buyOne(boris.customerId, 150_000, '2026-04-04T10:00:00Z');
    expect(await activePoints(server, boris.customerId)).toBe(500);
    expect(await activePoints(server, anna)).toBe(500);
  });

  it('refuses self-referral, loops and a second referrer', async () => {
    const anna = (await register()).customerId;
    expect(
      (
        await onCustomerRegistered(server.db, {
          customerId: anna,
          referralCode: await code(anna),
          now,
        })
      ).referral,
    ).toEqual({ status: 'self_referral' });
    const boris = await register(await code(anna));
    // Anna→Boris exists; Boris's code may not bring Anna back (A→B→A).
    const loop = await onCustomerRegistered(server.db, {
      customerId: anna,
      referralCode: await code(boris.customerId),
      now,
    });
    expect(loop.referral).toEqual({ status: 'referral_loop' });
    const vera = (await register()).customerId;
    const second = await onCustomerRegistered(server.db, {
      customerId: boris.customerId,
      referralCode: await code(vera),
      now,
    });
    expect(second.referral).toEqual({ status: 'already_referred' });
    expect((await register('NOSUCHCODE')).referral).toEqual({ status: 'unknown_code' });
  });

  it('a returned qualifying purchase takes both rewards back', async () => {
    const anna = (await register()).customerId;
    const boris = (await register(await code(anna))).customerId;
    const { purchaseId } = await buyOne(boris, 120_000, '2026-04-05T10:00:00Z');
    expect(await activePoints(server, anna)).toBe(500);
    const revoked = await returnCounted(server, purchaseId, '2026-04-06T10:00:00Z');
    expect(revoked).toHaveLength(2);
    expect(await activePoints(server, anna)).toBe(0);
    expect(await activePoints(server, boris)).toBe(0);
  });
});

describe('birthday bonus valid 7 days', () => {
  const lot = (customerId: string) =>
    server.db
      .selectFrom('points_lots')
      .select(['amount', 'earned_at', 'expires_at'])
      .where('customer_id', '=', customerId)
      .execute();

  it('is given from the birthday (Moscow) to its 7th day, once, and expires after it', async () => {
    const gala = await newCustomer(server, '1990-03-10');
    const run = (iso: string) => runCampaignJobs(server.db, Date.parse(iso));
    // 9 March 23:59 Moscow: not yet.
    expect((await run('2026-03-09T20:59:00Z')).birthdayRewards).toBe(0);
    expect((await run('2026-03-09T21:00:00Z')).birthdayRewards).toBe(1);
    expect((await run('2026-03-12T10:00:00Z')).birthdayRewards).toBe(0);
    expect(await lot(gala)).toEqual([
      {
        amount: 200,
        earned_at: new Date('2026-03-09T21:00:00Z'),
        expires_at: new Date('2026-03-16T21:00:00Z'), // 17 March 00:00 Moscow
      },
    ]);
  });

  it('a missed run catches up on the 7th day, not on the 8th', async () => {
    await newCustomer(server, '1985-03-20'); // its 8th day: too late
    expect(
      (await runCampaignJobs(server.db, Date.parse('2026-03-27T20:59:59Z'))).birthdayRewards,
    ).toBe(0);
    const lastDay = await newCustomer(server, '1985-03-21');
    expect(
      (await runCampaignJobs(server.db, Date.parse('2026-03-27T20:59:59Z'))).birthdayRewards,
    ).toBe(1);
    expect((await lot(lastDay))[0]?.expires_at).toEqual(new Date('2026-03-27T21:00:00Z'));
  });
});
