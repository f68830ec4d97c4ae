import { type ChildProcess, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/store/database.ts';
import { perkRoot, serverStorage, startServerProcess } from './server-process.ts';

// Three real Perk servers on one PostgreSQL database and a client spreading its requests over
// them. PostgreSQL only (vitest.config.ts, postgresOnly): an embedded database is held by one
// process, so there is no second node to run.
const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
const nodes: ChildProcess[] = [];
let db: Db;
let key: string;
const firstPort = 23_000 + (process.pid % 5_000) * 3;
const ports = [firstPort, firstPort + 1, firstPort + 2];

beforeAll(async () => {
  const env = await serverStorage('multi-node', cleanups);
  key = (
    await run(
      process.execPath,
      ['bin/perk.js', 'keys', 'create', '--role', 'admin', '--name', 'multi-node'],
      {
        cwd: perkRoot,
        env: { ...process.env, ...env },
      },
    )
  ).stdout
    .trim()
    .split('\n')
    .at(-1) as string;
  // Started together, so their first passes over the due jobs race each other.
  nodes.push(...(await Promise.all(ports.map((port) => startServerProcess(env, port)))));
  db = openDatabase({ kind: 'postgres', url: env.DATABASE_URL as string, poolSize: 2 });
  await call(0, 'PUT', '/v1/stores/msk', {
    name: 'msk',
    region: 'RU',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(
    nodes.map((node) => {
      const exited = new Promise((resolve) => node.once('exit', resolve));
      node.kill('SIGTERM');
      return exited;
    }),
  );
  await db?.destroy();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A request to node 0, 1 or 2. */
function call(node: number, method: string, path: string, body?: unknown) {
  return fetch(`http://127.0.0.1:${ports[node]}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

async function discountOn(node: number): Promise<number> {
  const answer = await call(node, 'POST', '/v1/carts/calculate', {
    storeId: 'msk',
    lines: [{ lineId: '1', sku: 'TEA', unitPriceMinor: 10_000, quantity: 1 }],
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { discountMinor: number }).discountMinor;
}

describe('three nodes on one PostgreSQL', () => {
  it('spreads failed coupon lookups over the nodes and still refuses the 21st of one key', async () => {
    // 20 unknown codes in a burst per API key, then one forgiven every 6 s (couponLookupRule).
    // Sent at once, so the burst is over well before a failure is forgiven; each is counted by
    // one atomic upsert, whichever node takes it.
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const answer = await call(i % 3, 'POST', '/v1/coupons/check', {
          storeId: 'msk',
          codes: [`NOSUCHCODE${i}`],
        });
        return answer.status;
      }),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    for (const node of [0, 1, 2]) {
      const refused = await call(node, 'POST', '/v1/coupons/check', {
        storeId: 'msk',
        codes: ['NOSUCHCODE20'],
      });
      expect(refused.status).toBe(429);
      // 6 s after the burst's first failure, less the seconds the burst took.
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(6);
    }
  });

  it('spreads wrong gift-card PINs over the nodes and refuses the 6th on every node', async () => {
    // 5 in a burst per card and per API key, then 1 a minute (pinRule); a malformed number counts.
    const balance = (node: number) =>
      call(node, 'POST', '/v1/gift-cards/balance', { number: '1234567890123456', pin: '000000' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await balance(i % 3)).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    for (const node of [0, 1, 2]) {
      const refused = await balance(node);
      expect(refused.status).toBe(429);
      // A minute after the first failure, less the seconds the five took.
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(50);
      expect(wait).toBeLessThanOrEqual(60);
    }
  });

  it('runs each due job once across the three nodes', async () => {
    const jobs = await db.selectFrom('job_schedule').select('name').execute();
    expect(jobs.length).toBeGreaterThan(0);
    const runsByJob = async (since: Date) => {
      const rows = await db
        .selectFrom('job_runs')
        .select(['job_name'])
        .select((eb) => eb.fn.countAll<number>().as('runs'))
        .where('trigger', '=', 'schedule')
        .where('started_at', '>=', since)
        .groupBy('job_name')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.job_name, Number(row.runs)]));
    };
    // Every node polls every 10 s: wait for a run of every job, then a whole poll more for any
    // second one.
    const everyJobRan = async (since: Date) => {
      const started = Date.now();
      while (Object.keys(await runsByJob(since)).length < jobs.length) {
        expect(Date.now() - started).toBeLessThan(30_000);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      return runsByJob(since);
    };
    const once = Object.fromEntries(jobs.map((job) => [job.name, 1]));
    // The first passes of three nodes started together: each job was due once.
    expect(await everyJobRan(new Date(0))).toEqual(once);
    const dueAgain = new Date();
    await db.updateTable('job_schedule').set({ next_due_at: dueAgain }).execute();
    expect(await everyJobRan(dueAgain)).toEqual(once);
  }, 90_000);
  it('applies a promotion created on node A on B and C within a second', async () => {
    // Every node has compiled the ruleset without it, so a stale node would keep answering 0.
    expect(await Promise.all([0, 1, 2].map(discountOn))).toEqual([0, 0, 0]);
    const created = await call(0, 'POST', '/v1/promotions', {
      id: 'tea-15',
      name: '−15% on tea',
      status: 'active',
      stacking: { groupId: 'default', priority: 10, exclusive: false },
      mechanic: { kind: 'percent-off', scope: { skus: ['TEA'] }, percentBp: 1500 },
    });
    expect(created.status).toBe(201);
    const savedAt = Date.now();
    const seenAfterMs = await Promise.all(
      [1, 2].map(async (node) => {
        while ((await discountOn(node)) !== 1_500) {
          if (Date.now() - savedAt > 1_000) return Number.POSITIVE_INFINITY;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return Date.now() - savedAt;
      }),
    );
    console.info(`promotion seen on nodes B and C after ${seenAfterMs.join(' and ')} ms`);
    expect(seenAfterMs.every((ms) => ms < 1_000)).toBe(true);
    expect(await discountOn(0)).toBe(1_500);
  });

  it('takes a product marked no-discount on node A out of the discount on A at once, on B and C within a second', async () => {
    // Every node has priced TEA (unknown to the catalogue) just now, and keeps what it read.
    expect(await Promise.all([0, 1, 2].map(discountOn))).toEqual([1_500, 1_500, 1_500]);
    const marked = await call(0, 'PUT', '/v1/products/TEA', { name: 'Tea', noDiscount: true });
    expect(marked.status).toBe(201);
    const savedAt = Date.now();
    expect(await discountOn(0)).toBe(0);
    const seenAfterMs = await Promise.all(
      [1, 2].map(async (node) => {
        while ((await discountOn(node)) !== 0) {
          if (Date.now() - savedAt > 1_000) return Number.POSITIVE_INFINITY;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return Date.now() - savedAt;
      }),
    );
    console.info(`catalogue change seen on nodes B and C after ${seenAfterMs.join(' and ')} ms`);
    expect(seenAfterMs.every((ms) => ms < 1_000)).toBe(true);
  });
});
