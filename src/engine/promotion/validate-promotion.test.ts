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

  it('names the envelope, the mechanic args and the periods in one answer', () => {
    const { stacking: _stacking, ...withoutStacking } = valid;
    const result = validatePromotion({
      ...withoutStacking,
      status: 'live',
      validTo: '2025-01-01T00:00:00Z',
      mechanic: { kind: 'percent-off', scope: { categoryIds: [] }, percentBp: 0 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/stacking', 'required'],
      ['/status', 'invalid_value'],
      ['/mechanic/scope/categoryIds', 'invalid_length'],
      ['/mechanic/percentBp', 'out_of_range'],
      ['/validTo', 'invalid_period'],
    ]);
  });

  it('names every fault, beyond the eight a single schema check stops at', () => {
    const result = validatePromotion({
      ...valid,
      storeIds: Array.from({ length: 12 }, (_, i) => i),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(
      Array.from({ length: 12 }, (_, i) => `/storeIds/${i}`),
    );
  });

  it('names the field at fault inside a union told apart by kind', () => {
    const result = validatePromotion(
      promo('b', {
        kind: 'bundle',
        components: [{ scope: { skus: ['A'] }, quantity: 2 }],
        price: { kind: 'fixed', priceMinor: -1 } as never,
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: '/mechanic/price/priceMinor', code: 'out_of_range' }],
    });
  });

  it('answers a selector nested 10 000 deep with a problem, not a stack overflow', () => {
    let deep: Record<string, unknown> = { priceMinMinor: 5, priceMaxMinor: 1 };
    for (let i = 0; i < 10_000; i += 1) deep = { exclude: deep };
    const result = validatePromotion({
      ...valid,
      mechanic: { kind: 'percent-off', scope: deep, percentBp: 1000 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({
      path: '/mechanic/scope/exclude/exclude',
      code: 'unknown_field',
    });
    expect(result.problems.at(-1)?.code).toBe('invalid_range');
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

describe('validity by local dates', () => {
  const february = promo(
    'feb',
    { kind: 'percent-off', scope: {}, percentBp: 1000 },
    {
      validFromDate: '2025-02-01',
      validToDate: '2025-02-28',
    },
  );

  it('accepts two local dates, the same day for both, or one open end', () => {
    expect(validatePromotion(february).ok).toBe(true);
    expect(validatePromotion({ ...february, validFromDate: '2025-02-28' }).ok).toBe(true);
    const { validToDate: _to, ...openEnded } = february;
    expect(validatePromotion(openEnded).ok).toBe(true);
  });

  it('refuses mixing dates with instants, dates that do not exist, and reversed dates', () => {
    const result = validatePromotion({
      ...february,
      validFrom: '2025-02-01T00:00:00+03:00',
      validFromDate: '2025-02-30',
      validToDate: '2025-01-31',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/validFromDate', 'mixed_validity'],
      ['/validFromDate', 'invalid_date'],
      ['/validToDate', 'mixed_validity'],
    ]);
    expect(validatePromotion({ ...february, validToDate: '2025-01-31' })).toMatchObject({
      ok: false,
      problems: [{ path: '/validToDate', code: 'invalid_period' }],
    });
    expect(validatePromotion({ ...february, validToDate: '28.02.2025' })).toMatchObject({
      ok: false,
      problems: [{ path: '/validToDate', code: 'invalid_format' }],
    });
  });
});
