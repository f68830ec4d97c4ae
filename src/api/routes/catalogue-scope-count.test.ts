import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/categories', {
    body: {
      categories: [
        { id: 'food', name: 'Food', parentId: null },
        { id: 'oils', name: 'Oils', parentId: 'food' },
        { id: 'olive', name: 'Olive oils', parentId: 'oils' },
        { id: 'toys', name: 'Toys', parentId: null },
      ],
    },
  });
  await server.call('PUT', '/v1/products', {
    body: {
      products: [
        {
          sku: 'OLIVE-1',
          name: 'Olive oil 1 l',
          categoryId: 'olive',
          brand: 'Borges',
          tags: ['import'],
          attributes: { volumeMl: 1000, organic: true },
        },
        {
          sku: 'OLIVE-2',
          name: 'Olive oil 0.5 l',
          categoryId: 'olive',
          brand: 'Iberica',
          attributes: { volumeMl: 500, organic: false },
        },
        {
          sku: 'SUNFLOWER',
          name: 'Sunflower oil',
          categoryId: 'oils',
          brand: 'Borges',
          tags: ['local'],
          attributes: { volumeMl: '1000' },
        },
        { sku: 'BREAD', name: 'Bread', categoryId: 'food', tags: ['fresh', 'local'] },
        { sku: 'BEAR', name: 'Teddy bear', categoryId: 'toys' },
        { sku: 'LOOSE', name: 'No category', brand: 'Borges' },
      ],
    },
  });
});
afterAll(() => server.close());

const countOf = async (scope: object) => {
  const answer = await server.call('POST', '/v1/catalogue/scope-count', { body: { scope } });
  expect(answer.status).toBe(200);
  return answer.body.products as number;
};

describe('POST /v1/catalogue/scope-count counts what a product selector reaches, exactly', () => {
  it.each([
    ['everything', {}, 6],
    ['a category with its subcategories', { categoryIds: ['oils'] }, 3],
    ['a category and its own parent, each product once', { categoryIds: ['food', 'olive'] }, 4],
    ['SKUs, an unknown one reaching nothing', { skus: ['BREAD', 'BEAR', 'NOPE'] }, 2],
    ['SKUs within categories', { categoryIds: ['oils'], skus: ['BREAD', 'OLIVE-2'] }, 1],
    ['brands, products without a brand left out', { brands: ['Borges'] }, 3],
    ['tags, any of them', { tags: ['import', 'fresh'] }, 2],
    [
      'an attribute equal to a number, not the text "1000"',
      { attributes: [{ key: 'volumeMl', equals: 1000 }] },
      1,
    ],
    ['an attribute in a list', { attributes: [{ key: 'volumeMl', in: [500, '1000'] }] }, 2],
    [
      'every attribute condition',
      {
        attributes: [
          { key: 'volumeMl', in: [500, 1000] },
          { key: 'organic', equals: false },
        ],
      },
      1,
    ],
    ['a brand except a category', { brands: ['Borges'], exclude: { categoryIds: ['olive'] } }, 2],
    [
      'exclusions, any one excludes, products lacking the field kept',
      { categoryIds: ['food'], exclude: { tags: ['local'], brands: ['Iberica'] } },
      1,
    ],
    ['price criteria aside', { categoryIds: ['olive'], priceMinMinor: 100_000 }, 2],
    ['an unknown category', { categoryIds: ['gone'] }, 0],
  ])('%s', async (_name, scope, products) => {
    expect(await countOf(scope)).toBe(products);
  });

  it('refuses a selector the schema refuses, with a 400 at its field', async () => {
    const answer = await server.call('POST', '/v1/catalogue/scope-count', {
      body: { scope: { skus: [] } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].field).toBe('/scope/skus');
  });
});
