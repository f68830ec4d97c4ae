import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { readConfig } from '../config.ts';
import { verifySignature } from '../webhooks/signature.ts';
import { startTestReceiver, type TestReceiver } from '../webhooks/test-receiver.ts';
import { CallCounter } from './call-counter.ts';
import { deliverAlerts } from './deliver-alerts.ts';
import { evaluateAlerts } from './evaluate-alerts.ts';

interface Mail {
  to: string[];
  raw: string;
}

let server: TestServer;
let receiver: TestReceiver;
let smtp: SMTPServer;
const mails: Mail[] = [];
const hour = 3_600_000;
const minute = 60_000;
// Business times of the suite, an hour apart, after the wall-clock time the promotions are saved.
const t0 = Math.ceil(Date.now() / hour) * hour + 2 * hour;
const iso = (at: number) => new Date(at).toISOString();
const secret = 'alert-secret-0123456789';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = await startTestReceiver();
  const defaults = readConfig({});
  server = await startTestServer({
    alerts: { ...defaults.alerts, smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'perk@shop.test' },
  });
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  const promotion = (id: string, name: string, sku: string, limits?: object) =>
    server.call('POST', '/v1/promotions', {
      body: {
        id,
        name,
        status: 'active',
        stacking: { groupId: 'default', priority: id === 'coffee' ? 1 : 2, exclusive: false },
        mechanic: { kind: 'amount-off', scope: { skus: [sku] }, amountMinor: 15_000, per: 'line' },
        ...(limits ? { limits } : {}),
      },
    });
  expect((await promotion('coffee', 'Coffee −150', 'COFFEE', { budgetMinor: 20_000 })).status).toBe(
    201,
  );
  expect((await promotion('tea', 'Tea −150', 'TEA')).status).toBe(201);
});

afterAll(async () => {
  await server.close();
  await receiver.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const createRule = (body: object, key?: string) =>
  server.call('POST', '/v1/watch/alerts/rules', { body, ...(key ? { key } : {}) });
const runAlerts = (at: number) =>
  server.call('POST', '/v1/jobs/alerts/run', { body: { businessTime: iso(at) } });
const history = async (ruleId: string) =>
  (await server.call('GET', `/v1/watch/alerts?ruleId=${ruleId}`)).body.items;

/** A header's value, unfolded, with its MIME encoded words decoded. */
function header(raw: string, name: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  const value = (line ?? '').slice(name.length + 1).trim();
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuoted(text.replaceAll('_', ' ')),
    );
}

function decodeQuoted(text: string): string {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i += 1) {
    if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(source.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The plain-text body of a one-part message, decoded. */
function body(raw: string): string {
  const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const encoding = header(raw, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(text, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuoted(text);
  return text;
}

describe('alert rules', () => {
  it('are refused with every field at fault, and nothing is saved', async () => {
    const answer = await createRule({
      name: 'bad',
      kind: 'integration_failures',
      params: { windowMinutes: 0, failurePercent: 101, bogus: 1 },
      emails: [],
      webhook: { url: 'ftp://example.test/hook' },
      language: 'en',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/params/bogus', 'unknown_field'],
      ['/params/windowMinutes', 'out_of_range'],
      ['/params/failurePercent', 'out_of_range'],
      ['/webhook/url', 'invalid_webhook_url'],
    ]);
    const neither = await createRule({
      name: 'silent',
      kind: 'budget_used',
      language: 'ru',
      emails: ['a@shop.test', 'A@shop.test'],
    });
    expect(neither.body.errors).toEqual([
      expect.objectContaining({ field: '/emails', code: 'duplicate_email' }),
    ]);
    const noChannel = await createRule({ name: 'silent', kind: 'budget_used', language: 'ru' });
    expect(noChannel.body).toMatchObject({ code: 'no_channel', field: '/emails' });
    expect(await server.call('GET', '/v1/watch/alerts/rules')).toMatchObject({
      body: { items: [] },
    });
  });

  it('save with defaults, replace under If-Match, leave an audit entry, never show the secret', async () => {
    const created = await createRule(
      {
        name: 'Budgets',
        kind: 'budget_used',
        params: {},
        webhook: { url: receiver.url, secret },
        language: 'en',
      },
      server.keys.analyst,
    );
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    expect(created.body).toMatchObject({
      kind: 'budget_used',
      params: { percent: 80 },
      emails: [],
      webhook: { url: receiver.url, hasSecret: true },
      throttleMinutes: 60,
      active: true,
      revision: 1,
    });
    expect(JSON.stringify(created.body)).not.toContain(secret);
    const path = `/v1/watch/alerts/rules/${created.body.id}`;
    const replaced = await server.call('PUT', path, {
      headers: { 'if-match': '"1"' },
      body: { ...pick(created.body), params: { percent: 70 }, webhook: { url: receiver.url } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      params: { percent: 70 },
      revision: 2,
      webhook: { hasSecret: true },
    });
    const stale = await server.call('PUT', path, {
      headers: { 'if-match': '"1"' },
      body: { ...pick(created.body), active: false },
    });
    expect(stale.status).toBe(412);
    expect((await server.call('GET', path)).body.active).toBe(true);
    const audit = await server.call(
      'GET',
      `/v1/audit?entityType=alert_rule&entityId=${created.body.id}`,
    );
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'alert_rule.update',
      'alert_rule.create',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(secret);
    expect((await createRule({ ...pick(created.body) }, server.keys.pos)).status).toBe(403);
    // Put back out of the way of the kinds below.
    await server.call('PUT', path, { body: { ...pick(created.body), active: false } });
  });
});

function pick(rule: Record<string, unknown>) {
  const { name, kind, params, emails, language, throttleMinutes, active } = rule;
  const webhook = rule.webhook as { url: string } | null;
  return {
    name,
    kind,
    params,
    emails,
    language,
    throttleMinutes,
    active,
    webhook: webhook ? { url: webhook.url } : null,
  };
}

describe('each kind at a business time, with exact figures', () => {
  it('budget used: 150.00 of a 200.00 budget is 75%, over a 70% rule and under an 80% one', async () => {
    const at70 = await createRule({
      name: 'b70',
      kind: 'budget_used',
      params: { percent: 70 },
      webhook: { url: receiver.url },
      language: 'en',
    });
    const at80 = await createRule({
      name: 'b80',
      kind: 'budget_used',
      params: { percent: 80 },
      webhook: { url: receiver.url },
      language: 'en',
    });
    const sold = await server.call('POST', '/v1/purchases', {
      key: server.keys.pos,
      body: {
        storeId: 'msk',
        transactionId: 'coffee-1',
        at: iso(t0 - 30 * minute),
        lines: [{ lineId: '1', sku: 'COFFEE', unitPriceMinor: 50_000, quantity: 1 }],
      },
    });
    expect(sold.body.discountMinor).toBe(15_000);
    const run = await runAlerts(t0);
    expect(run.body.outcome).toBe('succeeded');
    const [incident] = await history(at70.body.id);
    expect(incident).toMatchObject({
      subject: 'coffee:money',
      details: {
        promotionId: 'coffee',
        unit: 'money',
        budget: 20_000,
        spent: 15_000,
        usedPercent: 75,
      },
      text: { en: 'Promotion "Coffee −150" has used 75% of its budget: 15000 of 20000 kopecks' },
      closedAt: null,
    });
    expect(await history(at80.body.id)).toEqual([]);
    await deactivate(at70.body);
    await deactivate(at80.body);
  });

  it('promotion idle: tea, never bought, is idle for an hour; coffee, bought 30 min before, is not', async () => {
    const rule = await createRule({
      name: 'idle',
      kind: 'promotion_idle',
      params: { hours: 1 },
      webhook: { url: receiver.url },
      language: 'ru',
    });
    await runAlerts(t0);
    const items = await history(rule.body.id);
    expect(items.map((i: { subject: string }) => i.subject)).toEqual(['tea']);
    expect(items[0].text.ru).toBe('Акция «Tea −150» не применилась ни разу за 1 ч');
    await deactivate(rule.body);
  });

  it('integration failures: 6 of 20 calls failed (30%) in the window fires at 25%; 3 of 30 does not', async () => {
    const rule = await createRule({
      name: 'calls',
      kind: 'integration_failures',
      params: { windowMinutes: 10, minCalls: 20, failurePercent: 25 },
      webhook: { url: receiver.url },
      language: 'en',
    });
    const keys = await server.db
      .selectFrom('api_keys')
      .select(['id', 'name'])
      .orderBy('name')
      .execute();
    const [first, second] = keys;
    await server.db
      .insertInto('api_call_counts')
      .values([
        { key_id: first?.id ?? '', minute: new Date(t0 - 5 * minute), calls: 12, failures: 4 },
        { key_id: first?.id ?? '', minute: new Date(t0 - 2 * minute), calls: 8, failures: 2 },
        // Outside the window: not counted.
        { key_id: first?.id ?? '', minute: new Date(t0 - 11 * minute), calls: 50, failures: 50 },
        { key_id: second?.id ?? '', minute: new Date(t0 - 3 * minute), calls: 30, failures: 3 },
      ])
      .execute();
    await runAlerts(t0);
    const [incident, ...rest] = await history(rule.body.id);
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({
      subject: first?.id,
      details: { keyName: first?.name, calls: 20, failures: 6, percent: 30 },
      text: { en: `Key "${first?.name}": 6 of 20 calls in 10 min failed (30%)` },
    });
    await deactivate(rule.body);
  });

  it('liability growth: points accrued before the period, and half as many again within it, is 50%', async () => {
    const rule = await createRule({
      name: 'liability',
      kind: 'liability_growth',
      params: { periodHours: 1, growthPercent: 50 },
      webhook: { url: receiver.url },
      language: 'en',
    });
    const customer = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'ALERT0001' }] },
    });
    const buy = async (transactionId: string, at: number, priceMinor: number) => {
      const answer = await server.call('POST', '/v1/purchases', {
        key: server.keys.pos,
        body: {
          storeId: 'msk',
          transactionId,
          at: iso(at),
          customer: { id: customer.body.id },
          lines: [{ lineId: '1', sku: 'MILK', unitPriceMinor: priceMinor, quantity: 1 }],
        },
      });
      expect(answer.status).toBe(201);
      return answer.body.accruedPoints as number;
    };
    const before = await buy('milk-1', t0 - 2 * hour, 100_000);
    const within = await buy('milk-2', t0 - 30 * minute, 50_000);
    // 3% of 1 000.00 and of 500.00.
    expect([before, within]).toEqual([30, 15]);
    await runAlerts(t0);
    expect(await history(rule.body.id)).toEqual([
      expect.objectContaining({
        subject: 'programme',
        details: { beforePoints: 30, afterPoints: 45, growthPercent: 50, periodHours: 1 },
        text: {
          ru: 'Обязательства по баллам выросли на 50% за 1 ч: с 30 до 45',
          en: 'Points liability grew by 50% in 1 h: from 30 to 45',
        },
      }),
    ]);
    await deactivate(rule.body);
  });

  it('failed jobs: the latest failed run of a job and a failed backtest; a later success closes the job', async () => {
    const rule = await createRule({
      name: 'jobs',
      kind: 'job_failed',
      params: { lookbackHours: 2 },
      webhook: { url: receiver.url },
      language: 'en',
    });
    const jobRun = (startedAt: number, outcome: 'failed' | 'succeeded') => ({
      job_name: 'segment-recompute',
      trigger: 'schedule' as const,
      business_time: new Date(startedAt),
      started_at: new Date(startedAt),
      finished_at: new Date(startedAt + 1000),
      outcome,
      error: outcome === 'failed' ? 'disk full' : null,
    });
    await server.db
      .insertInto('job_runs')
      .values(jobRun(t0 - hour, 'failed'))
      .execute();
    await server.db
      .insertInto('backtest_runs')
      .values({
        id: '6f1f1c0e-0000-4000-8000-000000000001',
        status: 'failed',
        request: '{}',
        requested_by: 'test',
        checks_total: 0,
        error: 'draft did not compile',
        created_at: new Date(t0 - hour),
        finished_at: new Date(t0 - 50 * minute),
      })
      .execute();
    await runAlerts(t0);
    expect(
      (await history(rule.body.id)).map((i: { subject: string; text: { en: string } }) => [
        i.subject,
        i.text.en,
      ]),
    ).toEqual([
      [
        'backtest:6f1f1c0e-0000-4000-8000-000000000001',
        'Backtest 6f1f1c0e-0000-4000-8000-000000000001 failed: draft did not compile',
      ],
      ['job:segment-recompute', 'Job segment-recompute failed: disk full'],
    ]);
    await server.db
      .insertInto('job_runs')
      .values(jobRun(t0 + 10 * minute, 'succeeded'))
      .execute();
    await runAlerts(t0 + 20 * minute);
    const [backtest, job] = await history(rule.body.id);
    expect(backtest.closedAt).toBeNull();
    expect(job.closedAt).toBe(iso(t0 + 20 * minute));
    await deactivate(rule.body);
  });

  it('watch conflict: the errors of the latest nightly run, not its warnings unless asked', async () => {
    const errors = await createRule({
      name: 'conflicts',
      kind: 'watch_conflict',
      params: {},
      webhook: { url: receiver.url },
      language: 'en',
    });
    const finding = (cause: string, severity: string, ids: string[]) => ({
      kind: 'overlap',
      cause,
      severity,
      promotionIds: ids,
      example: null,
      details: {},
      text: { ru: `ru ${cause}`, en: `en ${cause}` },
    });
    await server.db
      .insertInto('watch_runs')
      .values({
        analyzed_at: new Date(t0 - hour),
        promotions: 2,
        findings: JSON.stringify([
          finding('stacked', 'error', ['coffee', 'tea']),
          finding('suppressed', 'warning', ['tea', 'coffee']),
        ]),
      })
      .execute();
    await runAlerts(t0);
    expect((await history(errors.body.id)).map((i: { subject: string }) => i.subject)).toEqual([
      'stacked:coffee+tea',
    ]);
    await deactivate(errors.body);
  });
});

async function deactivate(rule: Record<string, unknown>) {
  const answer = await server.call('PUT', `/v1/watch/alerts/rules/${rule.id}`, {
    body: { ...pick(rule), active: false },
  });
  expect(answer.status).toBe(200);
}

describe('dedupe, throttle, close, and delivery', () => {
  it('opens once, reminds once per throttle, closes when clear; e-mail in Russian, signed webhook', async () => {
    mails.length = 0;
    receiver.received.length = 0;
    const rule = await createRule({
      name: 'Бюджет кофе',
      kind: 'budget_used',
      params: { percent: 75 },
      emails: ['ops@shop.test', 'cfo@shop.test'],
      webhook: { url: receiver.url, secret },
      language: 'ru',
      throttleMinutes: 30,
    });
    expect(rule.status).toBe(201);
    await runAlerts(t0);
    // Within the throttle: no notice; past it: one reminder; the same time again: none more.
    await runAlerts(t0 + 10 * minute);
    await runAlerts(t0 + 30 * minute);
    await runAlerts(t0 + 30 * minute);
    const [incident, ...others] = await history(rule.body.id);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      openedAt: iso(t0),
      lastNotifiedAt: iso(t0 + 30 * minute),
      closedAt: null,
    });
    expect(
      incident.deliveries.map((d: { notice: string; channel: string; status: string }) => [
        d.notice,
        d.channel,
        d.status,
      ]),
    ).toEqual([
      ['opened', 'email', 'sent'],
      ['opened', 'webhook', 'sent'],
      ['reminder', 'email', 'sent'],
      ['reminder', 'webhook', 'sent'],
    ]);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.to).toEqual(['ops@shop.test', 'cfo@shop.test']);
    const raw = mails[0]?.raw ?? '';
    expect(header(raw, 'From')).toBe('perk@shop.test');
    expect(header(raw, 'Subject')).toBe(
      '[Perk] Бюджет кофе (новое): Акция «Coffee −150» израсходовала 75% бюджета: 15000 из 20000 коп.',
    );
    expect(body(raw)).toContain('Правило: Бюджет кофе — Бюджет акции израсходован');
    expect(header(mails[1]?.raw ?? '', 'Subject')).toContain('(всё ещё действует)');
    expect(receiver.received).toHaveLength(2);
    const hook = receiver.received[0];
    const signature = String(hook?.headers['perk-signature']);
    expect(
      verifySignature(signature, hook?.body ?? '', secret, Math.floor(Date.now() / 1000)),
    ).toBe(true);
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({
      type: 'alert.opened',
      rule: { id: rule.body.id, kind: 'budget_used' },
      incident: { id: incident.id, subject: 'coffee:money', details: { usedPercent: 75 } },
    });
    // The budget grows: the condition clears and the incident closes, without a notice.
    await server.db
      .updateTable('promotions')
      .set({ definition: await budgetOf(40_000) })
      .where('id', '=', 'coffee')
      .execute();
    await runAlerts(t0 + 40 * minute);
    const [closed] = await history(rule.body.id);
    expect(closed.closedAt).toBe(iso(t0 + 40 * minute));
    expect(mails).toHaveLength(2);
    // True again: a new incident, notified at once.
    await server.db
      .updateTable('promotions')
      .set({ definition: await budgetOf(20_000) })
      .where('id', '=', 'coffee')
      .execute();
    await runAlerts(t0 + 41 * minute);
    const reopened = await history(rule.body.id);
    expect(reopened.map((i: { closedAt: string | null }) => i.closedAt)).toEqual([
      null,
      iso(t0 + 40 * minute),
    ]);
    expect(mails).toHaveLength(3);
    // Each opening and closing is an outbox event too, for webhooks subscribed to `alert.*`.
    const events = await server.db
      .selectFrom('domain_events')
      .select(['type', 'occurred_at', 'payload'])
      .where('type', 'like', 'alert.%')
      .where(sql<boolean>`payload->>'ruleId' = ${rule.body.id}`)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.type, e.occurred_at.toISOString()])).toEqual([
      ['alert.opened', iso(t0)],
      ['alert.closed', iso(t0 + 40 * minute)],
      ['alert.opened', iso(t0 + 41 * minute)],
    ]);
    expect(events[1]?.payload).toMatchObject({
      incidentId: closed.id,
      kind: 'budget_used',
      subject: 'coffee:money',
      details: { usedPercent: 75 },
    });
    await deactivate(rule.body);
  });

  it('a failing receiver is recorded, retried with backoff and given up after the last try; the job never fails', async () => {
    receiver.received.length = 0;
    receiver.answer = () => 503;
    const rule = await createRule({
      name: 'retry',
      kind: 'budget_used',
      params: { percent: 75 },
      webhook: { url: receiver.url },
      language: 'en',
    });
    const at = new Date(t0);
    const counts = await evaluateAlerts(server.db, at, at);
    expect(counts).toMatchObject({ opened: 1 });
    const options = {
      maxAttempts: 3,
      backoff: { baseMs: 1000, capMs: 10_000 },
      leaseMs: 5000,
      random: () => 0,
    };
    const sender = (await import('./alert-sender.ts')).alertSender(readConfig({}).alerts);
    expect(await deliverAlerts(server.db, sender, at, options)).toEqual({
      sent: 0,
      failed: 1,
      dead: 0,
    });
    // Backoff: the second try is due 500 ms later (half of 1 s, no jitter), not before.
    expect(await deliverAlerts(server.db, sender, new Date(t0 + 499), options)).toEqual({
      sent: 0,
      failed: 0,
      dead: 0,
    });
    expect(await deliverAlerts(server.db, sender, new Date(t0 + 500), options)).toEqual({
      sent: 0,
      failed: 1,
      dead: 0,
    });
    expect(await deliverAlerts(server.db, sender, new Date(t0 + 10_000), options)).toEqual({
      sent: 0,
      failed: 0,
      dead: 1,
    });
    expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 503]);
    const [incident] = await history(rule.body.id);
    expect(incident.deliveries).toEqual([
      expect.objectContaining({
        channel: 'webhook',
        status: 'dead',
        attempts: 3,
        lastError: 'HTTP 503',
      }),
    ]);
    receiver.answer = () => 204;
    await deactivate(rule.body);
  });
});

describe('counting calls per key', () => {
  it('adds a node memory counts to the table in one write per flush, summing across flushes', async () => {
    const counter = new CallCounter();
    const at = Date.UTC(2026, 0, 1, 10, 0, 30);
    counter.record('key-1', 200, at);
    counter.record('key-1', 500, at + 1000);
    counter.record('key-1', 404, at + 60_000);
    expect(await counter.flush(server.db)).toBe(2);
    counter.record('key-1', 201, at);
    expect(await counter.flush(server.db)).toBe(1);
    expect(await counter.flush(server.db)).toBe(0);
    const rows = await server.db
      .selectFrom('api_call_counts')
      .select(['minute', 'calls', 'failures'])
      .where('key_id', '=', 'key-1')
      .orderBy('minute')
      .execute();
    expect(rows.map((r) => [r.minute.toISOString(), r.calls, r.failures])).toEqual([
      ['2026-01-01T10:00:00.000Z', 3, 1],
      ['2026-01-01T10:01:00.000Z', 1, 1],
    ]);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    const counter = new CallCounter();
    const at = Date.UTC(2026, 0, 2, 10, 0, 0);
    counter.record('key-2', 503, at);
    counter.record('key-2', 200, at);
    // A schema that does not exist: the write fails as a lost connection would.
    await expect(counter.flush(server.db.withSchema('nowhere'))).rejects.toThrow();
    counter.record('key-2', 200, at);
    expect(await counter.flush(server.db)).toBe(1);
    const row = await server.db
      .selectFrom('api_call_counts')
      .select(['calls', 'failures'])
      .where('key_id', '=', 'key-2')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ calls: 3, failures: 1 });
  });

  it('the API counts each answer to a key, failures apart, and writes them within seconds', async () => {
    for (let i = 0; i < 3; i += 1)
      await server.call('GET', '/v1/promotions/none', { key: server.keys.web });
    await server.call('GET', '/v1/stores', { key: server.keys.web });
    const key = await server.db
      .selectFrom('api_keys')
      .select('id')
      .where('name', '=', 'test web')
      .executeTakeFirstOrThrow();
    let sums = { calls: 0, failures: 0 };
    for (let tries = 0; tries < 40 && sums.calls < 4; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const rows = await server.db
        .selectFrom('api_call_counts')
        .select(['calls', 'failures'])
        .where('key_id', '=', key.id)
        .execute();
      sums = rows.reduce(
        (s, r) => ({ calls: s.calls + r.calls, failures: s.failures + r.failures }),
        { calls: 0, failures: 0 },
      );
    }
    expect(sums).toEqual({ calls: 4, failures: 3 });
  });
});

async function budgetOf(budgetMinor: number) {
  const row = await server.db
    .selectFrom('promotions')
    .select('definition')
    .where('id', '=', 'coffee')
    .executeTakeFirstOrThrow();
  return JSON.stringify({ ...(row.definition as object), limits: { budgetMinor } });
}
