import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPointsInvariant } from '../src/points/points-invariant.ts';
import { openDatabase } from '../src/store/database.ts';
import { perkRoot, serverStorage, startServerProcess } from './server-process.ts';

// The server process is killed (SIGKILL) in the middle of a burst of commits. Afterwards every
// commit the server acknowledged must be there whole, none half-written, and the points ledger
// must still equal the sum of its entries.
const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('a crash during a burst of commits', () => {
  it('keeps every acknowledged commit whole and the ledger balanced', async () => {
    const env = await serverStorage('crash', cleanups);
    const cli = (...args: string[]) =>
      run(process.execPath, ['bin/perk.js', ...args], {
        cwd: perkRoot,
        env: { ...process.env, ...env },
      });
    const key = (await cli('keys', 'create', '--role', 'admin', '--name', 'crash test')).stdout
      .trim()
      .split('\n')
      .at(-1) as string;
    const port = 20_000 + (process.pid % 10_000);
    const server = await startServerProcess(env, port);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    await call('PUT', '/v1/stores/msk', {
      name: 'msk',
      region: 'RU',
      timeZone: 'Europe/Moscow',
      channel: 'pos',
    });
    await call('PATCH', '/v1/points/settings', {
      pendingDays: 0,
      accrualRateBp: 500,
      maxRedemptionShareBp: 5000,
    });
    const customer = (await (
      await call('POST', '/v1/customers', { identifiers: [{ kind: 'card', value: 'CRASH1' }] })
    ).json()) as { id: string };
    await call('POST', `/v1/customers/${customer.id}/points/adjustments`, {
      points: 100_000,
      reason: 'start',
      operationId: 'crash-start',
    });

    const acknowledged: string[] = [];
    const commitLoop = async (worker: number) => {
      for (let i = 0; ; i++) {
        const transactionId = `w${worker}-${i}`;
        const body = {
          storeId: 'msk',
          transactionId,
          customer: { id: customer.id },
          redeemPoints: 10,
          lines: [{ lineId: '1', sku: 'X', unitPriceMinor: 10_000, quantity: 1 }],
        };
        const answer = await call('POST', '/v1/purchases', body).catch(() => null);
        if (!answer) return;
        if (answer.status === 201) acknowledged.push(transactionId);
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => commitLoop(w));
    while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
    await Promise.all(workers);

    const db = openDatabase(
      env.PERK_DATA_DIR
        ? { kind: 'pglite', dataDir: env.PERK_DATA_DIR }
        : { kind: 'postgres', url: env.DATABASE_URL as string },
    );
    try {
      const purchases = await db
        .selectFrom('purchases')
        .select(['id', 'transaction_id', 'accrued_points', 'redeemed_points'])
        .execute();
      const stored = new Set(purchases.map((p) => p.transaction_id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      const lines = await db.selectFrom('purchase_lines').select('purchase_id').execute();
      expect(purchases.every((p) => lines.some((l) => l.purchase_id === p.id))).toBe(true);
      const entries = await db
        .selectFrom('points_entries')
        .select(['purchase_id', 'kind', 'points'])
        .where('purchase_id', 'is not', null)
        .execute();
      for (const p of purchases) {
        const redeemed = entries
          .filter((e) => e.purchase_id === p.id && e.kind === 'redemption')
          .reduce((s, e) => s + e.points, 0);
        expect(redeemed).toBe(p.redeemed_points);
      }
      expect(await checkPointsInvariant(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
