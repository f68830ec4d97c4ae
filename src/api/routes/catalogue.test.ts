import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // Children before their parents: the batch is written parents first.
  const answer = await server.call('PUT', '/v1/categories', {
    body: {
      categories: [
        { id: 'olive-oil', name: 'Olive oil', parentId: 'oils' },
        { id: 'oils', name: 'Oils', parentId: 'grocery' },
        { id: 'grocery', name: 'Grocery', parentId: null },
        { id: 'coffee', name: 'Coffee', parentId: 'grocery' },
        { id: 'toys', name: 'Toys', parentId: null },
      ],
    },
  });
  expect(answer.body).toEqual({ received: 5, created: 5, updated: 0, unchanged: 0 });
});
afterAll(() => server.close());

const product = (sku: string, extra: object = {}) => ({ sku, name: `Product ${sku}`, ...extra });

describe('categories', () => {
  it('lists the flat tree with parents', async () => {
    const answer = await server.call('GET', '/v1/categories', { key: server.keys.pos });
    expect(answer.body.items).toEqual([
      { id: 'coffee', name: 'Coffee', parentId: 'grocery' },
      { id: 'grocery', name: 'Grocery', parentId: null },
      { id: 'oils', name: 'Oils', parentId: 'grocery' },
      { id: 'olive-oil', name: 'Olive oil', parentId: 'oils' },
      { id: 'toys', name: 'Toys', parentId: null },
    ]);
  });

  it('refuses a cycle and an unknown parent with the row index, and writes nothing', async () => {
    const answer = await server.call('PUT', '/v1/categories', {
      body: {
        categories: [
          { id: 'new', name: 'New', parentId: null },
          { id: 'grocery', name: 'Grocery', parentId: 'olive-oil' },
          { id: 'x', name: 'X', parentId: 'nowhere' },
        ],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.errors).toEqual([
      { field: '/categories/1/parentId', code: 'category_cycle', message: expect.any(String) },
      { field: '/categories/2/parentId', code: 'unknown_parent', message: 'no category "nowhere"' },
    ]);
    const listed = await server.call('GET', '/v1/categories');
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain('new');
  });

  it('counts unchanged rows and only audits real changes', async () => {
    const answer = await server.call('PUT', '/v1/categories', {
      body: {
        categories: [
          { id: 'toys', name: 'Toys', parentId: null },
          { id: 'coffee', name: 'Coffee and tea', parentId: 'grocery' },
        ],
      },
    });
    expect(answer.body).toEqual({ received: 2, created: 0, updated: 1, unchanged: 1 });
    const audit = await server.call('GET', '/v1/audit?entityType=category');
    expect(audit.body.items[0]).toMatchObject({
      action: 'categories.upsert',
      entityId: '1 categories',
      after: { created: [], updated: ['coffee'] },
    });
  });
});

describe('product upsert', () => {
  it('refuses every wrongly typed field at once', async () => {
    const answer = await server.call('PUT', '/v1/products', {
      body: {
        products: [
          product('P-1'),
          product('P-2', { minPriceMinor: -5 }),
          product('P-3', { minPriceMinor: 10.5, noAccrual: 'yes' }),
          { name: 'no sku' },
        ],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/products/1/minPriceMinor', 'out_of_range'],
      ['/products/2/minPriceMinor', 'wrong_type'],
      ['/products/2/noAccrual', 'wrong_type'],
      ['/products/3/sku', 'missing_field'],
    ]);
  });

  it('refuses the whole batch for catalogue rules, listing every problem, and writes nothing', async () => {
    const second = await server.call('PUT', '/v1/products', {
      body: {
        products: [
          product('P-1'),
          product('P-3', { categoryId: 'nowhere' }),
          product('P-1'),
          product('P-4', { attributes: { 'bad name': 1 } }),
        ],
      },
    });
    expect(
      second.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/products/2/sku', 'duplicate_sku'],
      ['/products/3/attributes/bad name', 'invalid_value'],
      ['/products/1/categoryId', 'unknown_category'],
    ]);
    expect((await server.call('GET', '/v1/products/P-1')).status).toBe(404);
  });

  it('refuses an unknown field', async () => {
    const answer = await server.call('PUT', '/v1/products', {
      body: { products: [product('P-1'), product('P-2', { colour: 'red' })] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unknown_field', field: '/products/1/colour' });
  });

  it('refuses a non-admin key', async () => {
    const answer = await server.call('PUT', '/v1/products', {
      key: server.keys.pos,
      body: { products: [product('P-1')] },
    });
    expect(answer.status).toBe(403);
  });

  it('stores every field and fills omitted ones with empty values', async () => {
    const full = {
      sku: 'OIL-1',
      name: 'Extra virgin olive oil 0.5 l',
      categoryId: 'olive-oil',
      brand: 'Borges',
      attributes: { volumeMl: 500, organic: true, origin: 'ES' },
      tags: ['premium', 'imported'],
      minPriceMinor: 39900,
      noDiscount: false,
      noPointsPayment: true,
      noAccrual: false,
    };
    const answer = await server.call('PUT', '/v1/products', {
      body: { products: [full, product('TOY-1', { categoryId: 'toys' })] },
    });
    expect(answer.body).toEqual({ received: 2, created: 2, updated: 0, unchanged: 0 });
    expect((await server.call('GET', '/v1/products/OIL-1', { key: server.keys.web })).body).toEqual(
      full,
    );
    expect((await server.call('GET', '/v1/products/TOY-1')).body).toEqual({
      sku: 'TOY-1',
      name: 'Product TOY-1',
      categoryId: 'toys',
      brand: null,
      attributes: {},
      tags: [],
      minPriceMinor: null,
      noDiscount: false,
      noPointsPayment: false,
      noAccrual: false,
    });
    const again = await server.call('PUT', '/v1/products', { body: { products: [full] } });
    expect(again.body).toEqual({ received: 1, created: 0, updated: 0, unchanged: 1 });
  });

  it('records one audit row per call with the SKUs changed', async () => {
    await server.call('PUT', '/v1/products', {
      body: { products: [product('A-1'), product('A-2'), product('TOY-1', { brand: 'Lego' })] },
    });
    const audit = await server.call('GET', '/v1/audit?entityType=product&limit=1');
    expect(audit.body.items[0]).toMatchObject({
      action: 'products.upsert',
      entityId: '3 products',
      after: { created: ['A-1', 'A-2'], updated: ['TOY-1'] },
    });
  });
});

describe('product listing', () => {
  beforeAll(async () => {
    const products = [
      product('L-01', { categoryId: 'grocery', brand: 'Acme' }),
      product('L-02', { categoryId: 'oils', name: 'Sunflower OIL 1 l' }),
      product('L-03', { categoryId: 'olive-oil', brand: 'Acme', name: 'Olive oil 100%' }),
      product('L-04', { categoryId: 'toys', brand: 'Acme' }),
      product('L-05', { categoryId: 'coffee' }),
      product('L-06'),
      product('L-07', { categoryId: 'olive-oil' }),
    ];
    expect((await server.call('PUT', '/v1/products', { body: { products } })).status).toBe(200);
  });

  const skus = (answer: { body: { items: { sku: string }[] } }) =>
    answer.body.items.map((p) => p.sku).filter((sku) => sku.startsWith('L-'));

  it('pages by SKU, listing each product once', async () => {
    const seen: string[] = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null) {
      const query: string = after ? `&after=${after}` : '';
      const answer = await server.call('GET', `/v1/products?limit=3${query}`);
      seen.push(...answer.body.items.map((p: { sku: string }) => p.sku));
      after = answer.body.nextAfter;
      pages++;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((sku) => sku.startsWith('L-'))).toEqual([
      'L-01',
      'L-02',
      'L-03',
      'L-04',
      'L-05',
      'L-06',
      'L-07',
    ]);
    expect(pages).toBe(Math.ceil(seen.length / 3));
  });

  it('filters by category including its descendants', async () => {
    expect(skus(await server.call('GET', '/v1/products?categoryId=oils'))).toEqual([
      'L-02',
      'L-03',
      'L-07',
    ]);
    expect(skus(await server.call('GET', '/v1/products?categoryId=grocery'))).toEqual([
      'L-01',
      'L-02',
      'L-03',
      'L-05',
      'L-07',
    ]);
    expect(skus(await server.call('GET', '/v1/products?categoryId=olive-oil&brand=Acme'))).toEqual([
      'L-03',
    ]);
  });

  it('filters by brand and by a case-insensitive part of the name', async () => {
    expect(skus(await server.call('GET', '/v1/products?brand=Acme'))).toEqual([
      'L-01',
      'L-03',
      'L-04',
    ]);
    expect(skus(await server.call('GET', '/v1/products?q=oil'))).toEqual(['L-02', 'L-03']);
    expect(skus(await server.call('GET', `/v1/products?q=${encodeURIComponent('0%')}`))).toEqual([
      'L-03',
    ]);
  });

  it('refuses an unknown category filter', async () => {
    const answer = await server.call('GET', '/v1/products?categoryId=nowhere');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unknown_category', field: '/categoryId' });
  });

  it('sees a new subcategory at once in the filter', async () => {
    await server.call('PUT', '/v1/categories', {
      body: { categories: [{ id: 'toy-cars', name: 'Toy cars', parentId: 'toys' }] },
    });
    await server.call('PUT', '/v1/products', {
      body: { products: [product('L-08', { categoryId: 'toy-cars' })] },
    });
    expect(skus(await server.call('GET', '/v1/products?categoryId=toys'))).toEqual([
      'L-04',
      'L-08',
    ]);
  });
});
