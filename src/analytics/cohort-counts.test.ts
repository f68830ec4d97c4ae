import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsServer } from '../api/routes/analytics-test-kit.ts';
import type { TestServer } from '../api/test-server.ts';
import { keptCohorts } from './cohort-counts.ts';
import { cohorts } from './cohorts.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startAnalyticsServer();
});
afterAll(() => server.close());

const moscow = 'Europe/Moscow';
const period = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('cohorts from the kept counts', () => {
  it('answer whole months from the counts, and from check times when a cut month has a check', async () => {
    // To 5 December: no identified check from then to the month's end, so whole months answer.
    const toDecember5 = period('2026-01-01T00:00:00+03:00', '2026-12-05T00:00:00+03:00');
    expect(await keptCohorts(server.db, toDecember5, moscow)).toBeDefined();
    expect((await cohorts(server.db, toDecember5, moscow)).cohorts).toEqual([
      // D: January, February, April.
      { month: '2026-01', customers: 1, active: [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
      // A: October, November.
      { month: '2026-10', customers: 1, active: [1, 1, 0] },
      // B (November, December 2) and C (November).
      { month: '2026-11', customers: 2, active: [2, 1] },
    ]);
    // To 2 December 11:00: B's check at 12:00 lies in December after the period, so the counts
    // (which hold B in December) cannot answer; check times do, without it.
    const toDecember2 = period('2026-01-01T00:00:00+03:00', '2026-12-02T11:00:00+03:00');
    expect(await keptCohorts(server.db, toDecember2, moscow)).toBeUndefined();
    expect((await cohorts(server.db, toDecember2, moscow)).cohorts).toEqual([
      { month: '2026-01', customers: 1, active: [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
      { month: '2026-10', customers: 1, active: [1, 1, 0] },
      { month: '2026-11', customers: 2, active: [2, 0] },
    ]);
    // From 2 November 13:00: A's check at 12:00 that day is cut off; A is not new then, and B
    // and C are.
    const fromNovember2 = period('2026-11-02T13:00:00+03:00', '2026-12-01T00:00:00+03:00');
    expect(await keptCohorts(server.db, fromNovember2, moscow)).toBeUndefined();
    expect((await cohorts(server.db, fromNovember2, moscow)).cohorts).toEqual([
      { month: '2026-11', customers: 2, active: [2] },
    ]);
    // Six years, more months than the check times' bitmask holds, also from the counts.
    const sixYears = period('2021-01-01T00:00:00+03:00', '2026-12-05T00:00:00+03:00');
    expect(await keptCohorts(server.db, sixYears, moscow)).toBeDefined();
    expect((await cohorts(server.db, sixYears, moscow)).cohorts).toEqual(
      (await cohorts(server.db, toDecember5, moscow)).cohorts,
    );
  });

  it('are counted again in the programme’s new zone by the analytics-days job', async () => {
    const zone = 'America/New_York';
    // In New York D's first check (15 January, 12:00 in Moscow) is 04:00 the same day; B's
    // December check 04:00 on 2 December; a whole year there.
    const year = period('2026-01-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00');
    const changed = await server.call('PATCH', '/v1/points/settings', {
      body: { timeZone: zone },
    });
    expect(changed.status).toBe(200);
    // Until the job runs the counts are Moscow's: the figure reads check times instead.
    expect(await keptCohorts(server.db, year, zone)).toBeUndefined();
    const fromTimes = await cohorts(server.db, year, zone);
    const ran = await server.call('POST', '/v1/jobs/analytics-days/run');
    expect(ran.status).toBe(200);
    expect(ran.body.counts).toMatchObject({ cohortsRecounted: 1 });
    expect(await keptCohorts(server.db, year, zone)).toBeDefined();
    expect(await cohorts(server.db, year, zone)).toEqual(fromTimes);
    expect(fromTimes.cohorts).toEqual([
      { month: '2026-01', customers: 1, active: [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
      { month: '2026-10', customers: 1, active: [1, 1, 0] },
      { month: '2026-11', customers: 2, active: [2, 1] },
    ]);
    // A second run finds the zone kept, and every slot folded into one row per count.
    const again = await server.call('POST', '/v1/jobs/analytics-days/run');
    expect(again.body.counts).toMatchObject({ cohortsRecounted: 0, cohortsFolded: 0 });
    const { rows } = await sql<{ slots: number }>`
      SELECT count(DISTINCT slot)::int AS slots FROM analytics_cohorts`.execute(server.db);
    expect(rows).toEqual([{ slots: 1 }]);
  });
});
