import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

// One category or product at a time, as a newcomer first tries: POST creates, PUT /{id} creates
// or replaces, and a parent left out means a root.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('one category', () => {
  it('POST creates a root category when parentId is left out, and a child under it', async () => {
    const root = await server.call('POST', '/v1/categories', {
      body: { id: 'drinks', name: 'Drinks' },
    });
    expect(root.status).toBe(201);
    expect(root.body).toEqual({ id: 'drinks', name: 'Drinks', parentId: null });
    const child = await server.call('POST', '/v1/categories', {
      body: { id: 'coffee', name: 'Coffee', parentId: 'drinks' },
    });
    expect(child.status).toBe(201);
    const listed = await server.call('GET', '/v1/categories');
    expect(listed.body.items).toEqual([
      { id: 'coffee', name: 'Coffee', parentId: 'drinks' },
      { id: 'drinks', name: 'Drinks', parentId: null },
    ]);
  });

  it('POST of the same category again answers 200; another one under its id is 409', async () => {
    const again = await server.call('POST', '/v1/categories', {
      body: { id: 'coffee', name: 'Coffee', parentId: 'drinks' },
    });
    expect(again.status).toBe(200);
    const other = await server.call('POST', '/v1/categories', {
      body: { id: 'coffee', name: 'Tea' },
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'category_exists', field: '/id' });
    const stored = await server.call('GET', '/v1/categories');
    expect(stored.body.items[0]).toEqual({ id: 'coffee', name: 'Coffee', parentId: 'drinks' });
  });

  it('answers problems at the fields of the one category', async () => {
    const answer = await server.call('POST', '/v1/categories', {
      body: { id: 'beans', name: 'Beans', parentId: 'nowhere' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unknown_parent', field: '/parentId' });
  });

  it('PUT /v1/categories/{id} creates (201), then replaces (200)', async () => {
    const created = await server.call('PUT', '/v1/categories/tea', { body: { name: 'Tea' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'tea', name: 'Tea', parentId: null });
    const moved = await server.call('PUT', '/v1/categories/tea', {
      body: { name: 'Tea', parentId: 'drinks' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ id: 'tea', name: 'Tea', parentId: 'drinks' });
  });

  it('the bulk PUT takes a category without parentId as a root', async () => {
    const answer = await server.call('PUT', '/v1/categories', {
      body: { categories: [{ id: 'toys', name: 'Toys' }] },
    });
    expect(answer.body).toEqual({ received: 1, created: 1, updated: 0, unchanged: 0 });
  });
});

describe('one product', () => {
  const lavazza = { sku: 'LAV-1', name: 'Lavazza 1 kg', categoryId: 'coffee', brand: 'Lavazza' };

  it('POST creates a product and answers it with every field filled', async () => {
    const answer = await server.call('POST', '/v1/products', { body: lavazza });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      ...lavazza,
      attributes: {},
      tags: [],
      minPriceMinor: null,
      noDiscount: false,
      noPointsPayment: false,
      noAccrual: false,
    });
    expect((await server.call('GET', '/v1/products/LAV-1')).body).toEqual(answer.body);
  });

  it('POST of the same product again is 200; another product under its SKU is 409', async () => {
    expect((await server.call('POST', '/v1/products', { body: lavazza })).status).toBe(200);
    const other = await server.call('POST', '/v1/products', {
      body: { ...lavazza, minPriceMinor: 50_000 },
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'product_exists', field: '/sku' });
    expect((await server.call('GET', '/v1/products/LAV-1')).body.minPriceMinor).toBeNull();
  });

  it('answers catalogue problems at the fields of the one product', async () => {
    const answer = await server.call('POST', '/v1/products', {
      body: { sku: 'X-1', name: 'X', categoryId: 'nowhere' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unknown_category', field: '/categoryId' });
  });

  it('PUT /v1/products/{sku} creates (201), then replaces (200)', async () => {
    const created = await server.call('PUT', '/v1/products/TEA-1', {
      body: { name: 'Green tea', categoryId: 'tea', noAccrual: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'TEA-1', name: 'Green tea', noAccrual: true });
    const replaced = await server.call('PUT', '/v1/products/TEA-1', {
      body: { name: 'Green tea' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ categoryId: null, noAccrual: false });
  });
});
