import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOfDay } from '../../calendar/day-number.ts';
import { localDay, startOfLocalDay } from '../../calendar/time-zone.ts';
import {
  activePoints,
  campaign,
  newCustomer,
  startCampaignServer,
} from '../../campaigns/campaign-test-kit.ts';
import { accruePoints } from '../../points/accrue-points.ts';
import {
  inTransaction,
  newCustomer as newLedgerCustomer,
  useSettings,
} from '../../points/points-test-kit.ts';
import type { TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startCampaignServer({ futureToleranceSeconds: 300 });
});
afterAll(() => server.close());

const moscow = 'Europe/Moscow';
const hour = 3_600_000;
const day = 24 * hour;
const run = (name: string, businessTime?: number) =>
  server.call('POST', `/v1/jobs/${name}/run`, {
    ...(businessTime === undefined ? {} : { body: { businessTime: iso(businessTime) } }),
  });
const iso = (at: number) => new Date(at).toISOString();
const jobNames = [
  'points-activation-expiry',
  'birthday-bonuses',
  'abandoned-carts',
  'segment-recompute',
  'analytics-days',
  'analytics-cohorts',
  'tier-period-end',
  'gift-card-expiry',
  'promotion-watch',
  'alerts',
  'calculation-log-retention',
  'integration-log-retention',
  'events-retention',
];

describe('GET /v1/jobs', () => {
  it('lists every job with its interval; no due time before a scheduler has started', async () => {
    const answer = await server.call('GET', '/v1/jobs');
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((job: { name: string }) => job.name)).toEqual(jobNames);
    expect(answer.body.items.map((job: { everySeconds: number }) => job.everySeconds)).toEqual([
      60, 300, 300, 3600, 3600, 60, 3600, 3600, 86_400, 60, 3600, 3600, 3600,
    ]);
    expect(answer.body.items[1]).toMatchObject({
      description: {
        ru: 'Начисляет бонусы ко дню рождения по активным кампаниям',
        en: 'Grants the birthday rewards of active campaigns',
      },
      nextDueAt: null,
    });
  });
});

describe('POST /v1/jobs/{name}/run', () => {
  it('answers 404 unknown_job with the names it knows', async () => {
    const answer = await run('birthdays');
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'unknown_job', knownJobs: jobNames });
  });

  it('refuses a business time more than 5 minutes ahead and records nothing', async () => {
    const before = await server.db.selectFrom('job_runs').select('id').execute();
    const answer = await run('birthday-bonuses', Date.now() + hour);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'business_time_in_future',
      field: '/businessTime',
    });
    expect(await server.db.selectFrom('job_runs').select('id').execute()).toEqual(before);
  });

  it('runs at the server clock without a body and answers what it did', async () => {
    const startedAfter = Date.now();
    const answer = await server.call('POST', '/v1/jobs/gift-card-expiry/run');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      job: 'gift-card-expiry',
      trigger: 'call',
      outcome: 'succeeded',
      counts: { cards: 0, writtenOffMinor: 0 },
      error: null,
    });
    expect(Date.parse(answer.body.businessTime)).toBeGreaterThanOrEqual(startedAfter);
  });
});

describe('a birthday campaign tried today', () => {
  it('gives a customer whose birthday is that local date 200 points, once', async () => {
    // Two days ago in Moscow, whatever the day the test runs; 1992 so 29 February exists.
    const birthDay = localDay(Date.now(), moscow) - 2;
    const birthDate = dateOfDay(birthDay);
    const year = birthDate.slice(0, 4);
    const body = campaign(
      'bday-jobs',
      { kind: 'birthday', validDays: 7 },
      { kind: 'points', points: 200 },
      {
        period: { from: `${year}-01-01`, to: `${year}-12-31` },
      },
    );
    expect((await server.call('POST', '/v1/campaigns', { body })).status).toBe(201);
    const gala = await newCustomer(server, `1992-${birthDate.slice(5)}`);
    const other = await newCustomer(server, `1992-${dateOfDay(birthDay + 10).slice(5)}`);
    const midnight = startOfLocalDay(birthDay, moscow);

    // 23:59 Moscow the evening before: not yet her birthday there, though already so in UTC+5.
    const eve = await run('birthday-bonuses', midnight - 60_000);
    expect(eve.body.counts).toEqual({ granted: 0 });
    const first = await run('birthday-bonuses', midnight + 30 * 60_000);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      job: 'birthday-bonuses',
      trigger: 'call',
      businessTime: iso(midnight + 30 * 60_000),
      outcome: 'succeeded',
      counts: { granted: 1 },
    });
    const again = await run('birthday-bonuses', midnight + 12 * hour);
    expect(again.body.counts).toEqual({ granted: 0 });
    expect(await activePoints(server, gala)).toBe(200);
    expect(await activePoints(server, other)).toBe(0);

    const listed = await server.call('GET', '/v1/jobs');
    expect(listed.body.items[1].lastRun).toMatchObject({
      trigger: 'call',
      businessTime: iso(midnight + 12 * hour),
      counts: { granted: 0 },
    });
  });
});

describe('points activation and expiry through the call', () => {
  it('books what is due at the business time given, each lot once', async () => {
    await useSettings(server.db, {
      pendingDays: 1,
      expiry: { unit: 'days', count: 5 },
      timeZone: moscow,
    });
    const now = Date.now();
    const early = await newLedgerCustomer(server.db);
    const recent = await newLedgerCustomer(server.db);
    // Lots as a server that was down would find them: earned, nothing booked since.
    const accrue = (customerId: string, earnedAt: number) =>
      inTransaction(server.db, (trx) =>
        accruePoints(trx, {
          operationId: `jobs:${customerId}`,
          customerId,
          purchaseId: `jobs-${customerId}`,
          points: 100,
          earnedAt,
          now: earnedAt,
        }),
      );
    // Earned 20 days ago: spendable from the second local midnight after, gone 5 days later.
    await accrue(early, now - 20 * day);
    // Earned 4 days ago: spendable for about 2 days, and for 3 more.
    await accrue(recent, now - 4 * day);
    const earlyActive = startOfLocalDay(localDay(now - 20 * day, moscow) + 2, moscow);

    const before = await run('points-activation-expiry', earlyActive - 1);
    expect(before.body.counts).toEqual({ activated: 0, expired: 0, skipped: 0 });
    const then = await run('points-activation-expiry', earlyActive);
    expect(then.body.counts).toEqual({ activated: 1, expired: 0, skipped: 0 });
    const today = await run('points-activation-expiry');
    expect(today.body.counts).toEqual({ activated: 1, expired: 1, skipped: 0 });
    const again = await run('points-activation-expiry');
    expect(again.body.counts).toEqual({ activated: 0, expired: 0, skipped: 0 });

    expect(await activePoints(server, early)).toBe(0);
    expect(await activePoints(server, recent)).toBe(100);
    const expired = await server.db
      .selectFrom('points_entries')
      .select(['points', 'effective_at'])
      .where('customer_id', '=', early)
      .where('kind', '=', 'expiry')
      .execute();
    // Dated at the lot's own instant, not at the run.
    expect(expired).toEqual([
      {
        points: 100,
        effective_at: new Date(startOfLocalDay(localDay(earlyActive, moscow) + 5, moscow)),
      },
    ]);
  });
});
