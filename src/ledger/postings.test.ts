import { describe, expect, it } from 'vitest';
import { lotInstants } from './instants.ts';
import { balance, type Lot, type LotDraw, planBurn, planExpiry } from './lots.ts';
import {
  accrualPosting,
  activationPostings,
  adjustmentPostings,
  balanceFromEntries,
  bonusPosting,
  checkPosting,
  expiryPostings,
  type Posting,
  redemptionPostings,
  remainingByLot,
  restorePostings,
  takeBackPostings,
} from './postings.ts';
import { planRestore } from './restore.ts';
import { planTakeBack } from './take-back.ts';

const at = (iso: string) => Date.parse(iso);
const settings = {
  pendingDays: 14,
  timeZone: 'Europe/Moscow',
  expiry: { unit: 'months', count: 6 },
} as const;

function newLot(lotId: string, earnedAt: number, amount: number, pendingDays = 14): Lot {
  const instants = lotInstants(earnedAt, { ...settings, pendingDays });
  return { lotId, earnedAt, ...instants, amount, remaining: amount };
}

/** Applies draws to lots, as the store would when it writes the entries. */
function apply(lots: Lot[], draws: readonly LotDraw[], sign: 1 | -1): Lot[] {
  return lots.map((lot) => {
    const drawn = draws.filter((d) => d.lotId === lot.lotId).reduce((t, d) => t + d.points, 0);
    return { ...lot, remaining: lot.remaining + sign * drawn };
  });
}

describe('checkPosting', () => {
  const entry: Posting = {
    kind: 'redemption',
    from: 'active',
    to: 'world',
    points: 10,
    effectiveAt: 0,
  };

  it('accepts a move its kind allows', () => {
    expect(checkPosting(entry)).toEqual([]);
  });

  it('refuses every problem at once: points not positive and a move the kind does not make', () => {
    expect(checkPosting({ ...entry, from: 'world', to: 'active', points: 0 })).toEqual([
      { code: 'points_not_positive', message: 'points must be a whole number > 0' },
      { code: 'move_not_allowed', message: 'redemption cannot move world>active' },
    ]);
  });
});

describe('postings of a customer’s life', () => {
  it('keep entries, lots and balance in step through accrual, spending, return and expiry', () => {
    const entries: Posting[] = [];
    // The welcome bonus is spendable at once and valid 6 months: to the end of 5 July.
    const welcomeNow = newLot('welcome', at('2026-01-05T09:00:00Z'), 100, 0);
    entries.push(bonusPosting('welcome_bonus', welcomeNow, 'joined'));
    const purchaseLot = newLot('p1', at('2026-01-10T12:00:00Z'), 36);
    entries.push(accrualPosting(purchaseLot, 'p1'));
    let lots = [welcomeNow, purchaseLot];
    expect(balanceFromEntries(entries)).toEqual({ active: 100, pending: 36, debt: 0 });

    // 25 January 00:00 Moscow: the purchase's points become spendable.
    entries.push(...activationPostings(purchaseLot));
    const afterActivation = at('2026-01-24T21:00:00Z');
    expect(balance(lots, afterActivation, 0)).toMatchObject({ active: 136, pending: 0 });

    // A second purchase spends 120 points: the welcome lot expires first, so it goes first.
    const spendAt = at('2026-02-01T10:00:00Z');
    const burn = planBurn(lots, 120, spendAt);
    if (!burn.ok) throw new Error(burn.code);
    expect(burn.draws).toEqual([
      { lotId: 'welcome', points: 100 },
      { lotId: 'p1', points: 20 },
    ]);
    entries.push(...redemptionPostings(burn.draws, 'p2', spendAt));
    lots = apply(lots, burn.draws, -1);

    // The first purchase is returned whole: its 36 points are taken back, 16 remain → 20 owed.
    const returnAt = at('2026-02-02T10:00:00Z');
    const takeBack = planTakeBack(lots, ['p1'], 36, returnAt, 'negative_balance');
    expect(takeBack).toMatchObject({ takenPoints: 16, debtPoints: 20 });
    entries.push(...takeBackPostings(takeBack, 'p1', returnAt));
    lots = apply(lots, takeBack.draws, -1);
    expect(balanceFromEntries(entries)).toEqual({ active: -20, pending: 0, debt: 20 });

    // The second purchase is returned too: its 120 redeemed points come back, last burned first.
    const restore = planRestore(burn.draws, 120);
    entries.push(...restorePostings(restore, 'p2', returnAt));
    lots = apply(lots, restore, 1);
    expect(balanceFromEntries(entries)).toEqual({ active: 100, pending: 0, debt: 20 });

    // An operator credits 5 points into a lot of their own.
    const credit = newLot('adj', returnAt, 5, 0);
    entries.push(
      ...adjustmentPostings('credit', [{ lotId: 'adj', points: 5 }], returnAt, 'ticket 7'),
    );
    lots = [...lots, credit];

    // The welcome lot expires; the job runs later, the entry is dated at the lot's own instant.
    const expiryRun = at('2026-07-22T03:00:00Z');
    const expiry = planExpiry(lots, expiryRun);
    expect(expiry).toEqual([{ lotId: 'welcome', points: 100 }]);
    const expiryEntries = expiryPostings(expiry, lots);
    expect(expiryEntries[0]?.effectiveAt).toBe(at('2026-07-05T21:00:00Z'));
    entries.push(...expiryEntries);
    lots = apply(lots, expiry, -1);

    for (const entry of entries) expect(checkPosting(entry)).toEqual([]);
    const fromEntries = balanceFromEntries(entries);
    const fromLots = balance(lots, expiryRun, 0);
    expect(fromEntries).toEqual({ active: 5, pending: 0, debt: 20 });
    expect(fromEntries.active + fromEntries.debt).toBe(fromLots.active);
    expect(Object.fromEntries(remainingByLot(entries))).toEqual(
      Object.fromEntries(lots.map((lot) => [lot.lotId, lot.remaining])),
    );
  });
});

describe('posting builders', () => {
  it('puts a bonus into pending when it activates later than it was earned', () => {
    const lot = newLot('bday', at('2026-03-10T12:00:00Z'), 50);
    expect(bonusPosting('campaign_bonus', lot, 'birthday')).toEqual({
      kind: 'campaign_bonus',
      from: 'world',
      to: 'pending',
      points: 50,
      effectiveAt: at('2026-03-10T12:00:00Z'),
      lotId: 'bday',
      reason: 'birthday',
    });
  });

  it('activates what is left of a pending lot, or nothing when a return emptied it', () => {
    const lot = { ...newLot('p', at('2026-03-10T12:00:00Z'), 40), remaining: 15 };
    expect(activationPostings(lot)).toEqual([
      {
        kind: 'activation',
        from: 'pending',
        to: 'active',
        points: 15,
        effectiveAt: at('2026-03-24T21:00:00Z'),
        lotId: 'p',
      },
    ]);
    expect(activationPostings({ ...lot, remaining: 0 })).toEqual([]);
  });

  it('debits an adjustment lot by lot and writes no zero entries', () => {
    const draws = [
      { lotId: 'a', points: 3 },
      { lotId: 'b', points: 0 },
    ];
    expect(adjustmentPostings('debit', draws, 7, 'fraud')).toEqual([
      {
        kind: 'adjustment',
        from: 'active',
        to: 'world',
        points: 3,
        effectiveAt: 7,
        lotId: 'a',
        reason: 'fraud',
      },
    ]);
  });

  it('refuses to date the expiry of a lot that never expires, as a bug', () => {
    const lot = { ...newLot('n', 0, 1), expiresAt: null };
    expect(() => expiryPostings([{ lotId: 'n', points: 1 }], [lot])).toThrow(RangeError);
  });
});
