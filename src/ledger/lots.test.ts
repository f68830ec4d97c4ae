import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balance, type Lot, lotState, planBurn, planExpiry, spendingOrder } from './lots.ts';

const at = (iso: string) => Date.parse(iso);
const lot = (lotId: string, fields: Partial<Lot>): Lot => ({
  lotId,
  earnedAt: at('2026-01-10T10:00:00Z'),
  activatesAt: at('2026-01-24T21:00:00Z'),
  expiresAt: null,
  amount: 100,
  remaining: 100,
  ...fields,
});
const now = at('2026-03-01T12:00:00Z');

describe('lotState', () => {
  const bounded = lot('a', { expiresAt: at('2026-03-01T12:00:00Z') });
  it.each([
    ['2026-01-24T20:59:59.999Z', 'pending'],
    ['2026-01-24T21:00:00.000Z', 'active'],
    ['2026-03-01T11:59:59.999Z', 'active'],
    ['2026-03-01T12:00:00.000Z', 'expired'],
  ])('at %s the lot is %s', (instant, state) => {
    expect(lotState(bounded, at(instant))).toBe(state);
  });
});

describe('planBurn', () => {
  const lots = [
    lot('never', { earnedAt: at('2025-12-01T00:00:00Z'), remaining: 50 }),
    lot('late', { earnedAt: at('2026-01-20T00:00:00Z'), expiresAt: at('2026-06-01T00:00:00Z') }),
    lot('early', { earnedAt: at('2026-01-15T00:00:00Z'), expiresAt: at('2026-04-01T00:00:00Z') }),
    lot('pending', { activatesAt: at('2026-03-05T00:00:00Z') }),
    lot('expired', { expiresAt: at('2026-02-01T00:00:00Z') }),
    lot('empty', { expiresAt: at('2026-03-02T00:00:00Z'), remaining: 0 }),
  ];

  it('burns the soonest-expiring active lots first, never pending or expired ones', () => {
    expect(planBurn(lots, 230, now)).toEqual({
      ok: true,
      draws: [
        { lotId: 'early', points: 100 },
        { lotId: 'late', points: 100 },
        { lotId: 'never', points: 30 },
      ],
    });
  });

  it('breaks equal expiry by earning time, then by lot id', () => {
    const same = { expiresAt: at('2026-04-01T00:00:00Z'), remaining: 10 };
    const tied = [
      lot('b', { ...same, earnedAt: at('2026-01-02T00:00:00Z') }),
      lot('c', { ...same, earnedAt: at('2026-01-01T00:00:00Z') }),
      lot('a', { ...same, earnedAt: at('2026-01-02T00:00:00Z') }),
    ];
    expect(tied.sort(spendingOrder).map((l) => l.lotId)).toEqual(['c', 'a', 'b']);
  });

  it('refuses with the active total when the active lots hold too few points', () => {
    expect(planBurn(lots, 251, now)).toEqual({
      ok: false,
      code: 'insufficient_points',
      available: 250,
    });
  });

  it('burns nothing for zero points', () => {
    expect(planBurn(lots, 0, now)).toEqual({ ok: true, draws: [] });
  });

  it('takes exactly the request, never more than a lot holds, only from active lots', () => {
    const arbitraryLot = fc
      .record({
        earnedAt: fc.integer({ min: 0, max: 1_000 }),
        pendingFor: fc.integer({ min: 0, max: 100 }),
        validFor: fc.option(fc.integer({ min: 1, max: 1_000 })),
        amount: fc.integer({ min: 0, max: 1_000 }),
        spent: fc.integer({ min: 0, max: 1_000 }),
      })
      .map(
        ({ earnedAt, pendingFor, validFor, amount, spent }): Omit<Lot, 'lotId'> => ({
          earnedAt,
          activatesAt: earnedAt + pendingFor,
          expiresAt: validFor === null ? null : earnedAt + pendingFor + validFor,
          amount,
          remaining: Math.max(0, amount - spent),
        }),
      );
    fc.assert(
      fc.property(
        fc.array(arbitraryLot, { maxLength: 15 }),
        fc.integer({ min: 0, max: 1_200 }),
        fc.nat(5_000),
        (drafts, clock, points) => {
          const lots = drafts.map((draft, i) => ({ ...draft, lotId: `lot-${i}` }));
          const plan = planBurn(lots, points, clock);
          const active = lots.filter((l) => lotState(l, clock) === 'active');
          const available = active.reduce((sum, l) => sum + l.remaining, 0);
          if (!plan.ok) {
            expect(plan.available).toBe(available);
            expect(points).toBeGreaterThan(available);
            return;
          }
          expect(plan.draws.reduce((sum, d) => sum + d.points, 0)).toBe(points);
          const after = lots.map((l) => {
            const drawn = plan.draws.find((d) => d.lotId === l.lotId)?.points ?? 0;
            expect(drawn).toBeLessThanOrEqual(l.remaining);
            if (drawn > 0) expect(lotState(l, clock)).toBe('active');
            return l.remaining - drawn;
          });
          const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
          expect(sum(after)).toBe(sum(lots.map((l) => l.remaining)) - points);
        },
      ),
    );
  });
});

describe('planExpiry', () => {
  it('writes off exactly what each expired lot still holds', () => {
    const lots = [
      lot('spent', { expiresAt: at('2026-02-01T00:00:00Z'), remaining: 0 }),
      lot('partly', { expiresAt: at('2026-03-01T12:00:00Z'), remaining: 37 }),
      lot('older', { expiresAt: at('2026-02-15T00:00:00Z'), remaining: 5 }),
      lot('valid', { expiresAt: at('2026-03-01T12:00:00.001Z') }),
      lot('never', {}),
    ];
    expect(planExpiry(lots, now)).toEqual([
      { lotId: 'older', points: 5 },
      { lotId: 'partly', points: 37 },
    ]);
  });
});

describe('balance', () => {
  it('separates active from pending and lists what expires within the window', () => {
    const lots = [
      lot('a', { expiresAt: at('2026-03-05T21:00:00Z'), remaining: 40 }),
      lot('b', { expiresAt: at('2026-03-05T21:00:00Z'), remaining: 2 }),
      lot('c', { expiresAt: at('2026-03-03T21:00:00Z'), remaining: 10 }),
      lot('d', { expiresAt: at('2026-04-30T21:00:00Z'), remaining: 70 }),
      lot('e', { expiresAt: at('2026-03-01T00:00:00Z'), remaining: 99 }), // expired, not written off
      lot('f', { activatesAt: at('2026-03-10T21:00:00Z'), remaining: 36 }),
      lot('g', { remaining: 5 }),
    ];
    expect(balance(lots, now, 7)).toEqual({
      active: 127,
      pending: 36,
      expiringSoon: [
        { at: at('2026-03-03T21:00:00Z'), points: 10 },
        { at: at('2026-03-05T21:00:00Z'), points: 42 },
      ],
    });
  });
});
