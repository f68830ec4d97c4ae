import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/database.ts';
import { verifySignature } from '../src/webhooks/signature.ts';
import { startTestReceiver, type TestReceiver } from '../src/webhooks/test-receiver.ts';
import { perkRoot, serverStorage, startServerProcess } from './server-process.ts';

// The server is killed (SIGKILL) while its deliverer waits on a receiver's answer. Started again,
// it must deliver every event of every acknowledged purchase, signed: the outbox row and its
// delivery survive the crash, and the claim the dead process held lapses with its lease.
const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const webhookEnv = {
  PERK_WEBHOOK_TIMEOUT_SECONDS: '2',
  PERK_WEBHOOK_RETRY_SECONDS: '1',
  PERK_WEBHOOK_RETRY_CAP_SECONDS: '2',
  PERK_WEBHOOK_POLL_MS: '100',
};

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a crash in the middle of a webhook delivery', () => {
  it('loses no event: the restarted server delivers every one, signed', async () => {
    const env = await serverStorage('webhook-crash', cleanups);
    const receiver: TestReceiver = await startTestReceiver();
    cleanups.push(() => receiver.close());
    const key = (
      await run(
        process.execPath,
        ['bin/perk.js', 'keys', 'create', '--role', 'admin', '--name', 'webhook crash'],
        { cwd: perkRoot, env: { ...process.env, ...env } },
      )
    ).stdout
      .trim()
      .split('\n')
      .at(-1) as string;
    const port = 30_000 + (process.pid % 10_000);
    let server = await startServerProcess({ ...env, ...webhookEnv }, port);
    cleanups.push(async () => {
      server.kill('SIGKILL');
    });
    const call = async (method: string, path: string, body?: unknown) => {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };
    await call('PUT', '/v1/stores/msk', {
      name: 'msk',
      region: 'RU',
      timeZone: 'Europe/Moscow',
      channel: 'pos',
    });
    // Every request waits unanswered until the server is gone.
    receiver.answer = () => 'hang';
    const webhook = await call('POST', '/v1/webhooks', {
      url: receiver.url,
      eventTypes: ['purchase.committed'],
    });
    expect(webhook.status).toBe(201);
    const secret = webhook.body.secret as string;
    const purchases: string[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await call('POST', '/v1/purchases', {
        storeId: 'msk',
        transactionId: `crash-hook-${i}`,
        lines: [{ lineId: '1', sku: 'X', unitPriceMinor: 10_000 + i, quantity: 1 }],
      });
      expect(answer.status).toBe(201);
      purchases.push(answer.body.purchaseId as string);
    }
    await until('a delivery is in flight', () => receiver.received.length > 0, 20_000);
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
    const beforeCrash = receiver.received.length;

    receiver.answer = () => 200;
    server = await startServerProcess({ ...env, ...webhookEnv }, port);
    const deliveredIds = () =>
      new Set(
        receiver.received
          .filter((r) => r.status === 200)
          .map((r) => JSON.parse(r.body).data.purchaseId as string),
      );
    await until('every purchase was delivered', () => deliveredIds().size === 20, 60_000);
    expect([...deliveredIds()].sort()).toEqual([...purchases].sort());
    for (const request of receiver.received.filter((r) => r.status === 200)) {
      const signature = String(request.headers['perk-signature']);
      expect(verifySignature(signature, request.body, secret, Math.floor(Date.now() / 1000))).toBe(
        true,
      );
    }
    const exitedAgain = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exitedAgain;

    const db = openDatabase(
      env.PERK_DATA_DIR
        ? { kind: 'pglite', dataDir: env.PERK_DATA_DIR }
        : { kind: 'postgres', url: env.DATABASE_URL as string },
    );
    try {
      const rows = await db.selectFrom('webhook_deliveries').select('status').execute();
      expect(rows.map((row) => row.status)).toEqual(Array(20).fill('delivered'));
    } finally {
      await db.destroy();
    }
    expect(beforeCrash).toBeGreaterThan(0);
  }, 180_000);
});
