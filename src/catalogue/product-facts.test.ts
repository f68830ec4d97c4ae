import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { putCategories } from './categories.ts';
import { loadProductFacts } from './product-facts.ts';
import { upsertProducts } from './products.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await putCategories(database.db, commandLineActor, [
    { id: 'food', name: 'Food', parentId: null },
    { id: 'oils', name: 'Oils', parentId: 'food' },
    { id: 'olive', name: 'Olive oil', parentId: 'oils' },
  ]);
  await upsertProducts(database.db, commandLineActor, [
    {
      sku: 'OIL-1',
      name: 'Olive oil',
      categoryId: 'olive',
      brand: 'Borges',
      attributes: { volumeMl: 500, organic: true },
      tags: ['premium'],
      minPriceMinor: 39900,
      noPointsPayment: true,
    },
    { sku: 'BAG', name: 'Bag', noDiscount: true, noAccrual: true },
  ]);
});
afterAll(() => database.close());

describe('loadProductFacts', () => {
  it('gives each known SKU with its category and all ancestors', async () => {
    const facts = await loadProductFacts(database.db, ['OIL-1', 'BAG', 'UNKNOWN', 'OIL-1']);
    expect([...facts.keys()].sort()).toEqual(['BAG', 'OIL-1']);
    expect(facts.get('OIL-1')).toEqual({
      sku: 'OIL-1',
      name: 'Olive oil',
      categoryIds: ['olive', 'oils', 'food'],
      brand: 'Borges',
      attributes: { volumeMl: 500, organic: true },
      tags: ['premium'],
      minPriceMinor: 39900,
      noDiscount: false,
      noPointsPayment: true,
      noAccrual: false,
    });
    expect(facts.get('BAG')).toMatchObject({
      categoryIds: [],
      brand: null,
      minPriceMinor: null,
      noDiscount: true,
      noAccrual: true,
    });
  });

  it('sees a category moved through the service at once, despite the cached tree', async () => {
    await loadProductFacts(database.db, ['OIL-1']);
    await putCategories(database.db, commandLineActor, [
      { id: 'pantry', name: 'Pantry', parentId: null },
      { id: 'oils', name: 'Oils', parentId: 'pantry' },
    ]);
    const facts = await loadProductFacts(database.db, ['OIL-1']);
    expect(facts.get('OIL-1')?.categoryIds).toEqual(['olive', 'oils', 'pantry']);
  });

  it('answers an empty cart without a query', async () => {
    expect((await loadProductFacts(database.db, [])).size).toBe(0);
  });
});
