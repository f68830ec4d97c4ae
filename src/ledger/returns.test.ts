import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrue } from './accrual.ts';
import { planRedemption } from './redemption.ts';
import { type PurchasedLine, planReturn } from './returns.ts';

// A purchase of three lines paid partly by points, built with the ledger's own accrual and
// redemption so the example follows the whole path: 3 × 200 ₽ shampoo, 1 × 300 ₽ towel,
// 4 × 75 ₽ soap = 1 200 ₽; 240 points redeemed (20%) as 120/60/60; 3% on the 960 ₽ paid in
// money is 28 points, 14/7/7.
function purchase(): PurchasedLine[] {
  const priced = [
    { lineId: 'shampoo', quantity: 3, amountMinor: 60_000 },
    { lineId: 'towel', quantity: 1, amountMinor: 30_000 },
    { lineId: 'soap', quantity: 4, amountMinor: 30_000 },
  ];
  const redemption = planRedemption(
    {
      lines: priced.map((l) => ({ ...l, noPointsPayment: false })),
      maxShareBp: 2_000,
      minMoneyPaidMinor: 0,
      pointValueMinor: 100,
      activeBalance: 1_000,
    },
    240,
  );
  if (!redemption.ok) throw new Error(redemption.code);
  const accrual = accrue({
    lines: priced.map((l, i) => ({
      lineId: l.lineId,
      paidMinor: l.amountMinor - (redemption.lines[i]?.moneyMinor ?? 0),
      noAccrual: false,
      excluded: false,
      rateBp: 300,
    })),
    checkBonusPoints: 0,
    pointValueMinor: 100,
    rounding: 'down',
  });
  return priced.map((l, i) => ({
    lineId: l.lineId,
    quantity: l.quantity,
    accruedPoints: accrual.lines[i]?.points ?? 0,
    redeemedPoints: redemption.lines[i]?.points ?? 0,
    redeemedMoneyMinor: redemption.lines[i]?.moneyMinor ?? 0,
    returnedQuantity: 0,
  }));
}

describe('planReturn', () => {
  it('builds the example purchase as expected', () => {
    expect(purchase()).toEqual([
      {
        lineId: 'shampoo',
        quantity: 3,
        accruedPoints: 14,
        redeemedPoints: 120,
        redeemedMoneyMinor: 12_000,
        returnedQuantity: 0,
      },
      {
        lineId: 'towel',
        quantity: 1,
        accruedPoints: 7,
        redeemedPoints: 60,
        redeemedMoneyMinor: 6_000,
        returnedQuantity: 0,
      },
      {
        lineId: 'soap',
        quantity: 4,
        accruedPoints: 7,
        redeemedPoints: 60,
        redeemedMoneyMinor: 6_000,
        returnedQuantity: 0,
      },
    ]);
  });

  it('returns one line of three in part after points were redeemed', () => {
    expect(planReturn(purchase(), [{ lineId: 'shampoo', quantity: 1 }])).toEqual({
      ok: true,
      lines: [
        {
          lineId: 'shampoo',
          quantity: 1,
          takeBackPoints: 4,
          giveBackPoints: 40,
          giveBackMoneyMinor: 4_000,
        },
      ],
      takeBackPoints: 4,
      giveBackPoints: 40,
    });
  });

  it('adds two partial returns and the rest up to the line totals exactly', () => {
    const lines = purchase();
    const soap = (returnedQuantity: number) =>
      lines.map((l) => (l.lineId === 'soap' ? { ...l, returnedQuantity } : l));
    const first = planReturn(soap(0), [{ lineId: 'soap', quantity: 1 }]);
    const second = planReturn(soap(1), [{ lineId: 'soap', quantity: 2 }]);
    const rest = planReturn(soap(3), [{ lineId: 'soap', quantity: 1 }]);
    const taken = [first, second, rest].map((plan) => (plan.ok ? plan.lines[0] : undefined));
    // 7 accrued over 4 units: floor(7·1/4) = 1, floor(7·3/4) − 1 = 4, 7 − 5 = 2
    expect(taken.map((l) => l?.takeBackPoints)).toEqual([1, 4, 2]);
    expect(taken.map((l) => l?.giveBackPoints)).toEqual([15, 30, 15]);
    expect(taken.map((l) => l?.giveBackMoneyMinor)).toEqual([1_500, 3_000, 1_500]);
  });

  it('refuses returning more than remains, an unknown line and a bad quantity, all at once', () => {
    const lines = purchase().map((l) => (l.lineId === 'soap' ? { ...l, returnedQuantity: 3 } : l));
    expect(
      planReturn(lines, [
        { lineId: 'soap', quantity: 1 },
        { lineId: 'soap', quantity: 1 },
        { lineId: 'razor', quantity: 1 },
        { lineId: 'towel', quantity: 0 },
      ]),
    ).toEqual({
      ok: false,
      refusals: [
        { lineId: 'towel', code: 'return_invalid_quantity', returnableQuantity: 0 },
        { lineId: 'soap', code: 'return_exceeds_purchase', returnableQuantity: 1 },
        { lineId: 'razor', code: 'return_unknown_line', returnableQuantity: 0 },
      ],
    });
  });

  it('adds up to the totals over any sequence of partial returns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.nat(100_000),
        fc.nat(100_000),
        fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 10 }),
        (quantity, accruedPoints, redeemedPoints, parts) => {
          let returned = 0;
          let taken = 0;
          let given = 0;
          for (const part of parts) {
            const step = Math.min(part, quantity - returned);
            if (step === 0) break;
            const line = {
              lineId: 'x',
              quantity,
              accruedPoints,
              redeemedPoints,
              redeemedMoneyMinor: 0,
              returnedQuantity: returned,
            };
            const plan = planReturn([line], [{ lineId: 'x', quantity: step }]);
            if (!plan.ok) throw new Error('refused');
            taken += plan.takeBackPoints;
            given += plan.giveBackPoints;
            returned += step;
            expect(taken).toBeLessThanOrEqual(accruedPoints);
            expect(given).toBeLessThanOrEqual(redeemedPoints);
          }
          if (returned === quantity) {
            expect(taken).toBe(accruedPoints);
            expect(given).toBe(redeemedPoints);
          }
        },
      ),
    );
  });
});
