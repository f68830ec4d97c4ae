import { randomUUID } from 'node:crypto';
import { commandLineActor } from '../src/access/actor.ts';
import { createApiKey } from '../src/access/api-keys.ts';
import { buildApp, type PerkApp } from '../src/api/app.ts';
import { overloadGuardOff, readConfig } from '../src/config.ts';
import { adjustmentPostings } from '../src/ledger/postings.ts';
import { operationHash } from '../src/points/operations.ts';
import { PointsFrame } from '../src/points/points-frame.ts';
import type { Db } from '../src/store/database.ts';
import { countStatements, type StatementCounter } from '../src/store/statement-counter.ts';

/**
 * The case for counting statements: a programme with tiers (automatic upgrades), two
 * rule segments (one on the profile, one on purchases), one active purchase-count campaign, and
 * customers holding points. Requests go through the whole HTTP stack (`inject`) of an app built
 * on a counting handle, so a count is everything one request sends to the database.
 */
export interface StatementScenario {
  counter: StatementCounter;
  app: PerkApp;
  /** A till's key (role `pos`), for requests sent to a server on the same database. */
  posKey: string;
  /** Sends one request and answers its status, body and the statements it sent. */
  send(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; statements: readonly string[]; rows: readonly number[] }>;
  newCustomer(points: number): Promise<string>;
  /** A purchase body for `customerId`; `redeemPoints` 0 is an accrual-only check. */
  purchase(customerId: string, redeemPoints: number): object;
  /** Gives `customerId` `count` separate open lots of one point each (one adjustment). */
  addLots(customerId: string, count: number): Promise<void>;
  close(): Promise<void>;
}

let sequence = 0;

/** Sets the case up on a migrated `db` (setup requests are not counted). */
export async function startStatementScenario(db: Db): Promise<StatementScenario> {
  const counter = countStatements(db);
  // Set-up sends hundreds of saves in a row on purpose; refusals for overload would stop it.
  const config = {
    ...readConfig({}),
    logLevel: 'silent' as const,
    overload: overloadGuardOff,
    // Its batched INSERT, a second after the calls, would land in whichever call is counted then.
    integrationLog: { enabled: false, retentionDays: 1 },
  };
  const app = await buildApp({ db: counter.db, config });
  const admin = (await createApiKey(db, commandLineActor, { name: 'count admin', role: 'admin' }))
    .key;
  const pos = (await createApiKey(db, commandLineActor, { name: 'count pos', role: 'pos' })).key;
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
    key = admin,
  ) => {
    const answer = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const parsed = answer.body ? JSON.parse(answer.body) : undefined;
    if (answer.statusCode >= 400 && method !== 'GET' && key === admin)
      throw new Error(`${method} ${url} refused: ${answer.body}`);
    return { status: answer.statusCode, body: parsed };
  };
  await call('PUT', '/v1/stores/msk', {
    name: 'msk',
    region: 'RU',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  });
  await call('PUT', '/v1/categories', {
    categories: [{ id: 'dairy', name: 'Dairy', parentId: null }],
  });
  await call('PUT', '/v1/products', {
    products: [
      { sku: 'MILK', name: 'Milk', categoryId: 'dairy', brand: 'Cow' },
      { sku: 'BREAD', name: 'Bread' },
      { sku: 'CHEESE', name: 'Cheese', categoryId: 'dairy' },
    ],
  });
  await call('PATCH', '/v1/points/settings', {
    pendingDays: 0,
    accrualRateBp: 500,
    maxRedemptionShareBp: 5000,
    timeZone: 'Europe/Moscow',
  });
  await call('PUT', '/v1/tiers', {
    metric: 'spent_minor',
    period: { kind: 'calendar_year' },
    comparison: 'more_than',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [
      { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
      { id: 'gold', name: { ru: 'Золотой', en: 'Gold' }, threshold: 100_000_000 },
    ],
  });
  await call('POST', '/v1/segments', {
    id: 'women',
    name: 'Women',
    rule: { kind: 'gender', is: 'female' },
  });
  await call('POST', '/v1/segments', {
    id: 'dairy-buyers',
    name: 'Dairy buyers',
    rule: { kind: 'boughtCategory', categoryId: 'dairy', days: 30 },
  });
  const year = new Date().getUTCFullYear();
  await call('POST', '/v1/campaigns', {
    id: 'ten-checks',
    name: 'Ten checks',
    status: 'active',
    period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` },
    rule: { kind: 'purchase_count', count: 10, minAmountMinor: 1_000 },
    reward: { kind: 'points', points: 100 },
  });
  return {
    counter,
    app,
    posKey: pos,
    async send(method, url, body) {
      counter.reset();
      const answer = await call(method, url, body, pos);
      // The node's timed flushes (API call counts for alerts, the integration log's batches)
      // share the handle and may land during any request; they are no request's statements.
      const kept = counter
        .statements()
        .map((statement, i) => ({ statement, rows: counter.rows()[i] ?? 0 }))
        .filter(({ statement }) => !timedFlush.test(statement));
      return {
        ...answer,
        statements: kept.map((s) => s.statement),
        rows: kept.map((s) => s.rows),
      };
    },
    async newCustomer(points) {
      const created = await call('POST', '/v1/customers', {
        firstName: 'Анна',
        gender: 'female',
        identifiers: [{ kind: 'card', value: `COUNT${++sequence}X${Date.now()}` }],
      });
      if (points > 0) {
        await call('POST', `/v1/customers/${created.body.id}/points/adjustments`, {
          operationId: `count-${sequence}`,
          points,
          reason: 'bench',
        });
      }
      return created.body.id;
    },
    purchase(customerId, redeemPoints) {
      return {
        storeId: 'msk',
        transactionId: `count-${++sequence}`,
        customer: { id: customerId },
        ...(redeemPoints > 0 ? { redeemPoints } : {}),
        lines: [
          { lineId: '1', sku: 'MILK', unitPriceMinor: 8_990, quantity: 2 },
          { lineId: '2', sku: 'BREAD', unitPriceMinor: 4_500, quantity: 1 },
          { lineId: '3', sku: 'CHEESE', unitPriceMinor: 54_900, quantity: 1 },
        ],
      };
    },
    async addLots(customerId, count) {
      await db.transaction().execute(async (trx) => {
        const now = Date.now();
        const operationId = `lots-${customerId}-${++sequence}`;
        const frame = await PointsFrame.open(trx, customerId, now, false);
        const draws = Array.from({ length: count }, () => {
          const lotId = randomUUID();
          frame.addLot({
            lotId,
            customerId,
            source: 'adjustment',
            purchaseId: null,
            reason: 'bench',
            earnedAt: now,
            activatesAt: now,
            expiresAt: null,
            amount: 1,
            activated: true,
            operationKey: operationId,
          });
          return { lotId, points: 1 };
        });
        frame.post(operationId, adjustmentPostings('credit', draws, now, 'bench'));
        const input = { points: count, reason: 'bench' };
        frame.record(
          {
            key: operationId,
            kind: 'adjust',
            inputHash: operationHash('adjust', { customerId, input }),
            claimed: false,
          },
          { points: count },
        );
        await frame.write(trx);
      });
    },
    close: () => app.close(),
  };
}

const timedFlush = /^insert into "(api_call_counts|integration_log)"/;
