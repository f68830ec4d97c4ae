import { isSupportedCountry } from 'libphonenumber-js/max';
import type { InFlightLimits } from './api/in-flight-limit.ts';
import { EnvReader } from './env-reader.ts';
import {
  type EventStreamConfig,
  readEventStreamConfig,
} from './event-stream/event-stream-config.ts';
import { type MindboxConfig, readMindboxConfig } from './mindbox/mindbox-config.ts';
import { type OperatorConfig, readOperatorConfig } from './operators/operator-config.ts';
import { defaultPgliteSharedBuffersMb } from './store/pglite-settings.ts';
import { defaultPreparedStatements } from './store/prepared-statements.ts';
import { readWalletConfig, type WalletConfig } from './wallet/wallet-config.ts';

/** Runtime configuration, read once from the environment. */
export interface PerkConfig {
  /** PostgreSQL connection string; when absent Perk runs on embedded PGlite. */
  databaseUrl: string | undefined;
  /** Connections to PostgreSQL this process keeps at most (one per transaction in flight). */
  databasePoolSize: number;
  /**
   * Distinct statement texts a node sends to PostgreSQL as named prepared statements (parsed
   * and planned once per connection); 0 sends every statement unnamed, as a pooler in
   * transaction mode without prepared-statement support needs.
   */
  databasePreparedStatements: number;
  /** Directory of the embedded database. */
  dataDir: string;
  /** The embedded database's shared buffers, in MB. */
  pgliteSharedBuffersMb: number;
  port: number;
  host: string;
  /** Country assumed for phone numbers written without an international prefix (ISO 3166 alpha-2). */
  defaultCountry: string;
  logLevel: LogLevel;
  /** Who may read `/metrics`; with neither a key nor a port it is not served. */
  metrics: MetricsConfig;
  /** The log of cart calculations that support reads back ("why no discount at 14:05?"). */
  calculationLog: { enabled: boolean; retentionDays: number };
  /** Every call made with an API key, masked, for support ("what did the till send at 14:05?"). */
  integrationLog: { enabled: boolean; retentionDays: number };
  /** Console operators: password hashing cost, session lifetimes, Secure cookies. */
  operators: OperatorConfig;
  /** How far ahead of the server's clock a check's business time may be. */
  futureToleranceSeconds: number;
  /** Delivery of outbox events to webhook subscriptions. */
  webhooks: WebhookConfig;
  /** Publishing of outbox events to NATS JetStream, when configured. */
  eventStream: EventStreamConfig | undefined;
  /** When a node refuses calls rather than queue them (see api/overload-guard.ts). */
  overload: OverloadConfig;
  /** How alert notices leave Perk (see src/alerts). */
  alerts: AlertsConfig;
  /** The Mindbox API v3 compatible endpoint: operation names and the default store. */
  mindbox: MindboxConfig;
  /** Apple and Google Wallet cards (see src/wallet and docs/wallet.md). */
  wallet: WalletConfig;
}

export interface AlertsConfig {
  /** `smtp://user:pass@host:port` or `smtps://…`; without it alert rules may not send e-mail. */
  smtpUrl: string | undefined;
  /** The From address of alert e-mails. */
  from: string;
  /** Tries of one notice before it is given up as dead. */
  maxAttempts: number;
  /** The pause after a notice's first failed try; it doubles per try up to an hour (seconds). */
  retryBaseSeconds: number;
  /** How long an SMTP server or a webhook receiver may take, in seconds. */
  timeoutSeconds: number;
}

export interface OverloadConfig {
  /** Mean event-loop delay over a sample, in ms, above which calls are refused; 0: never. */
  maxEventLoopDelayMs: number;
  /** What a refused call's Retry-After says, in seconds. */
  retryAfterSeconds: number;
  /** Calls to `/v1` served at once and waiting for a turn; beyond them refused (slots 0: never). */
  inFlight: InFlightLimits;
}

export interface WebhookConfig {
  /** Tries of one delivery before it is parked as dead. */
  maxAttempts: number;
  /** How long a receiver may take to answer, in seconds. */
  timeoutSeconds: number;
  /** The pause after the first failure; it doubles per try up to the cap (seconds). */
  retryBaseSeconds: number;
  retryCapSeconds: number;
  /** The pause between two looks for new events when there is nothing to send (ms). */
  pollMs: number;
  /** Days delivered deliveries and their events are kept (parked ones stay until delivered). */
  retentionDays: number;
}

export interface MetricsConfig {
  /** Scrapers send it as `Authorization: Bearer <key>`. */
  key: string | undefined;
  /** `/metrics` is served on this port of its own, and not on the API's. */
  port: number | undefined;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

// Long enough that guessing it is hopeless, short enough for any scraper's config.
const metricsKeyMinLength = 16;

/** PERK_DB_POOL_SIZE when unset. */
export const defaultDatabasePoolSize = 10;

/** PERK_OVERLOAD_DELAY_MS when unset on PostgreSQL. */
export const defaultOverloadDelayMs = 50;

/**
 * PERK_OVERLOAD_IN_FLIGHT to try on PostgreSQL (unset, the limit is off): two calls per core.
 * On a quiet 2-core machine at twice the calculate peak (bench/RESULTS.md, the sixth session's
 * in-flight slots), 4 slots kept 0.96–0.98× the peak answered with p99 68–72 ms where one per
 * pooled connection (10) let p99 reach 346 ms and 2–3 slots answered 0.65–0.72×; what a
 * calculation holds is mostly the node's own CPU. The bench's own runs read 0.36–0.75×. Off by
 * default: a commit holds its slot while it waits on the database, and no count has been
 * measured against commits yet.
 */
export const suggestedInFlightSlots = (cores: number): number => 2 * cores;

/**
 * PERK_OVERLOAD_IN_FLIGHT for an embedded database told to refuse past capacity: its one
 * connection runs one call's statements while the other call's pricing runs.
 */
export const embeddedInFlightSlots = 2;

/**
 * PERK_OVERLOAD_QUEUE_MS when unset: a wait a till does not notice, leaving most of a 50 ms p99
 * budget to the call itself.
 */
export const defaultOverloadQueueMs = 20;

/** No refusal for overload: for tests and benches that send many calls at once on purpose. */
export const overloadGuardOff: OverloadConfig = {
  maxEventLoopDelayMs: 0,
  retryAfterSeconds: 1,
  inFlight: { slots: 0, queueLength: 0, maxWaitMs: 1 },
};

/** PERK_FUTURE_TOLERANCE_SECONDS when unset: five minutes of till clock drift. */
export const defaultFutureToleranceSeconds = 300;

/** Reads every variable; throws `ConfigError` naming every bad one at once. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): PerkConfig {
  const vars = new EnvReader(env);
  const port = vars.wholeNumber('PORT', 8080, 1, 65535);
  const url = databaseUrl(vars);
  const poolSize = vars.wholeNumber('PERK_DB_POOL_SIZE', defaultDatabasePoolSize, 1, 1_000);
  const slots = vars.wholeNumber('PERK_OVERLOAD_IN_FLIGHT', 0, 0, 10_000);
  const config: PerkConfig = {
    databaseUrl: url,
    databasePoolSize: poolSize,
    databasePreparedStatements: vars.wholeNumber(
      'PERK_DB_PREPARED_STATEMENTS',
      defaultPreparedStatements,
      0,
      100_000,
    ),
    dataDir: vars.text('PERK_DATA_DIR') ?? './data',
    pgliteSharedBuffersMb: vars.wholeNumber(
      'PERK_PGLITE_SHARED_BUFFERS_MB',
      defaultPgliteSharedBuffersMb,
      1,
      2_048,
    ),
    port,
    host: vars.text('HOST') ?? '0.0.0.0',
    defaultCountry: defaultCountry(vars),
    logLevel: vars.oneOf('LOG_LEVEL', 'info', logLevels),
    metrics: { key: metricsKey(vars), port: metricsPort(vars, port) },
    calculationLog: {
      enabled: vars.oneOf('PERK_CALCULATION_LOG', 'off', ['on', 'off']) === 'on',
      retentionDays: vars.wholeNumber('PERK_CALCULATION_LOG_DAYS', 7, 1, 3650),
    },
    integrationLog: {
      enabled: vars.oneOf('PERK_INTEGRATION_LOG', 'on', ['on', 'off']) === 'on',
      retentionDays: vars.wholeNumber('PERK_INTEGRATION_LOG_DAYS', 7, 1, 3650),
    },
    operators: readOperatorConfig(vars),
    futureToleranceSeconds: vars.wholeNumber(
      'PERK_FUTURE_TOLERANCE_SECONDS',
      defaultFutureToleranceSeconds,
      0,
      86_400,
    ),
    webhooks: {
      maxAttempts: vars.wholeNumber('PERK_WEBHOOK_ATTEMPTS', 12, 1, 100),
      timeoutSeconds: vars.wholeNumber('PERK_WEBHOOK_TIMEOUT_SECONDS', 10, 1, 120),
      retryBaseSeconds: vars.wholeNumber('PERK_WEBHOOK_RETRY_SECONDS', 10, 1, 86_400),
      retryCapSeconds: vars.wholeNumber('PERK_WEBHOOK_RETRY_CAP_SECONDS', 3_600, 1, 604_800),
      pollMs: vars.wholeNumber('PERK_WEBHOOK_POLL_MS', 1_000, 50, 600_000),
      retentionDays: vars.wholeNumber('PERK_EVENTS_RETENTION_DAYS', 30, 1, 3650),
    },
    eventStream: readEventStreamConfig(vars),
    overload: {
      // On by default where a balancer can send a refused call to another node; a shop's one
      // embedded process has no other node, and its own first start (the demo) and nightly jobs
      // would only turn its own tills away.
      maxEventLoopDelayMs: vars.wholeNumber(
        'PERK_OVERLOAD_DELAY_MS',
        url ? defaultOverloadDelayMs : 0,
        0,
        60_000,
      ),
      retryAfterSeconds: vars.wholeNumber('PERK_OVERLOAD_RETRY_AFTER_SECONDS', 1, 1, 3600),
      inFlight: {
        slots,
        // As many waiting as served: a burst of up to twice the slots waits its turn.
        queueLength: vars.wholeNumber('PERK_OVERLOAD_QUEUE', slots, 0, 10_000),
        maxWaitMs: vars.wholeNumber('PERK_OVERLOAD_QUEUE_MS', defaultOverloadQueueMs, 1, 60_000),
      },
    },
    alerts: {
      smtpUrl: smtpUrl(vars),
      from: alertsFrom(vars),
      maxAttempts: vars.wholeNumber('PERK_ALERT_ATTEMPTS', 8, 1, 100),
      retryBaseSeconds: vars.wholeNumber('PERK_ALERT_RETRY_SECONDS', 60, 1, 86_400),
      timeoutSeconds: vars.wholeNumber('PERK_ALERT_TIMEOUT_SECONDS', 10, 1, 120),
    },
    mindbox: readMindboxConfig(vars),
    wallet: readWalletConfig(vars),
  };
  vars.finish();
  return config;
}

function smtpUrl(vars: EnvReader): string | undefined {
  const value = vars.text('PERK_SMTP_URL');
  if (value === undefined) return undefined;
  let parsed: URL | null = null;
  try {
    parsed = new URL(value);
  } catch {
    parsed = null;
  }
  if (parsed && ['smtp:', 'smtps:'].includes(parsed.protocol) && parsed.hostname) return value;
  vars.refuse(
    'PERK_SMTP_URL',
    withoutPassword(value),
    'smtp://user:password@host:port or smtps://…',
  );
  return undefined;
}

function alertsFrom(vars: EnvReader): string {
  const value = vars.text('PERK_ALERTS_FROM');
  if (value === undefined) return 'perk@localhost';
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(value)) return value;
  vars.refuse('PERK_ALERTS_FROM', value, 'an e-mail address, e.g. perk@shop.example');
  return 'perk@localhost';
}

function databaseUrl(vars: EnvReader): string | undefined {
  const value = vars.text('DATABASE_URL');
  if (value === undefined || /^postgres(ql)?:\/\/./i.test(value)) return value;
  // The value may carry a password: shown without what follows the scheme's user.
  vars.refuse('DATABASE_URL', withoutPassword(value), 'postgres://user@host:port/database');
  return undefined;
}

function withoutPassword(url: string): string {
  return url.replace(/^([^:/]*:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

function defaultCountry(vars: EnvReader): string {
  const value = vars.text('PERK_DEFAULT_COUNTRY');
  if (value === undefined) return 'RU';
  const code = value.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code)) return code;
  vars.refuse('PERK_DEFAULT_COUNTRY', value, 'a two-letter country code (ISO 3166), e.g. RU');
  return 'RU';
}

function metricsKey(vars: EnvReader): string | undefined {
  const value = vars.text('PERK_METRICS_KEY');
  if (value === undefined) return undefined;
  if (value.length >= metricsKeyMinLength && /^[\x21-\x7e]+$/.test(value)) return value;
  // A key is not echoed, even a bad one.
  vars.refuse(
    'PERK_METRICS_KEY',
    `(${value.length} characters)`,
    `at least ${metricsKeyMinLength} printable characters without spaces`,
  );
  return undefined;
}

function metricsPort(vars: EnvReader, apiPort: number): number | undefined {
  const port = vars.wholeNumber('PERK_METRICS_PORT', undefined, 1, 65535);
  if (port !== apiPort) return port;
  vars.refuse('PERK_METRICS_PORT', String(port), `a port other than PORT (${apiPort})`);
  return undefined;
}
