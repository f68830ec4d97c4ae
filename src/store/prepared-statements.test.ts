import type PgDriver from 'pg';
import { describe, expect, it } from 'vitest';
import { preparingPool } from './prepared-statements.ts';

/** A pool of one client that records what each query was sent as; `fail` refuses one call. */
function recordingPool(fail?: (args: unknown[]) => Error | undefined) {
  const sent: unknown[][] = [];
  const released: unknown[] = [];
  const client = {
    query: (...args: unknown[]) => {
      sent.push(args);
      const error = fail?.(args);
      if (error) return Promise.reject(error);
      return Promise.resolve({ command: 'SELECT', rowCount: 0, rows: [] });
    },
    release: (destroy?: boolean) => released.push(destroy),
  };
  const pool = {
    connect: () => Promise.resolve(client),
    end: () => Promise.resolve(),
  } as unknown as PgDriver.Pool;
  return { pool, sent, released };
}

describe('preparingPool', () => {
  it('names each parameterised text once, keeps statements without parameters unnamed', async () => {
    const { pool, sent } = recordingPool();
    const client = await preparingPool(pool, 10).connect();
    await client.query('select $1::int', [1]);
    await client.query('select $1::text', ['a']);
    await client.query('select $1::int', [2]);
    await client.query('begin', []);
    expect(sent).toEqual([
      [{ name: 'perk_1', text: 'select $1::int', values: [1] }],
      [{ name: 'perk_2', text: 'select $1::text', values: ['a'] }],
      [{ name: 'perk_1', text: 'select $1::int', values: [2] }],
      ['begin', []],
    ]);
  });

  it('sends texts past the limit unnamed, and still the named ones by name', async () => {
    const { pool, sent } = recordingPool();
    const prepared = preparingPool(pool, 2);
    const first = await prepared.connect();
    const second = await prepared.connect();
    await first.query('select $1::int', [1]);
    await second.query('select $1::text', ['a']);
    await first.query('select $1::date', ['2026-12-05']);
    await second.query('select $1::int', [3]);
    expect(sent).toEqual([
      [{ name: 'perk_1', text: 'select $1::int', values: [1] }],
      [{ name: 'perk_2', text: 'select $1::text', values: ['a'] }],
      ['select $1::date', ['2026-12-05']],
      [{ name: 'perk_1', text: 'select $1::int', values: [3] }],
    ]);
  });

  it('passes a cursor through and releases the client as asked', async () => {
    const { pool, sent, released } = recordingPool();
    const client = await preparingPool(pool, 10).connect();
    const cursor = { read: () => Promise.resolve([]), close: () => Promise.resolve() };
    client.query(cursor);
    client.release(true);
    expect(sent).toEqual([[cursor]]);
    expect(released).toEqual([true]);
  });

  it('prepares a text afresh under a new name after its plan went stale', async () => {
    const stale = Object.assign(new Error('cached plan must not change result type'), {
      code: '0A000',
    });
    let failed = false;
    const { pool, sent } = recordingPool(() => {
      if (sent.length !== 2 || failed) return undefined;
      failed = true;
      return stale;
    });
    const client = await preparingPool(pool, 10).connect();
    await client.query('select * from lots where id = $1', [1]);
    await expect(client.query('select * from lots where id = $1', [2])).rejects.toBe(stale);
    await client.query('select * from lots where id = $1', [3]);
    expect(sent.map(([config]) => (config as { name: string }).name)).toEqual([
      'perk_1',
      'perk_1',
      'perk_2',
    ]);
  });
});
