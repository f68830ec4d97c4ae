import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function countCustomers(): Promise<number> {
  return (await server.call('GET', '/v1/customers?limit=500')).body.items.length;
}

async function countAudit(): Promise<number> {
  return (await server.call('GET', '/v1/audit?entityType=customer&limit=500')).body.items.length;
}

describe('creating and finding customers', () => {
  it('stores identifiers in their canonical form and finds the customer by any spelling', async () => {
    const created = await server.call('POST', '/v1/customers', {
      key: server.keys.pos,
      body: {
        identifiers: [
          { kind: 'phone', value: '8 (912) 345-67-89' },
          { kind: 'card', value: '7700 1234-5678 ab' },
          { kind: 'email', value: ' Ivan@Example.COM' },
          { kind: 'external', system: 'Shopify', value: 'C-42' },
        ],
        firstName: ' Ivan ',
        lastName: 'Petrov',
        gender: 'male',
        birthDate: '1980-05-17',
        consents: { sms: true, email: false },
        specialCategories: ['pensioner'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      firstName: 'Ivan',
      lastName: 'Petrov',
      middleName: null,
      gender: 'male',
      birthDate: '1980-05-17',
      city: null,
      consents: { sms: true, email: false },
      specialCategories: ['pensioner'],
      customFields: {},
    });
    expect(created.body.identifiers).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: '+79123456789' },
        { kind: 'card', value: '770012345678AB' },
        { kind: 'email', value: 'ivan@example.com' },
        { kind: 'external', system: 'shopify', value: 'C-42' },
      ]),
    );
    const id = created.body.id;
    for (const query of [
      'phone=%2B79123456789',
      'phone=8%20912%20345%2067%2089',
      'card=770012345678ab',
      'email=IVAN%40example.com',
      'external=shopify:C-42',
    ]) {
      const found = await server.call('GET', `/v1/customers/lookup?${query}`, {
        key: server.keys.analyst,
      });
      expect([query, found.status, found.body.id]).toEqual([query, 200, id]);
    }
    expect((await server.call('GET', `/v1/customers/${id}`)).body).toEqual(created.body);
  });

  it('answers lookups that find nobody or are ill-formed with problem+json', async () => {
    const missing = await server.call('GET', '/v1/customers/lookup?phone=%2B79990000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'customer_not_found', field: '/phone' });
    const two = await server.call('GET', '/v1/customers/lookup?phone=1&card=2');
    expect(two.body).toMatchObject({ status: 400, code: 'lookup_needs_one_identifier' });
    const bad = await server.call('GET', '/v1/customers/lookup?phone=12');
    expect(bad.body).toMatchObject({ status: 400, code: 'invalid_phone', field: '/phone' });
    const external = await server.call('GET', '/v1/customers/lookup?external=42');
    expect(external.body).toMatchObject({ code: 'invalid_external_lookup', field: '/external' });
  });

  it('answers a repeated create with the same customer and 200, a different one with 409', async () => {
    const body = { identifiers: [{ kind: 'phone', value: '+79001112233' }], firstName: 'Olga' };
    const first = await server.call('POST', '/v1/customers', { body });
    const again = await server.call('POST', '/v1/customers', {
      body: { ...body, identifiers: [{ kind: 'phone', value: '8 900 111-22-33' }] },
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);

    const other = await server.call('POST', '/v1/customers', {
      body: {
        identifiers: [
          { kind: 'card', value: 'NEW0001' },
          { kind: 'phone', value: '89001112233' },
        ],
        firstName: 'Olga',
      },
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      code: 'identifier_taken',
      field: '/identifiers/1/value',
      customerId: first.body.id,
    });
    const card = await server.call('GET', '/v1/customers/lookup?card=NEW0001');
    expect(card.status).toBe(404);
  });

  it('lets exactly one of ten simultaneous creates with one phone win', async () => {
    const spellings = ['+79215550101', '8 921 555-01-01', '8(921)5550101', '9215550101'];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.call('POST', '/v1/customers', {
          body: {
            identifiers: [{ kind: 'phone', value: spellings[i % spellings.length] }],
            firstName: `Racer ${i}`,
          },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 201)?.body;
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.body).toMatchObject({ code: 'identifier_taken', customerId: winner.id });
    }
    const listed = await server.call('GET', '/v1/customers?q=Racer');
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([winner.id]);
  });
});

describe('changing customers', () => {
  it('patches part of a profile, clears with null, and audits before and after', async () => {
    const created = await server.call('POST', '/v1/customers', {
      body: {
        identifiers: [{ kind: 'card', value: 'PATCH01' }],
        firstName: 'Anna',
        city: 'Tver',
        consents: { sms: true },
      },
    });
    const id = created.body.id;
    const patched = await server.call('PATCH', `/v1/customers/${id}`, {
      key: server.keys.web,
      body: { city: null, lastName: 'Smirnova', consents: { email: true } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      firstName: 'Anna',
      lastName: 'Smirnova',
      city: null,
      consents: { sms: true, email: true },
    });
    const audit = await server.call('GET', `/v1/audit?entityType=customer&entityId=${id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'customer.update',
      'customer.create',
    ]);
    expect(audit.body.items[0]).toMatchObject({
      actor: { name: 'test web' },
      before: { city: 'Tver', lastName: null },
      after: { city: null, lastName: 'Smirnova' },
    });
  });

  it('adds and removes identifiers, refusing one another customer holds', async () => {
    const a = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'OWNER-A' }] },
    });
    const b = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'OWNER-B' }] },
    });
    const path = `/v1/customers/${a.body.id}/identifiers`;
    const added = await server.call('POST', path, {
      body: { kind: 'phone', value: '89031234567' },
    });
    expect(added.status).toBe(201);
    expect(added.body.identifiers).toEqual([
      { kind: 'card', value: 'OWNERA' },
      { kind: 'phone', value: '+79031234567' },
    ]);
    const repeated = await server.call('POST', path, {
      body: { kind: 'phone', value: '+79031234567' },
    });
    expect(repeated.status).toBe(200);
    const taken = await server.call('POST', path, { body: { kind: 'card', value: 'owner b' } });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      code: 'identifier_taken',
      field: '/value',
      customerId: b.body.id,
    });

    const removed = await server.call('DELETE', `${path}/phone/8%20903%20123%2045%2067`);
    expect(removed.status).toBe(200);
    expect(removed.body.identifiers).toEqual([{ kind: 'card', value: 'OWNERA' }]);
    const gone = await server.call('DELETE', `${path}/phone/%2B79031234567`);
    expect(gone.body).toMatchObject({ status: 404, code: 'identifier_not_found' });
  });

  it('lets the analyst read but not write', async () => {
    const answer = await server.call('POST', '/v1/customers', {
      key: server.keys.analyst,
      body: { identifiers: [{ kind: 'card', value: 'ANALYST1' }] },
    });
    expect(answer.status).toBe(403);
    expect((await server.call('GET', '/v1/customers', { key: server.keys.analyst })).status).toBe(
      200,
    );
  });
});

describe('problem+json for bad input, with nothing changed', () => {
  const valid = { identifiers: [{ kind: 'phone', value: '+79160000001' }] };

  it.each([
    ['an unknown field', { ...valid, nickname: 'x' }, 'unknown_field', '/nickname'],
    [
      'a wrong type',
      { identifiers: [{ kind: 'phone', value: 79160000001 }] },
      'wrong_type',
      '/identifiers/0/value',
    ],
    [
      'a bad phone',
      { identifiers: [{ kind: 'phone', value: '+7 912' }] },
      'invalid_phone',
      '/identifiers/0/value',
    ],
    [
      'a future birth date',
      { ...valid, birthDate: '2999-01-01' },
      'birth_date_in_future',
      '/birthDate',
    ],
    [
      'an impossible birth date',
      { ...valid, birthDate: '1990-02-30' },
      'invalid_birth_date',
      '/birthDate',
    ],
    [
      'an undefined custom field',
      { ...valid, customFields: { colour: 'red' } },
      'unknown_custom_field',
      '/customFields/colour',
    ],
    ['no identifier', { identifiers: [] }, 'too_few_items', '/identifiers'],
  ])('refuses %s', async (_, body, code, field) => {
    const [customers, audit] = [await countCustomers(), await countAudit()];
    const answer = await server.call('POST', '/v1/customers', { body });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code, field });
    expect([await countCustomers(), await countAudit()]).toEqual([customers, audit]);
  });

  it('reports every problem of a create at once', async () => {
    const answer = await server.call('POST', '/v1/customers', {
      body: {
        identifiers: [{ kind: 'email', value: 'nope' }],
        birthDate: '2999-01-01',
        specialCategories: ['Pensioner'],
      },
    });
    expect(answer.body.code).toBe('validation_failed');
    expect(
      answer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['/identifiers/0/value', 'invalid_email'],
      ['/birthDate', 'birth_date_in_future'],
      ['/specialCategories/0', 'invalid_special_category'],
    ]);
  });

  it('refuses a bad patch and leaves the profile as it was', async () => {
    const created = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'KEEP0001' }], city: 'Omsk' },
    });
    const path = `/v1/customers/${created.body.id}`;
    const answer = await server.call('PATCH', path, { body: { city: 'Tomsk', gender: 'other' } });
    expect(answer.body).toMatchObject({ status: 400, field: '/gender' });
    expect((await server.call('GET', path)).body).toEqual(created.body);
    const unknown = await server.call(
      'PATCH',
      '/v1/customers/00000000-0000-4000-8000-000000000000',
      {
        body: { city: 'Tomsk' },
      },
    );
    expect(unknown.body).toMatchObject({ status: 404, code: 'customer_not_found' });
  });
});
