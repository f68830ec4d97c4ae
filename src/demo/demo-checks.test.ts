import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPromotionReferences } from '../promotions/promotion-references.ts';
import { listPromotions } from '../promotions/promotions.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { seedDemoIfEmpty } from './seed-demo.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoIfEmpty(database.db, 'RU');
});
afterAll(() => database.close());

describe('the demo chain passes its own checks', () => {
  it('names only stores, groups, segments and tiers that exist, and products it sells', async () => {
    const promotions = await listPromotions(database.db);
    expect(promotions.length).toBeGreaterThan(0);
    for (const { id, definition } of promotions) {
      const report = await checkPromotionReferences(database.db, definition, definition);
      expect({ id, ...report }).toEqual({ id, refusals: [], warnings: [] });
    }
  });
});
