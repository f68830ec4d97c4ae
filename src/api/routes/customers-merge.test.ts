import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/customer-fields/shoeSize', {
    body: { type: 'integer', titleRu: 'Размер обуви', titleEn: 'Shoe size' },
  });
});
afterAll(() => server.close());

async function create(body: object): Promise<string> {
  const answer = await server.call('POST', '/v1/customers', { body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

describe('merging customers', () => {
  it('moves identifiers, fills the survivor’s gaps, and records who merged what', async () => {
    const survivorId = await create({
      identifiers: [{ kind: 'card', value: 'SURV0001' }],
      firstName: 'Ivan',
      consents: { sms: false },
      specialCategories: ['employee'],
    });
    const mergedId = await create({
      identifiers: [
        { kind: 'phone', value: '+79161234567' },
        { kind: 'external', system: 'shopify', value: '77' },
      ],
      firstName: 'Vanya',
      lastName: 'Petrov',
      consents: { sms: true, push: true },
      specialCategories: ['pensioner'],
      customFields: { shoeSize: 43 },
    });

    const merged = await server.call('POST', `/v1/customers/${survivorId}/merge`, {
      body: { mergedId },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.customer).toMatchObject({
      id: survivorId,
      firstName: 'Ivan',
      lastName: 'Petrov',
      consents: { sms: false, push: true },
      specialCategories: ['employee', 'pensioner'],
      customFields: { shoeSize: 43 },
      identifiers: [
        { kind: 'card', value: 'SURV0001' },
        { kind: 'phone', value: '+79161234567' },
        { kind: 'external', system: 'shopify', value: '77' },
      ],
    });
    expect(merged.body.merge).toMatchObject({
      survivorId,
      mergedId,
      actor: 'test admin',
      moved: {
        profile: [
          'lastName',
          'consents.push',
          'specialCategories.pensioner',
          'customFields.shoeSize',
        ],
        identifiers: [
          { kind: 'phone', value: '+79161234567' },
          { kind: 'external', system: 'shopify', value: '77' },
        ],
      },
    });

    const found = await server.call('GET', '/v1/customers/lookup?phone=8%20916%20123-45-67');
    expect(found.body.id).toBe(survivorId);
    const old = await server.call('GET', `/v1/customers/${mergedId}`);
    expect(old.body).toMatchObject({ id: survivorId, resolvedFrom: mergedId });
    const listed = await server.call('GET', '/v1/customers');
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([survivorId]);

    const rows = await server.db.selectFrom('customer_merges').selectAll().execute();
    expect(rows).toMatchObject([
      { survivor_id: survivorId, merged_id: mergedId, actor: 'test admin' },
    ]);
    const audit = await server.call('GET', `/v1/audit?entityType=customer&entityId=${survivorId}`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'customer.merge',
      actor: { name: 'test admin' },
      before: { survivor: { lastName: null }, merged: { id: mergedId } },
      after: { survivor: { lastName: 'Petrov' }, mergedId },
    });
  });

  it('refuses to change a merged-away profile and points to the survivor', async () => {
    const a = await create({ identifiers: [{ kind: 'card', value: 'CHAINA1' }] });
    const b = await create({ identifiers: [{ kind: 'card', value: 'CHAINB1' }] });
    await server.call('POST', `/v1/customers/${a}/merge`, { body: { mergedId: b } });
    const patch = await server.call('PATCH', `/v1/customers/${b}`, { body: { city: 'Tver' } });
    expect(patch.body).toMatchObject({ status: 409, code: 'customer_merged', mergedInto: a });
  });

  it('resolves an id merged twice over to the last survivor', async () => {
    const [x, y, z] = [
      await create({ identifiers: [{ kind: 'card', value: 'TWICEX1' }] }),
      await create({ identifiers: [{ kind: 'card', value: 'TWICEY1' }] }),
      await create({ identifiers: [{ kind: 'card', value: 'TWICEZ1' }] }),
    ];
    await server.call('POST', `/v1/customers/${y}/merge`, { body: { mergedId: x } });
    await server.call('POST', `/v1/customers/${z}/merge`, { body: { mergedId: y } });
    const answer = await server.call('GET', `/v1/customers/${x}`);
    expect(answer.body).toMatchObject({ id: z, resolvedFrom: x });
    expect(answer.body.identifiers.map((i: { value: string }) => i.value)).toEqual([
      'TWICEX1',
      'TWICEY1',
      'TWICEZ1',
    ]);
  });

  it('refuses merging into itself, an already merged profile, unknown ids and non-admins', async () => {
    const a = await create({ identifiers: [{ kind: 'card', value: 'REFUSEA' }] });
    const b = await create({ identifiers: [{ kind: 'card', value: 'REFUSEB' }] });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const merge = (survivor: string, mergedId: string, key?: string) =>
      server.call('POST', `/v1/customers/${survivor}/merge`, {
        body: { mergedId },
        ...(key ? { key } : {}),
      });

    expect((await merge(a, b, server.keys.pos)).status).toBe(403);
    expect((await merge(a, a)).body).toMatchObject({
      status: 400,
      code: 'merge_into_itself',
      field: '/mergedId',
    });
    expect((await merge(a, unknown)).body).toMatchObject({
      status: 404,
      code: 'customer_not_found',
      field: '/mergedId',
    });
    expect((await merge(unknown, a)).body).toMatchObject({
      status: 404,
      code: 'customer_not_found',
      field: '/id',
    });
    expect((await merge(a, b)).status).toBe(200);
    expect((await merge(a, b)).body).toMatchObject({
      status: 409,
      code: 'customer_already_merged',
      field: '/mergedId',
      mergedInto: a,
    });
    expect((await merge(b, a)).body).toMatchObject({
      status: 409,
      code: 'customer_already_merged',
      field: '/id',
    });
  });
});
