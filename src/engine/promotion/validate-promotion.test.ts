import { describe, expect, it } from 'vitest';
import type { MechanicArgs } from '../mechanics/mechanic-args.ts';
import { promo } from '../testing/fixtures.ts';
import { validatePromotion } from './validate-promotion.ts';

const valid = promo(
  'p',
  { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1500 },
  {
    validFrom: '2025-02-01T00:00:00+03:00',
    validTo: '2025-03-01T00:00:00+03:00',
    schedule: { days: [1, 2, 3, 4, 5], windows: [{ from: '10:00', to: '12:00' }] },
  },
);

describe('validatePromotion', () => {
  it('accepts a valid definition', () => {
    expect(validatePromotion(valid)).toEqual({ ok: true, definition: valid });
  });

  it('collects every schema problem at once', () => {
    const result = validatePromotion({
      ...valid,
      status: 'live',
      stacking: { groupId: '', priority: 1 },
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ['/extra', 'unknown_field'],
        ['/status', 'invalid_value'],
        ['/stacking/exclusive', 'required'],
        ['/stacking/groupId', 'invalid_length'],
      ]),
    );
  });

  it('checks mechanic args, period, windows and selectors together', () => {
    const result = validatePromotion({
      ...valid,
      validTo: '2025-01-01T00:00:00Z',
      schedule: { windows: [{ from: '22:00', to: '02:00' }] },
      mechanic: {
        kind: 'percent-off',
        percentBp: 20_000,
        scope: { priceMinMinor: 500, priceMaxMinor: 100, attributes: [{ key: 'size' }] },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/mechanic/percentBp', 'out_of_range'],
      ['/validTo', 'invalid_period'],
      ['/schedule/windows/0', 'invalid_window'],
      ['/mechanic/scope/priceMaxMinor', 'invalid_range'],
      ['/mechanic/scope/attributes/0', 'invalid_condition'],
    ]);
  });

  it('names an unknown mechanic', () => {
    const result = validatePromotion({ ...valid, mechanic: { kind: 'lottery' } });
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: '/mechanic/kind', code: 'unknown_mechanic', message: 'unknown mechanic lottery' },
      ],
    });
  });
});

describe('mechanic rules beyond the schema', () => {
  it('wants spend tiers in ascending order', () => {
    const result = validatePromotion(
      promo('t', {
        kind: 'spend-threshold',
        tiers: [
          { fromMinor: 500_000, reward: { kind: 'percent', percentBp: 1000 } },
          { fromMinor: 300_000, reward: { kind: 'percent', percentBp: 500 } },
        ],
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: '/mechanic/tiers/1/fromMinor', code: 'not_ascending' }],
    });
  });

  const oncePerCheck: { name: string; mechanic: MechanicArgs }[] = [
    {
      name: 'a spend threshold',
      mechanic: {
        kind: 'spend-threshold',
        tiers: [{ fromMinor: 100_000, reward: { kind: 'amount', amountMinor: 10_000 } }],
      },
    },
    {
      name: 'an amount off per cart',
      mechanic: { kind: 'amount-off', scope: {}, amountMinor: 10_000, per: 'cart' },
    },
    {
      name: 'a fixed points award without perUnits',
      mechanic: { kind: 'extra-points', award: { kind: 'fixed', points: 200 } },
    },
  ];

  it.each(oncePerCheck)('refuses max repeats for $name, given once per check', ({ mechanic }) => {
    const result = validatePromotion(promo('r', mechanic, { limits: { maxRepeats: 2 } }));
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: '/limits/maxRepeats', code: 'limit_not_applicable' }],
    });
  });

  it('lets a fixed points award repeat per units, with room for them in the unit limit', () => {
    const award = { kind: 'fixed', points: 50, perUnits: 2 } as const;
    const ok = promo('r', { kind: 'extra-points', award }, { limits: { maxRepeats: 3 } });
    expect(validatePromotion(ok)).toEqual({ ok: true, definition: ok });
    const result = validatePromotion(
      promo('r', { kind: 'extra-points', award }, { limits: { maxUnitsPerCheck: 1 } }),
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: '/limits/maxUnitsPerCheck', code: 'out_of_range' }],
    });
  });
});
