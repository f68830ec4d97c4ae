import { type OperatorConfig, readOperatorConfig } from './operators/operator-config.ts';

/** Runtime configuration, read once from the environment. */
export interface PerkConfig {
  /** PostgreSQL connection string; when absent Perk runs on embedded PGlite. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database. */
  dataDir: string;
  port: number;
  host: string;
  /** Country assumed for phone numbers written without an international prefix (ISO 3166 alpha-2). */
  defaultCountry: string;
  logLevel: string;
  /** The log of cart calculations that support reads back ("why no discount at 14:05?"). */
  calculationLog: { enabled: boolean; retentionDays: number };
  /** Console operators: password hashing cost, session lifetimes, Secure cookies. */
  operators: OperatorConfig;
  /** How far ahead of the server's clock a check's business time may be. */
  futureToleranceSeconds: number;
}

/** PERK_FUTURE_TOLERANCE_SECONDS when unset: five minutes of till clock drift. */
export const defaultFutureToleranceSeconds = 300;

export function readConfig(env: NodeJS.ProcessEnv = process.env): PerkConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.PERK_DATA_DIR || './data',
    port: parsePort(env.PORT),
    host: env.HOST || '0.0.0.0',
    defaultCountry: (env.PERK_DEFAULT_COUNTRY || 'RU').toUpperCase(),
    logLevel: env.LOG_LEVEL || 'info',
    calculationLog: {
      enabled: parseSwitch('PERK_CALCULATION_LOG', env.PERK_CALCULATION_LOG),
      retentionDays: parseDays('PERK_CALCULATION_LOG_DAYS', env.PERK_CALCULATION_LOG_DAYS, 7),
    },
    operators: readOperatorConfig(env),
    futureToleranceSeconds: parseSeconds(
      'PERK_FUTURE_TOLERANCE_SECONDS',
      env.PERK_FUTURE_TOLERANCE_SECONDS,
      defaultFutureToleranceSeconds,
    ),
  };
}

function parsePort(value: string | undefined): number {
  if (!value) return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0..65535, got "${value}"`);
  }
  return port;
}

function parseSwitch(name: string, value: string | undefined): boolean {
  const text = (value || 'off').trim().toLowerCase();
  if (text !== 'on' && text !== 'off')
    throw new Error(`${name} must be "on" or "off", got "${value}"`);
  return text === 'on';
}

function parseSeconds(name: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new Error(`${name} must be a whole number of seconds 0..86400, got "${value}"`);
  }
  return seconds;
}

function parseDays(name: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`${name} must be a positive whole number of days, got "${value}"`);
  }
  return days;
}
