import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const fields = {
  shoeSize: { type: 'integer', titleRu: 'Размер обуви', titleEn: 'Shoe size' },
  vegan: { type: 'boolean', titleRu: 'Веган', titleEn: 'Vegan' },
  weddingDay: { type: 'date', titleRu: 'Годовщина свадьбы', titleEn: 'Wedding day' },
  favouriteShop: { type: 'string', titleRu: 'Любимый магазин', titleEn: 'Favourite shop' },
};

describe('custom profile fields', () => {
  it('are defined by the admin, listed to every role, and repeatable', async () => {
    for (const [key, body] of Object.entries(fields)) {
      expect((await server.call('PUT', `/v1/customer-fields/${key}`, { body })).status).toBe(201);
    }
    const again = await server.call('PUT', '/v1/customer-fields/vegan', { body: fields.vegan });
    expect(again.status).toBe(200);
    const listed = await server.call('GET', '/v1/customer-fields', { key: server.keys.pos });
    expect(listed.body.items).toEqual([
      { key: 'favouriteShop', ...fields.favouriteShop },
      { key: 'shoeSize', ...fields.shoeSize },
      { key: 'vegan', ...fields.vegan },
      { key: 'weddingDay', ...fields.weddingDay },
    ]);
    const byPos = await server.call('PUT', '/v1/customer-fields/x', {
      key: server.keys.pos,
      body: fields.vegan,
    });
    expect(byPos.status).toBe(403);
    const badKey = await server.call('PUT', '/v1/customer-fields/Bad-Key', { body: fields.vegan });
    expect(badKey.body).toMatchObject({ status: 400, field: '/key' });
  });

  it('hold typed values on profiles, checked against their definitions', async () => {
    const created = await server.call('POST', '/v1/customers', {
      body: {
        identifiers: [{ kind: 'card', value: 'FIELDS01' }],
        customFields: {
          shoeSize: 42,
          vegan: true,
          weddingDay: '2010-06-12',
          favouriteShop: 'Arbat',
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.customFields).toEqual({
      shoeSize: 42,
      vegan: true,
      weddingDay: '2010-06-12',
      favouriteShop: 'Arbat',
    });
    const path = `/v1/customers/${created.body.id}`;
    const wrong = await server.call('PATCH', path, {
      body: { customFields: { shoeSize: 'forty', weddingDay: '2010-02-30', vegan: null } },
    });
    expect(wrong.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(
      wrong.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/customFields/shoeSize', 'custom_field_wrong_type'],
      ['/customFields/weddingDay', 'custom_field_wrong_type'],
    ]);
    const unknown = await server.call('PATCH', path, { body: { customFields: { colour: 'red' } } });
    expect(unknown.body).toMatchObject({
      code: 'unknown_custom_field',
      field: '/customFields/colour',
    });
    expect((await server.call('GET', path)).body.customFields.vegan).toBe(true);

    const cleared = await server.call('PATCH', path, { body: { customFields: { vegan: null } } });
    expect(cleared.body.customFields).toEqual({
      shoeSize: 42,
      weddingDay: '2010-06-12',
      favouriteShop: 'Arbat',
    });
  });

  it('keep their type while customers hold values, but may be renamed', async () => {
    const retype = await server.call('PUT', '/v1/customer-fields/shoeSize', {
      body: { ...fields.shoeSize, type: 'string' },
    });
    expect(retype.body).toMatchObject({ status: 409, code: 'custom_field_in_use', field: '/type' });
    const renamed = await server.call('PUT', '/v1/customer-fields/shoeSize', {
      body: { ...fields.shoeSize, titleEn: 'Shoe size (EU)' },
    });
    expect(renamed.status).toBe(200);
    // The only value of `vegan` was cleared above, so nobody holds it and its type may change.
    const unused = await server.call('PUT', '/v1/customer-fields/vegan', {
      body: { ...fields.vegan, type: 'string' },
    });
    expect(unused.body).toEqual({ key: 'vegan', ...fields.vegan, type: 'string' });
    const audit = await server.call('GET', '/v1/audit?entityType=customer_field&entityId=shoeSize');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'customer_field.update',
      'customer_field.create',
    ]);
  });
});
