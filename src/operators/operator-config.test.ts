import { describe, expect, it } from 'vitest';
import { EnvReader } from '../env-reader.ts';
import { readOperatorConfig as readFrom } from './operator-config.ts';

function readOperatorConfig(env: NodeJS.ProcessEnv) {
  const vars = new EnvReader(env);
  const config = readFrom(vars);
  vars.finish();
  return config;
}

describe('readOperatorConfig', () => {
  it('hashes at scrypt N = 2^17, ends sessions after 30 idle minutes or 12 hours, Secure on HTTPS', () => {
    expect(readOperatorConfig({})).toEqual({
      passwordCost: 17,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      secureCookies: 'auto',
    });
  });

  it('reads its environment variables', () => {
    const env = {
      PERK_PASSWORD_COST: '15',
      PERK_SESSION_IDLE_MINUTES: '10',
      PERK_SESSION_MAX_HOURS: '8',
      PERK_SECURE_COOKIES: 'ON',
    };
    expect(readOperatorConfig(env)).toEqual({
      passwordCost: 15,
      sessionIdleMinutes: 10,
      sessionMaxHours: 8,
      secureCookies: 'on',
    });
  });

  it.each([
    [{ PERK_PASSWORD_COST: '13' }, 'PERK_PASSWORD_COST="13": allowed: a whole number 14..20'],
    [{ PERK_PASSWORD_COST: '21' }, 'PERK_PASSWORD_COST="21": allowed: a whole number 14..20'],
    [
      { PERK_SESSION_IDLE_MINUTES: '0' },
      'PERK_SESSION_IDLE_MINUTES="0": allowed: a whole number 1..1440',
    ],
    [
      { PERK_SESSION_MAX_HOURS: '1.5' },
      'PERK_SESSION_MAX_HOURS="1.5": allowed: a whole number 1..720',
    ],
    [{ PERK_SECURE_COOKIES: 'yes' }, 'PERK_SECURE_COOKIES="yes": allowed: one of auto, on, off'],
  ])('refuses %j', (env, message) => {
    expect(() => readOperatorConfig(env)).toThrow(message);
  });
});
