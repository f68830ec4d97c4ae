import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../api/test-server.ts';
import { runPeriodEnd } from './run-period-end.ts';
import type { TierProgram } from './tier-program.ts';
import { activePoints, buy, newCustomer, startTierServer } from './tier-test-kit.ts';
import { onPurchaseCommitted, type PurchaseTierEvent } from './tier-transitions.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTierServer();
});
afterAll(() => server.close());

const base = { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 };
const restik: TierProgram = {
  metric: 'spent_minor',
  period: { kind: 'calendar_year' },
  comparison: 'more_than',
  autoTransition: true,
  downgradeAtPeriodEnd: true,
  tiers: [
    base,
    {
      id: 'gold',
      name: { ru: 'Золотой', en: 'Gold' },
      threshold: 1_500_000,
      welcomeBonusPoints: 500,
    },
  ],
};

async function useProgram(program: TierProgram) {
  const answer = await server.call('PUT', '/v1/tiers', { body: program });
  expect(answer.status).toBe(200);
}
/** The tier outcome the commit recorded on its receipt. */
const committed = async (bought: Awaited<ReturnType<typeof buy>>) => bought.tier;
/** The commit hook run once more for a purchase already committed. */
const rerun = (event: PurchaseTierEvent) =>
  server.db.transaction().execute((trx) => onPurchaseCommitted(trx, event));
const tierView = async (customerId: string, at: string) =>
  (await server.call('GET', `/v1/customers/${customerId}/tier?at=${encodeURIComponent(at)}`)).body;

describe('Restik: auto-transition on "spent more than 15 000 ₽ in a year"', () => {
  it('moves up on the purchase that crosses it and credits the welcome bonus once', async () => {
    await useProgram(restik);
    const anna = await newCustomer(server);
    const first = await committed(await buy(server, anna, 1_000_000, '2025-03-10T12:00:00+03:00'));
    expect(first).toMatchObject({ tierId: 'base', moved: false, metric: 1_000_000 });
    // Exactly 15 000 ₽ is not "more than".
    const second = await committed(await buy(server, anna, 500_000, '2025-06-01T12:00:00+03:00'));
    expect(second).toMatchObject({ tierId: 'base', moved: false, metric: 1_500_000 });
    expect((await tierView(anna, '2025-06-02T00:00:00+03:00')).next).toMatchObject({
      remaining: 1,
      message: { en: 'Spend ₽0.01 more to reach Gold' },
    });
    const crossing = await buy(server, anna, 10_000, '2025-07-01T12:00:00+03:00');
    expect(await committed(crossing)).toEqual({
      previousTierId: 'base',
      tierId: 'gold',
      moved: true,
      metric: 1_510_000,
      welcomeBonusPoints: 500,
    });
    expect(await activePoints(server, anna)).toBe(500);
    // The hook run again for the same purchase, and a later purchase, credit nothing more.
    expect(await rerun(crossing)).toMatchObject({ tierId: 'gold', moved: false });
    await committed(await buy(server, anna, 2_000_000, '2025-08-01T12:00:00+03:00'));
    expect(await activePoints(server, anna)).toBe(500);
    const view = await tierView(anna, '2025-08-02T00:00:00+03:00');
    expect(view).toMatchObject({ tier: { id: 'gold' }, metric: { value: 3_510_000 }, next: null });
    expect(view.history).toEqual([
      expect.objectContaining({
        fromTierId: 'base',
        toTierId: 'gold',
        reason: 'purchase',
        metric: 1_510_000,
        purchaseId: crossing.purchaseId,
        welcomeBonusPoints: 500,
        at: '2025-07-01T09:00:00.000Z',
      }),
    ]);
  });

  it("counts the year in the programme's time zone: 00:30 on 1 January in Moscow is the new year", async () => {
    await useProgram(restik);
    const boris = await newCustomer(server);
    await committed(await buy(server, boris, 1_000_000, '2025-12-31T23:00:00+03:00'));
    const newYear = await committed(await buy(server, boris, 600_000, '2026-01-01T00:30:00+03:00'));
    expect(newYear).toMatchObject({ tierId: 'base', moved: false, metric: 600_000 });
  });

  it('downgrades at the end of a year whose spend no longer reaches the tier; re-entry pays no second bonus', async () => {
    await useProgram(restik);
    const vera = await newCustomer(server);
    await committed(await buy(server, vera, 1_600_000, '2025-05-01T12:00:00+03:00'));
    expect(await activePoints(server, vera)).toBe(500);
    // 2025's spend keeps Gold through 2026.
    await runPeriodEnd(server.db, Date.parse('2026-01-01T00:00:00+03:00'));
    expect((await tierView(vera, '2026-01-02T00:00:00+03:00')).tier.id).toBe('gold');
    // Nothing spent in 2026: Gold is lost when 2027 begins, once, whichever node runs it.
    const at = Date.parse('2027-01-01T00:05:00+03:00');
    const runs = await Promise.all([runPeriodEnd(server.db, at), runPeriodEnd(server.db, at)]);
    expect(runs.reduce((sum, r) => sum + r.downgraded, 0)).toBeGreaterThanOrEqual(1);
    const view = await tierView(vera, '2027-01-02T00:00:00+03:00');
    expect(view.tier.id).toBe('base');
    expect(view.history.filter((h: { reason: string }) => h.reason === 'period_end')).toEqual([
      expect.objectContaining({ fromTierId: 'gold', toTierId: 'base', metric: 0 }),
    ]);
    const back = await committed(await buy(server, vera, 1_600_000, '2027-02-01T12:00:00+03:00'));
    expect(back).toMatchObject({ tierId: 'gold', moved: true, welcomeBonusPoints: 0 });
    expect(await activePoints(server, vera)).toBe(500);
  });
});

describe('several thresholds crossed by one purchase', () => {
  it('lands in the highest tier and is credited the welcome bonus of every tier passed', async () => {
    await useProgram({
      ...restik,
      comparison: 'at_least',
      tiers: [
        base,
        {
          id: 'silver',
          name: { ru: 'Серебро', en: 'Silver' },
          threshold: 1_000_000,
          welcomeBonusPoints: 100,
        },
        {
          id: 'gold',
          name: { ru: 'Золото', en: 'Gold' },
          threshold: 2_000_000,
          welcomeBonusPoints: 300,
        },
        {
          id: 'platinum',
          name: { ru: 'Платина', en: 'Platinum' },
          threshold: 5_000_000,
          welcomeBonusPoints: 1_000,
        },
      ],
    });
    const gleb = await newCustomer(server);
    const outcome = await committed(
      await buy(server, gleb, 2_500_000, '2025-04-01T12:00:00+03:00'),
    );
    expect(outcome).toEqual({
      previousTierId: 'base',
      tierId: 'gold',
      moved: true,
      metric: 2_500_000,
      welcomeBonusPoints: 400,
    });
    expect(await activePoints(server, gleb)).toBe(400);
    const view = await tierView(gleb, '2025-04-02T00:00:00+03:00');
    expect(view.history).toHaveLength(1);
    expect(view.next).toMatchObject({
      tier: { id: 'platinum' },
      remaining: 2_500_000,
      message: {
        ru: 'Потратьте ещё 25\u00a0000 ₽, чтобы перейти на уровень Платина',
        en: 'Spend ₽25,000 more to reach Platinum',
      },
    });
  });
});

describe('returns', () => {
  it('a return that undoes the upgrading purchase moves back at once; other returns wait for the period end', async () => {
    await useProgram(restik);
    const dina = await newCustomer(server);
    const older = await buy(server, dina, 1_000_000, '2025-02-01T12:00:00+03:00');
    await committed(older);
    const upgrading = await buy(server, dina, 600_000, '2025-02-02T12:00:00+03:00');
    expect(await committed(upgrading)).toMatchObject({ tierId: 'gold', metric: 1_600_000 });
    const returnAt = '2025-02-03T12:00:00+03:00';
    const refund = await server.call('POST', `/v1/purchases/${older.purchaseId}/returns`, {
      key: server.keys.pos,
      body: { returnId: 'r-older', at: returnAt, lines: [{ lineId: '1', quantity: 1 }] },
    });
    expect(refund.status).toBe(201);
    // Not the purchase that moved her: Gold stays until the period end judges the year.
    expect(refund.body.tier).toMatchObject({
      tierId: 'gold',
      moved: false,
    });
    const cancel = await server.call('POST', `/v1/purchases/${upgrading.purchaseId}/cancel`, {
      key: server.keys.pos,
      body: { at: returnAt },
    });
    expect(cancel.status).toBe(201);
    expect(cancel.body.tier).toEqual({
      previousTierId: 'gold',
      tierId: 'base',
      moved: true,
      metric: 0,
      welcomeBonusPoints: 0,
    });
    expect(await activePoints(server, dina)).toBe(500);
  });
});

describe('rolling period, purchase count', () => {
  it('holds the tier for 30 days from entering it, then moves down when the last 30 days fall short', async () => {
    await useProgram({
      metric: 'purchase_count',
      period: { kind: 'rolling_days', days: 30 },
      comparison: 'at_least',
      autoTransition: true,
      downgradeAtPeriodEnd: true,
      tiers: [base, { id: 'regular', name: { ru: 'Постоянный', en: 'Regular' }, threshold: 3 }],
    });
    const egor = await newCustomer(server);
    for (const day of ['01', '05', '10']) {
      await committed(await buy(server, egor, 10_000, `2025-09-${day}T12:00:00+03:00`));
    }
    expect((await tierView(egor, '2025-09-10T13:00:00+03:00')).tier.id).toBe('regular');
    await runPeriodEnd(server.db, Date.parse('2025-10-09T12:00:00+03:00'));
    expect((await tierView(egor, '2025-10-09T13:00:00+03:00')).tier.id).toBe('regular');
    const due = Date.parse('2025-10-10T12:00:00+03:00');
    await runPeriodEnd(server.db, due);
    expect((await tierView(egor, '2025-10-10T13:00:00+03:00')).tier.id).toBe('base');
    const again = await runPeriodEnd(server.db, due);
    expect(again.downgraded).toBe(0);
  });
});
