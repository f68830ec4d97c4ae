import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../access/actor.ts';
import { conflict } from '../errors.ts';
import type { Db } from './database.ts';
import { type BatchClaim, findBatch, runBatchOnce } from './idempotent-batch.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

const till: Actor = { keyId: randomUUID(), name: 'till', role: 'admin' };
const claim = (overrides: Partial<BatchClaim> = {}): BatchClaim => ({
  kind: 'gift_cards',
  actor: till,
  resourceId: '',
  batchId: 'b-1',
  request: { count: 2, nominalMinor: 50_000, expiresAt: null, activate: false },
  ...overrides,
});

/** Runs a batch whose work counts its runs and answers `answer`. */
function run(c: BatchClaim, runs: { count: number }, answer: unknown = { made: runs.count + 1 }) {
  return db.transaction().execute((trx) =>
    runBatchOnce(trx, c, async () => {
      runs.count += 1;
      return answer;
    }),
  );
}

describe('idempotent batches', () => {
  it('runs the work once and answers a repeat with the stored result', async () => {
    const runs = { count: 0 };
    const c = claim({ batchId: 'once' });
    expect(await run(c, runs)).toEqual({ result: { made: 1 }, replayed: false });
    expect(await run(c, runs)).toEqual({ result: { made: 1 }, replayed: true });
    expect(runs.count).toBe(1);
    expect(await findBatch(db, c)).toEqual({ made: 1 });
    expect(await findBatch(db, claim({ batchId: 'never' }))).toBeUndefined();
  });

  it('refuses the same key with another request, naming every field that differs', async () => {
    const runs = { count: 0 };
    await run(claim({ batchId: 'fields' }), runs);
    const other = claim({
      batchId: 'fields',
      request: {
        count: 3,
        nominalMinor: 50_000,
        expiresAt: '2027-01-01T00:00:00.000Z',
        activate: false,
      },
    });
    const refusal = {
      kind: 'conflict',
      code: 'batch_conflict',
      message:
        'Batch "fields" was made with another count, expiresAt; a new batch needs a new batchId',
      field: '/count',
      problems: [
        { field: '/count', code: 'batch_conflict', message: '2 in the first request, 3 now' },
        {
          field: '/expiresAt',
          code: 'batch_conflict',
          message: 'null in the first request, "2027-01-01T00:00:00.000Z" now',
        },
      ],
      details: { batchId: 'fields' },
    };
    await expect(run(other, runs)).rejects.toMatchObject(refusal);
    await expect(findBatch(db, other)).rejects.toMatchObject(refusal);
    expect(runs.count).toBe(1);
  });

  it('keeps keys apart per kind, API key and resource', async () => {
    const runs = { count: 0 };
    await run(claim({ batchId: 'apart' }), runs);
    await run(claim({ batchId: 'apart', actor: systemActor }), runs);
    await run(claim({ batchId: 'apart', kind: 'coupon_codes', resourceId: 's1' }), runs);
    await run(claim({ batchId: 'apart', kind: 'coupon_codes', resourceId: 's2' }), runs);
    expect(runs.count).toBe(4);
  });

  it('forgets a batch whose work was refused, so it may be retried', async () => {
    const c = claim({ batchId: 'refused' });
    const refused = db.transaction().execute((trx) =>
      runBatchOnce(trx, c, async () => {
        throw conflict('something_refused', 'no');
      }),
    );
    await expect(refused).rejects.toMatchObject({ code: 'something_refused' });
    expect(await findBatch(db, c)).toBeUndefined();
    expect(await run(c, { count: 0 }, 'second try')).toEqual({
      result: 'second try',
      replayed: false,
    });
  });
});
