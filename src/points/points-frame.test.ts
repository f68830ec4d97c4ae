import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { accruePoints } from './accrue-points.ts';
import { PointsFrame } from './points-frame.ts';
import { checkPointsInvariant } from './points-invariant.ts';
import { at, inTransaction, lotRemainders, newCustomer, useSettings } from './points-test-kit.ts';
import { redeemInFrame } from './redeem-points.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const never: Partial<ProgramSettings> = { pendingDays: 0, expiry: null };
const tenDays: Partial<ProgramSettings> = { pendingDays: 0, expiry: { unit: 'days', count: 10 } };

/** Accrues one lot of `points` earned at `iso` under `settings`; answers its id. */
async function lot(
  customerId: string,
  points: number,
  iso: string,
  settings: Partial<ProgramSettings>,
): Promise<string> {
  await useSettings(database.db, settings);
  const purchaseId = crypto.randomUUID();
  const { result } = await inTransaction(database.db, (trx) =>
    accruePoints(trx, {
      operationId: `accrue:${purchaseId}`,
      customerId,
      purchaseId,
      points,
      earnedAt: at(iso),
      now: at(iso),
    }),
  );
  return result.lot?.lotId as string;
}

/**
 * Opens a frame at `frameIso` for a draw of `points`, and answers the lots it offers for that
 * draw and the draws a redemption dated `checkIso` plans on it (written, so the ledger moves).
 */
async function redeemOnFrame(
  customerId: string,
  points: number,
  frameIso: string,
  checkIso = frameIso,
) {
  return inTransaction(database.db, async (trx) => {
    const frame = await PointsFrame.open(trx, customerId, at(frameIso), points);
    const offered = (await frame.lotsToDraw(trx, points)).map((row) => row.id);
    const purchaseId = crypto.randomUUID();
    const operationId = `redeem:${purchaseId}`;
    const redeemed = await redeemInFrame(trx, frame, {
      operationId,
      purchaseId,
      points,
      now: at(checkIso),
    });
    frame.record({ key: operationId, kind: 'redeem', inputHash: 'test', claimed: false }, redeemed);
    await frame.write(trx);
    return { offered, draws: redeemed.draws };
  });
}

describe('PointsFrame opened for a redemption', () => {
  it('reads only the oldest lots that hold the points, and draws from them in order', async () => {
    const customer = await newCustomer(database.db);
    const ids: string[] = [];
    for (let day = 1; day <= 6; day += 1)
      ids.push(await lot(customer, 100, `2026-03-0${day}T10:00:00Z`, never));

    const { offered, draws } = await redeemOnFrame(customer, 250, '2026-03-07T10:00:00Z');

    expect(offered).toEqual(ids.slice(0, 3));
    expect(draws).toEqual([
      { lotId: ids[0], points: 100 },
      { lotId: ids[1], points: 100 },
      { lotId: ids[2], points: 50 },
    ]);
    expect(await lotRemainders(database.db, customer)).toEqual([0, 0, 50, 100, 100, 100]);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('reads every lot tied at the boundary, whose order in memory is by lot id', async () => {
    const customer = await newCustomer(database.db);
    const first = await lot(customer, 100, '2026-03-01T10:00:00Z', never);
    const tiedA = await lot(customer, 40, '2026-03-02T10:00:00Z', never);
    const tiedB = await lot(customer, 40, '2026-03-02T10:00:00Z', never);
    await lot(customer, 100, '2026-03-03T10:00:00Z', never);
    const [low] = [tiedA, tiedB].sort();

    const { offered, draws } = await redeemOnFrame(customer, 130, '2026-03-04T10:00:00Z');

    expect(offered).toHaveLength(3);
    expect(new Set(offered)).toEqual(new Set([first, tiedA, tiedB]));
    expect(draws).toEqual([
      { lotId: first, points: 100 },
      { lotId: low, points: 30 },
    ]);
  });

  it('reads a newer lot that expires sooner first, as it is spent first', async () => {
    const customer = await newCustomer(database.db);
    await lot(customer, 100, '2026-03-01T10:00:00Z', never);
    const expiring = await lot(customer, 60, '2026-03-05T10:00:00Z', tenDays);

    const { offered, draws } = await redeemOnFrame(customer, 50, '2026-03-06T10:00:00Z');

    expect(offered).toEqual([expiring]);
    expect(draws).toEqual([{ lotId: expiring, points: 50 }]);
    expect(await lotRemainders(database.db, customer)).toEqual([100, 10]);
  });

  it('reads every open lot when the check is dated past an expiry the frame has not reached', async () => {
    const customer = await newCustomer(database.db);
    const expiring = await lot(customer, 100, '2026-03-01T10:00:00Z', tenDays);
    const lasting = await lot(customer, 100, '2026-03-02T10:00:00Z', never);

    const { expires_at } = await database.db
      .selectFrom('points_lots')
      .select('expires_at')
      .where('id', '=', expiring)
      .executeTakeFirstOrThrow();
    const expiresAt = (expires_at as Date).getTime();
    const iso = (ms: number) => new Date(ms).toISOString();

    // The frame's clock is an hour before the first lot expires; the check is an hour after.
    const { offered, draws } = await redeemOnFrame(
      customer,
      100,
      iso(expiresAt - 3_600_000),
      iso(expiresAt + 3_600_000),
    );

    expect(offered).toEqual([expiring]);
    expect(draws).toEqual([{ lotId: lasting, points: 100 }]);
    expect(await lotRemainders(database.db, customer)).toEqual([100, 0]);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });

  it('books a due expiry with the covering read, and draws from what stays spendable', async () => {
    const customer = await newCustomer(database.db);
    await lot(customer, 100, '2026-03-01T10:00:00Z', tenDays);
    const second = await lot(customer, 100, '2026-03-02T10:00:00Z', never);
    const third = await lot(customer, 100, '2026-03-03T10:00:00Z', never);

    // On 12 March the first lot has expired: written off when the frame opens, never drawn.
    const { offered, draws } = await redeemOnFrame(customer, 150, '2026-03-12T10:00:00Z');

    expect(offered).toEqual([second, third]);
    expect(draws).toEqual([
      { lotId: second, points: 100 },
      { lotId: third, points: 50 },
    ]);
    expect(await lotRemainders(database.db, customer)).toEqual([0, 0, 50]);
    expect(await checkPointsInvariant(database.db, customer)).toEqual([]);
  });
});
