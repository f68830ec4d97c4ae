import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApiKey } from '../access/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { seedDemoIfEmpty } from './seed-demo.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('demo chain', () => {
  it('fills an empty database once, with working keys', async () => {
    const seed = await seedDemoIfEmpty(database.db, 'RU');
    expect(seed?.summary).toBe('5 stores, 252 products, 300 customers, 4 promotions');
    const zones = await database.db.selectFrom('stores').select('time_zone').distinct().execute();
    expect(zones.map((z) => z.time_zone).sort()).toEqual(['Asia/Yekaterinburg', 'Europe/Moscow']);
    expect((await verifyApiKey(database.db, seed?.adminKey ?? ''))?.role).toBe('admin');
    expect((await verifyApiKey(database.db, seed?.posKey ?? ''))?.role).toBe('pos');
    expect(await seedDemoIfEmpty(database.db, 'RU')).toBeNull();
  });
});
