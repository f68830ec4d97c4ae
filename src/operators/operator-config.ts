import type { EnvReader } from '../env-reader.ts';

/** How operators' passwords are hashed and how long their console sessions last. */
export interface OperatorConfig {
  /** log2 of scrypt's cost N for new password hashes (17, OWASP's choice: 128 MiB a hash). */
  passwordCost: number;
  /** A session unused this long ends. */
  sessionIdleMinutes: number;
  /** A session ends this long after login, however busy. */
  sessionMaxHours: number;
  /** `auto`: the cookie is Secure when the request came over HTTPS (see trustProxy). */
  secureCookies: 'auto' | 'on' | 'off';
}

/** Bad values are noted on `vars`, which refuses them together with the rest of the config. */
export function readOperatorConfig(vars: EnvReader): OperatorConfig {
  return {
    passwordCost: vars.wholeNumber('PERK_PASSWORD_COST', 17, 14, 20),
    sessionIdleMinutes: vars.wholeNumber('PERK_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: vars.wholeNumber('PERK_SESSION_MAX_HOURS', 12, 1, 720),
    secureCookies: vars.oneOf('PERK_SECURE_COOKIES', 'auto', ['auto', 'on', 'off']),
  };
}
