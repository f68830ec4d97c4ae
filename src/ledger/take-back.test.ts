import { describe, expect, it } from 'vitest';
import type { Lot } from './lots.ts';
import { planTakeBack, settleTakeBack } from './take-back.ts';

const at = (iso: string) => Date.parse(iso);
const now = at('2026-03-20T12:00:00Z');
const lot = (lotId: string, fields: Partial<Lot>): Lot => ({
  lotId,
  earnedAt: at('2026-01-10T10:00:00Z'),
  activatesAt: at('2026-01-24T21:00:00Z'),
  expiresAt: null,
  amount: 100,
  remaining: 100,
  ...fields,
});

describe('settleTakeBack', () => {
  it.each([
    ['negative_balance', 30, 50, { takenPoints: 30, debtPoints: 20, unrecoverablePoints: 0 }],
    ['deduct_available', 30, 50, { takenPoints: 30, debtPoints: 0, unrecoverablePoints: 20 }],
    ['negative_balance', 80, 50, { takenPoints: 50, debtPoints: 0, unrecoverablePoints: 0 }],
    ['deduct_available', 80, 50, { takenPoints: 50, debtPoints: 0, unrecoverablePoints: 0 }],
    ['negative_balance', -10, 50, { takenPoints: 0, debtPoints: 50, unrecoverablePoints: 0 }],
    ['deduct_available', -10, 50, { takenPoints: 0, debtPoints: 0, unrecoverablePoints: 50 }],
  ] as const)('%s with %i available and %i to take back', (policy, available, points, expected) => {
    expect(settleTakeBack(policy, available, points)).toEqual(expected);
  });
});

describe('planTakeBack', () => {
  const lots = [
    lot('old', { remaining: 30, expiresAt: at('2026-06-01T00:00:00Z') }),
    lot('never', { remaining: 10 }),
    lot('own', {
      earnedAt: at('2026-03-10T12:00:00Z'),
      activatesAt: at('2026-03-24T21:00:00Z'),
      amount: 40,
      remaining: 40,
    }),
    lot('other-pending', { activatesAt: at('2026-03-30T21:00:00Z'), remaining: 500 }),
    lot('expired', { expiresAt: at('2026-03-01T00:00:00Z'), remaining: 70 }),
  ];

  it('takes back from the purchase’s own pending lot first', () => {
    expect(planTakeBack(lots, ['own'], 25, now, 'negative_balance')).toEqual({
      takenPoints: 25,
      debtPoints: 0,
      unrecoverablePoints: 0,
      draws: [{ lotId: 'own', points: 25, from: 'pending' }],
    });
  });

  it('then from active lots in spending order, leaving other purchases’ pending points alone', () => {
    const spent = lots.map((l) => (l.lotId === 'own' ? { ...l, remaining: 5 } : l));
    expect(planTakeBack(spent, ['own'], 60, now, 'negative_balance')).toEqual({
      takenPoints: 45,
      debtPoints: 15,
      unrecoverablePoints: 0,
      draws: [
        { lotId: 'own', points: 5, from: 'pending' },
        { lotId: 'old', points: 30, from: 'active' },
        { lotId: 'never', points: 10, from: 'active' },
      ],
    });
  });

  it('writes the shortfall off under deduct_available', () => {
    const plan = planTakeBack(lots, [], 45, now, 'deduct_available');
    expect(plan).toEqual({
      takenPoints: 40,
      debtPoints: 0,
      unrecoverablePoints: 5,
      draws: [
        { lotId: 'old', points: 30, from: 'active' },
        { lotId: 'never', points: 10, from: 'active' },
      ],
    });
  });
});
