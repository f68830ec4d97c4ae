import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';
import { ConfigError } from './env-reader.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('readConfig', () => {
  it('runs on defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      databasePoolSize: 10,
      dataDir: './data',
      port: 8080,
      host: '0.0.0.0',
      defaultCountry: 'RU',
      logLevel: 'info',
      metrics: { key: undefined, port: undefined },
    });
  });

  it('reads every variable', () => {
    const env = {
      DATABASE_URL: 'postgresql://perk@db:5432/perk',
      PERK_DB_POOL_SIZE: '24',
      PORT: '9000',
      LOG_LEVEL: 'DEBUG',
      PERK_DEFAULT_COUNTRY: 'kz',
      PERK_METRICS_KEY: 'scrape-0123456789',
      PERK_METRICS_PORT: '9100',
    };
    expect(readConfig(env)).toMatchObject({
      databaseUrl: 'postgresql://perk@db:5432/perk',
      databasePoolSize: 24,
      port: 9000,
      logLevel: 'debug',
      defaultCountry: 'KZ',
      metrics: { key: 'scrape-0123456789', port: 9100 },
    });
  });

  it('gives the embedded database 32 MB of shared buffers unless told, within 1–2048 MB', () => {
    expect(readConfig({}).pgliteSharedBuffersMb).toBe(32);
    expect(readConfig({ PERK_PGLITE_SHARED_BUFFERS_MB: '256' }).pgliteSharedBuffersMb).toBe(256);
    expect(() => readConfig({ PERK_PGLITE_SHARED_BUFFERS_MB: '4096' })).toThrow(
      /PERK_PGLITE_SHARED_BUFFERS_MB/,
    );
  });

  it('prepares up to 1 000 statement texts by default, none when told 0', () => {
    expect(readConfig({}).databasePreparedStatements).toBe(1_000);
    expect(readConfig({ PERK_DB_PREPARED_STATEMENTS: '0' }).databasePreparedStatements).toBe(0);
    expect(problemsOf({ PERK_DB_PREPARED_STATEMENTS: '-1' })).toHaveLength(1);
  });

  it('guards against overload by default on PostgreSQL only, and as told on either', () => {
    expect(readConfig({}).overload.maxEventLoopDelayMs).toBe(0);
    expect(
      readConfig({ DATABASE_URL: 'postgresql://perk@db:5432/perk' }).overload.maxEventLoopDelayMs,
    ).toBe(50);
    expect(readConfig({ PERK_OVERLOAD_DELAY_MS: '80' }).overload.maxEventLoopDelayMs).toBe(80);
    expect(
      readConfig({ DATABASE_URL: 'postgresql://perk@db:5432/perk', PERK_OVERLOAD_DELAY_MS: '0' })
        .overload.maxEventLoopDelayMs,
    ).toBe(0);
  });

  it('limits calls in flight only when told, with as many waiting and 20 ms by default', () => {
    const pg = 'postgresql://perk@db:5432/perk';
    expect(readConfig({}).overload.inFlight).toEqual({ slots: 0, queueLength: 0, maxWaitMs: 20 });
    expect(readConfig({ DATABASE_URL: pg }).overload.inFlight).toEqual({
      slots: 0,
      queueLength: 0,
      maxWaitMs: 20,
    });
    expect(readConfig({ PERK_OVERLOAD_IN_FLIGHT: '2' }).overload.inFlight).toEqual({
      slots: 2,
      queueLength: 2,
      maxWaitMs: 20,
    });
    expect(
      readConfig({ DATABASE_URL: pg, PERK_OVERLOAD_IN_FLIGHT: '24' }).overload.inFlight,
    ).toEqual({ slots: 24, queueLength: 24, maxWaitMs: 20 });
    expect(
      readConfig({
        DATABASE_URL: pg,
        PERK_OVERLOAD_IN_FLIGHT: '16',
        PERK_OVERLOAD_QUEUE: '0',
        PERK_OVERLOAD_QUEUE_MS: '35',
      }).overload.inFlight,
    ).toEqual({ slots: 16, queueLength: 0, maxWaitMs: 35 });
    // 0 slots: no limit (nothing waits either).
    expect(
      readConfig({ DATABASE_URL: pg, PERK_OVERLOAD_IN_FLIGHT: '0' }).overload.inFlight,
    ).toEqual({
      slots: 0,
      queueLength: 0,
      maxWaitMs: 20,
    });
    expect(
      problemsOf({
        PERK_OVERLOAD_IN_FLIGHT: '-1',
        PERK_OVERLOAD_QUEUE: 'many',
        PERK_OVERLOAD_QUEUE_MS: '0',
      }),
    ).toEqual([
      'PERK_OVERLOAD_IN_FLIGHT="-1": allowed: a whole number 0..10000',
      'PERK_OVERLOAD_QUEUE="many": allowed: a whole number 0..10000',
      'PERK_OVERLOAD_QUEUE_MS="0": allowed: a whole number 1..60000',
    ]);
  });

  it('counts an empty variable as unset', () => {
    expect(readConfig({ PORT: '', LOG_LEVEL: '', DATABASE_URL: '' })).toMatchObject({
      port: 8080,
      logLevel: 'info',
      databaseUrl: undefined,
    });
  });

  it('names every bad variable at once, one line each: name, value given, what is allowed', () => {
    const env = {
      DATABASE_URL: 'mysql://perk:s3cret@db/perk',
      PORT: '99999',
      LOG_LEVEL: 'verbose',
      PERK_DEFAULT_COUNTRY: 'Russia',
      PERK_METRICS_KEY: 'short',
      PERK_CALCULATION_LOG: 'yes',
      PERK_CALCULATION_LOG_DAYS: '1.5',
      PERK_PASSWORD_COST: '1e1',
      PERK_SECURE_COOKIES: 'always',
    };
    expect(problemsOf(env)).toEqual([
      'PORT="99999": allowed: a whole number 1..65535',
      'DATABASE_URL="mysql://perk:***@db/perk": allowed: postgres://user@host:port/database',
      'PERK_DEFAULT_COUNTRY="Russia": allowed: a two-letter country code (ISO 3166), e.g. RU',
      'LOG_LEVEL="verbose": allowed: one of fatal, error, warn, info, debug, trace, silent',
      'PERK_METRICS_KEY="(5 characters)": allowed: at least 16 printable characters without spaces',
      'PERK_CALCULATION_LOG="yes": allowed: one of on, off',
      'PERK_CALCULATION_LOG_DAYS="1.5": allowed: a whole number 1..3650',
      'PERK_PASSWORD_COST="1e1": allowed: a whole number 14..20',
      'PERK_SECURE_COOKIES="always": allowed: one of auto, on, off',
    ]);
  });

  it.each([
    [{ PORT: '0' }, 'PORT="0": allowed: a whole number 1..65535'],
    [{ PORT: ' 80x' }, 'PORT=" 80x": allowed: a whole number 1..65535'],
    [{ PORT: '0x50' }, 'PORT="0x50": allowed: a whole number 1..65535'],
    [
      { PERK_CALCULATION_LOG_DAYS: '0' },
      'PERK_CALCULATION_LOG_DAYS="0": allowed: a whole number 1..3650',
    ],
    [
      { PERK_DEFAULT_COUNTRY: 'XX' },
      'PERK_DEFAULT_COUNTRY="XX": allowed: a two-letter country code (ISO 3166), e.g. RU',
    ],
    [
      { PERK_METRICS_PORT: '8080' },
      'PERK_METRICS_PORT="8080": allowed: a port other than PORT (8080)',
    ],
    [{ PERK_METRICS_PORT: '70000' }, 'PERK_METRICS_PORT="70000": allowed: a whole number 1..65535'],
    [
      { PERK_METRICS_KEY: 'has spaces in the key' },
      'PERK_METRICS_KEY="(21 characters)": allowed: at least 16 printable characters without spaces',
    ],
  ])('refuses %j', (env, line) => {
    expect(problemsOf(env)).toEqual([line]);
  });
});

describe('perk with a bad configuration', () => {
  const run = promisify(execFile);
  const root = new URL('..', import.meta.url).pathname;

  it.each([['start'], ['keys', 'list']])(
    'perk %s prints one line per bad variable and exits with 2, without a stack trace',
    async (...args) => {
      const env = { ...process.env, LOG_LEVEL: 'loud', PORT: 'http', PERK_CALCULATION_LOG: '1' };
      const failed = await run(process.execPath, ['bin/perk.js', ...args], { cwd: root, env }).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stdout).toBe('');
      expect(failed?.stderr).toBe(
        [
          'PORT="http": allowed: a whole number 1..65535',
          'LOG_LEVEL="loud": allowed: one of fatal, error, warn, info, debug, trace, silent',
          'PERK_CALCULATION_LOG="1": allowed: one of on, off',
          '',
        ].join('\n'),
      );
    },
  );
});

describe('readConfig: future tolerance of business times', () => {
  it('is 300 s unless PERK_FUTURE_TOLERANCE_SECONDS says otherwise', () => {
    expect(readConfig({}).futureToleranceSeconds).toBe(300);
    expect(readConfig({ PERK_FUTURE_TOLERANCE_SECONDS: '0' }).futureToleranceSeconds).toBe(0);
    expect(readConfig({ PERK_FUTURE_TOLERANCE_SECONDS: '60' }).futureToleranceSeconds).toBe(60);
  });

  it.each(['-1', '1.5', 'soon', '86401'])('refuses %s', (value) => {
    expect(() => readConfig({ PERK_FUTURE_TOLERANCE_SECONDS: value })).toThrow(
      `PERK_FUTURE_TOLERANCE_SECONDS=${JSON.stringify(value)}: allowed: a whole number 0..86400`,
    );
  });
});

describe('readConfig: alerts', () => {
  it('reads the SMTP server and the sender, and refuses a bad one without echoing its password', () => {
    expect(
      readConfig({
        PERK_SMTP_URL: 'smtps://perk:secret@mail.shop.test:465',
        PERK_ALERTS_FROM: 'alerts@shop.test',
        PERK_ALERT_ATTEMPTS: '3',
      }).alerts,
    ).toEqual({
      smtpUrl: 'smtps://perk:secret@mail.shop.test:465',
      from: 'alerts@shop.test',
      maxAttempts: 3,
      retryBaseSeconds: 60,
      timeoutSeconds: 10,
    });
    expect(readConfig({}).alerts.smtpUrl).toBeUndefined();
    expect(
      problemsOf({
        PERK_SMTP_URL: 'http://perk:secret@mail.shop.test',
        PERK_ALERTS_FROM: 'nobody',
      }),
    ).toEqual([
      'PERK_SMTP_URL="http://perk:***@mail.shop.test": allowed: smtp://user:password@host:port or smtps://…',
      'PERK_ALERTS_FROM="nobody": allowed: an e-mail address, e.g. perk@shop.example',
    ]);
  });
});

describe('readConfig: NATS event stream', () => {
  it('publishes nowhere unless PERK_NATS_URL is set, then to PERK_EVENTS under perk.events', () => {
    expect(readConfig({}).eventStream).toBeUndefined();
    expect(
      readConfig({ PERK_NATS_URL: 'nats://10.0.0.5:4222, nats://10.0.0.6:4222' }).eventStream,
    ).toEqual({
      natsUrl: 'nats://10.0.0.5:4222, nats://10.0.0.6:4222',
      stream: 'PERK_EVENTS',
      subjectPrefix: 'perk.events',
      timeoutSeconds: 5,
    });
  });

  it('refuses a bad URL without its credentials, a stream name with a dot and a wildcard subject', () => {
    expect(
      problemsOf({
        PERK_NATS_URL: 'http://user:secret@nats.shop.test',
        PERK_NATS_STREAM: 'perk.events',
        PERK_NATS_SUBJECT: 'perk.*',
      }),
    ).toEqual([
      'PERK_NATS_STREAM="perk.events": allowed: letters, digits, _ and -, e.g. PERK_EVENTS',
      'PERK_NATS_SUBJECT="perk.*": allowed: dot-separated words, e.g. perk.events',
      'PERK_NATS_URL="http://***@nats.shop.test": allowed: nats://host:4222',
    ]);
  });
});
