import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig: calculation log', () => {
  it('is off and kept 7 days unless told otherwise', () => {
    expect(readConfig({}).calculationLog).toEqual({ enabled: false, retentionDays: 7 });
  });

  it('reads PERK_CALCULATION_LOG and PERK_CALCULATION_LOG_DAYS', () => {
    const env = { PERK_CALCULATION_LOG: 'on', PERK_CALCULATION_LOG_DAYS: '30' };
    expect(readConfig(env).calculationLog).toEqual({ enabled: true, retentionDays: 30 });
    expect(readConfig({ PERK_CALCULATION_LOG: 'off' }).calculationLog.enabled).toBe(false);
  });

  it.each([
    [{ PERK_CALCULATION_LOG: 'yes' }, 'PERK_CALCULATION_LOG must be "on" or "off"'],
    [{ PERK_CALCULATION_LOG_DAYS: '0' }, 'PERK_CALCULATION_LOG_DAYS must be a positive'],
    [{ PERK_CALCULATION_LOG_DAYS: '1.5' }, 'PERK_CALCULATION_LOG_DAYS must be a positive'],
    [{ PERK_CALCULATION_LOG_DAYS: 'week' }, 'PERK_CALCULATION_LOG_DAYS must be a positive'],
  ])('refuses %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

describe('readConfig: future tolerance of business times', () => {
  it('is 300 s unless PERK_FUTURE_TOLERANCE_SECONDS says otherwise', () => {
    expect(readConfig({}).futureToleranceSeconds).toBe(300);
    expect(readConfig({ PERK_FUTURE_TOLERANCE_SECONDS: '0' }).futureToleranceSeconds).toBe(0);
    expect(readConfig({ PERK_FUTURE_TOLERANCE_SECONDS: '60' }).futureToleranceSeconds).toBe(60);
  });

  it.each(['-1', '1.5', 'soon', '86401'])('refuses %s', (value) => {
    expect(() => readConfig({ PERK_FUTURE_TOLERANCE_SECONDS: value })).toThrow(
      `PERK_FUTURE_TOLERANCE_SECONDS must be a whole number of seconds 0..86400, got "${value}"`,
    );
  });
});
