import { describe, expect, it } from 'vitest';
import {
  accrualRateBpFor,
  defaultProgramSettings,
  maxRedemptionShareBpFor,
  validateProgramSettings,
} from './program-settings.ts';

describe('validateProgramSettings', () => {
  it('fills every absent setting from the defaults', () => {
    expect(validateProgramSettings({})).toEqual({ ok: true, settings: defaultProgramSettings });
  });

  it('keeps given settings, including per-tier overrides and an expiry', () => {
    const input = {
      accrualRateBpByTier: { gold: 1_000 },
      maxRedemptionShareBpByTier: { gold: 5_000 },
      accrualRounding: 'half_up',
      expiry: { unit: 'months', count: 6 },
      timeZone: 'Asia/Yekaterinburg',
      returnPolicyWhenSpent: 'deduct_available',
    };
    const result = validateProgramSettings(input);
    expect(result).toEqual({ ok: true, settings: { ...defaultProgramSettings, ...input } });
  });

  it('collects every problem at once, one per fault', () => {
    const result = validateProgramSettings({
      currency: 'rub',
      pointValueMinor: 0,
      accrualRateBp: 10.5,
      accrualRateBpByTier: { gold: 10_001 },
      accrualRounding: 'up',
      minMoneyPaidMinor: -1,
      expiry: { unit: 'weeks', count: 0 },
      timeZone: 'Mars/Olympus',
      bonus: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ path, code }) => `${path} ${code}`).sort()).toEqual([
      '/accrualRateBp invalid_type',
      '/accrualRateBpByTier/gold out_of_range',
      '/accrualRounding invalid_value',
      '/bonus unknown_field',
      '/currency invalid_format',
      '/expiry/count out_of_range',
      '/expiry/unit invalid_value',
      '/minMoneyPaidMinor out_of_range',
      '/pointValueMinor out_of_range',
      '/timeZone unknown_time_zone',
    ]);
    const rounding = result.problems.find((problem) => problem.path === '/accrualRounding');
    expect(rounding?.message).toBe('must be one of: "down", "half_up"');
  });

  it('says what an expiry may be when it is neither null nor an object', () => {
    expect(validateProgramSettings({ expiry: 30 })).toEqual({
      ok: false,
      problems: [
        { path: '/expiry', code: 'invalid_value', message: 'must be one of: null, object' },
      ],
    });
  });

  it('reports missing fields inside an expiry', () => {
    expect(validateProgramSettings({ expiry: { unit: 'days' } })).toEqual({
      ok: false,
      problems: [{ path: '/expiry/count', code: 'required', message: 'is required' }],
    });
  });

  it('names an unknown field inside an expiry', () => {
    expect(validateProgramSettings({ expiry: { unit: 'days', count: 30, grace: 1 } })).toEqual({
      ok: false,
      problems: [
        { path: '/expiry/grace', code: 'unknown_field', message: 'is not a known setting' },
      ],
    });
  });

  it.each([null, [], 'x'])('refuses %j as a settings document', (input) => {
    expect(validateProgramSettings(input)).toEqual({
      ok: false,
      problems: [{ path: '', code: 'invalid_type', message: 'settings must be an object' }],
    });
  });

  it('refuses a zone abbreviation Intl would accept', () => {
    const result = validateProgramSettings({ timeZone: 'EST' });
    expect(result.ok).toBe(false);
  });

  it('takes a currency with two decimals, refusing one with none or three', () => {
    expect(validateProgramSettings({ currency: 'KZT' })).toMatchObject({ ok: true });
    expect(validateProgramSettings({ currency: 'USD' })).toMatchObject({ ok: true });
    for (const currency of ['JPY', 'KWD', 'ZZZ']) {
      expect(validateProgramSettings({ currency })).toEqual({
        ok: false,
        problems: [
          {
            path: '/currency',
            code: 'unsupported_currency',
            message: `"${currency}" is not an ISO 4217 currency with two decimals (kopecks, cents)`,
          },
        ],
      });
    }
  });
});

describe('per-tier rates', () => {
  const settings = {
    ...defaultProgramSettings,
    accrualRateBpByTier: { gold: 1_000 },
    maxRedemptionShareBpByTier: { gold: 5_000 },
  };

  it('uses the tier override when there is one, else the programme rate', () => {
    expect(accrualRateBpFor(settings, 'gold')).toBe(1_000);
    expect(accrualRateBpFor(settings, 'silver')).toBe(300);
    expect(accrualRateBpFor(settings, null)).toBe(300);
    expect(maxRedemptionShareBpFor(settings, 'gold')).toBe(5_000);
    expect(maxRedemptionShareBpFor(settings, null)).toBe(2_000);
  });
});
