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

export function readOperatorConfig(env: NodeJS.ProcessEnv): OperatorConfig {
  return {
    passwordCost: wholeNumber('PERK_PASSWORD_COST', env.PERK_PASSWORD_COST, 17, 14, 20),
    sessionIdleMinutes: wholeNumber(
      'PERK_SESSION_IDLE_MINUTES',
      env.PERK_SESSION_IDLE_MINUTES,
      30,
      1,
      24 * 60,
    ),
    sessionMaxHours: wholeNumber('PERK_SESSION_MAX_HOURS', env.PERK_SESSION_MAX_HOURS, 12, 1, 720),
    secureCookies: secureCookies(env.PERK_SECURE_COOKIES),
  };
}

function wholeNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (!value) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(`${name} must be a whole number ${min}..${max}, got "${value}"`);
  }
  return number;
}

function secureCookies(value: string | undefined): OperatorConfig['secureCookies'] {
  const text = (value || 'auto').trim().toLowerCase();
  if (text !== 'auto' && text !== 'on' && text !== 'off') {
    throw new Error(`PERK_SECURE_COOKIES must be "auto", "on" or "off", got "${value}"`);
  }
  return text;
}
