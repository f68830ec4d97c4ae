import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buy, newCustomer, startSegmentServer } from '../../segments/segment-test-kit.ts';
import type { TestServer } from '../test-server.ts';

let server: TestServer;
let anna: string;
let boris: string;
beforeAll(async () => {
  server = await startSegmentServer();
  anna = await newCustomer(server, { firstName: 'Анна', gender: 'female', city: 'Москва' });
  boris = await newCustomer(server, { firstName: 'Борис', gender: 'male', city: 'Казань' });
  await buy(server, anna, new Date().toISOString(), [['MILK', 9_900, 3]]);
});
afterAll(() => server.close());

const womenWhoBuyDairy = {
  kind: 'and',
  rules: [
    { kind: 'gender', is: 'female' },
    { kind: 'boughtCategory', categoryId: 'dairy', days: 30 },
  ],
};

const exported = async (id: string) => {
  const response = await fetch(`${server.baseUrl}/v1/segments/${id}/members.csv`, {
    headers: { authorization: `Bearer ${server.keys.analyst}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
};

const upload = async (id: string, csv: string, mode = 'replace') => {
  const response = await fetch(`${server.baseUrl}/v1/segments/${id}/members.csv?mode=${mode}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: response.status, body: await response.json() };
};

describe('rule segments over HTTP', () => {
  it('previews the size, creates, lists and pages members', async () => {
    const preview = await server.call('POST', '/v1/segments/preview', {
      body: { rule: womenWhoBuyDairy },
    });
    expect(preview.body).toEqual({ size: 1, customers: 2 });
    const created = await server.call('POST', '/v1/segments', {
      body: { id: 'dairy-women', name: 'Women buying dairy', rule: womenWhoBuyDairy },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'dairy-women', kind: 'rule', memberCount: 1 });
    const members = await server.call('GET', '/v1/segments/dairy-women/members?limit=10');
    expect(members.body).toMatchObject({ items: [{ customerId: anna }], next: null });
    const list = await server.call('GET', '/v1/segments', { key: server.keys.analyst });
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain('dairy-women');
    const again = await server.call('POST', '/v1/segments', {
      body: { id: 'dairy-women', name: 'x', rule: womenWhoBuyDairy },
    });
    expect(again.status).toBe(409);
  });

  it('explains why a customer is in or not in a segment', async () => {
    const no = await server.call('GET', `/v1/segments/dairy-women/explain/${boris}`);
    expect(no.body).toMatchObject({ member: false, materialised: false });
    expect(no.body.reasons).toEqual([
      {
        path: '/rules/0',
        kind: 'gender',
        held: false,
        en: 'gender male, needs female',
        ru: 'пол male, нужно female',
      },
      {
        path: '/rules/1',
        kind: 'boughtCategory',
        held: false,
        en: 'did not buy category dairy in the last 30 days',
        ru: 'не покупал категорию dairy за последние 30 дн.',
      },
    ]);
    const yes = await server.call('GET', `/v1/segments/dairy-women/explain/${anna}`);
    expect(yes.body).toMatchObject({ member: true, materialised: true });
  });

  it('answers a segment with its nested rule as stored, and documents every answer', async () => {
    const one = await server.call('GET', '/v1/segments/dairy-women', { key: server.keys.analyst });
    expect(one.body).toEqual({
      id: 'dairy-women',
      name: 'Women buying dairy',
      kind: 'rule',
      rule: womenWhoBuyDairy,
      memberCount: 1,
      computedAt: expect.any(String),
      createdAt: expect.any(String),
    });
    const renamed = await server.call('PUT', '/v1/segments/dairy-women', {
      body: { name: 'Dairy women', rule: womenWhoBuyDairy },
    });
    expect(renamed.body).toEqual({
      ...one.body,
      name: 'Dairy women',
      computedAt: expect.any(String),
    });
    const { paths } = (await server.call('GET', '/docs/json', { key: null })).body;
    const answers = Object.entries(paths as Record<string, Record<string, { responses: object }>>)
      .filter(([path]) => path.startsWith('/v1/segments'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [
          `${method} ${path}`,
          Object.keys(operation.responses).find((status) => status.startsWith('2')),
        ]),
      );
    expect(Object.fromEntries(answers)).toEqual({
      'post /v1/segments': '201',
      'get /v1/segments': '200',
      'put /v1/segments/{id}': '200',
      'get /v1/segments/{id}': '200',
      'post /v1/segments/preview': '200',
      'get /v1/segments/{id}/members': '200',
      'get /v1/segments/{id}/explain/{customerId}': '200',
      'get /v1/segments/{id}/members.csv': '200',
      'post /v1/segments/{id}/members.csv': '200',
    });
  });

  it('refuses a bad rule with every problem and its pointer, and non-admins', async () => {
    const bad = await server.call('POST', '/v1/segments', {
      body: {
        id: 'bad',
        name: 'Bad',
        rule: { kind: 'or', rules: [{ kind: 'spend', min: -1 }, { kind: 'x' }] },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['/rule/rules/0/min', 'out_of_range'],
      ['/rule/rules/1/kind', 'unknown_kind'],
    ]);
    const pos = await server.call('POST', '/v1/segments', {
      key: server.keys.pos,
      body: { id: 'p', name: 'P' },
    });
    expect(pos.status).toBe(403);
  });
});

describe('static lists by CSV', () => {
  it('accepts ids, cards, phones and e-mails in any spelling and reports refused lines', async () => {
    expect(
      (await server.call('POST', '/v1/segments', { body: { id: 'staff', name: 'Staff' } })).status,
    ).toBe(201);
    const card = (await server.call('GET', `/v1/customers/${boris}`)).body.identifiers[0].value;
    const csv = [
      'kind,value',
      `id,${anna}`,
      `card,${card.toLowerCase()}`,
      'phone,not a phone',
      'fax,1',
      'email,nobody@example.com',
    ].join('\n');
    const report = await upload('staff', csv);
    expect(report.body).toEqual({
      rows: 5,
      accepted: 2,
      rejected: 3,
      members: 2,
      problems: [
        { line: 4, code: 'invalid_phone', message: 'is not a valid phone number' },
        {
          line: 5,
          code: 'invalid_kind',
          message: 'must be id, card, phone or email, then a comma and the value',
        },
        {
          line: 6,
          code: 'customer_not_found',
          message: 'no customer with email nobody@example.com',
        },
      ],
    });
    const explain = await server.call('GET', `/v1/segments/staff/explain/${boris}`);
    expect(explain.body).toMatchObject({
      member: true,
      reasons: [{ kind: 'staticList', en: 'on the uploaded list' }],
    });
  });

  it('exports the members by customer id, a file that uploads back as it is', async () => {
    const file = await exported('staff');
    expect(file.status).toBe(200);
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect(file.text).toBe(
      `kind,value\n${[anna, boris]
        .sort()
        .map((id) => `id,${id}\n`)
        .join('')}`,
    );
    await server.call('POST', '/v1/segments', { body: { id: 'staff-copy', name: 'Staff copy' } });
    expect((await upload('staff-copy', file.text)).body).toEqual({
      rows: 2,
      accepted: 2,
      rejected: 0,
      members: 2,
      problems: [],
    });
    expect((await exported('no-such-segment')).status).toBe(404);
  });

  it("judges every segment for one customer at once, each as that segment's explanation does", async () => {
    const all = (await server.call('GET', '/v1/segments', { key: server.keys.analyst })).body.items;
    for (const customer of [anna, boris]) {
      const judged = await server.call('GET', `/v1/customers/${customer}/segments`, {
        key: server.keys.analyst,
      });
      expect(judged.status).toBe(200);
      const one = await Promise.all(
        all.map(
          async (segment: { id: string }) =>
            (await server.call('GET', `/v1/segments/${segment.id}/explain/${customer}`)).body,
        ),
      );
      expect(judged.body.items).toEqual(
        all.map(({ id, name, kind }: { id: string; name: string; kind: string }, i: number) => ({
          segment: { id, name, kind },
          explanation: one[i],
        })),
      );
    }
    const member = async (customer: string) =>
      Object.fromEntries(
        (await server.call('GET', `/v1/customers/${customer}/segments`)).body.items.map(
          (item: { segment: { id: string }; explanation: { member: boolean } }) => [
            item.segment.id,
            item.explanation.member,
          ],
        ),
      );
    expect(await member(anna)).toEqual({ 'dairy-women': true, staff: true, 'staff-copy': true });
    expect(await member(boris)).toEqual({ 'dairy-women': false, staff: true, 'staff-copy': true });
    const nobody = await server.call(
      'GET',
      '/v1/customers/00000000-0000-4000-8000-000000000000/segments',
    );
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('customer_not_found');
  });

  it('takes 100 000 rows in seconds', async () => {
    await sql`INSERT INTO customers (id) SELECT md5('bulk' || i)::uuid FROM generate_series(1, 100000) i`.execute(
      server.db,
    );
    const { rows } = await sql<{
      id: string;
    }>`SELECT md5('bulk' || i)::uuid::text AS id FROM generate_series(1, 100000) i`.execute(
      server.db,
    );
    await server.call('POST', '/v1/segments', { body: { id: 'bulk', name: 'Bulk' } });
    const started = performance.now();
    const report = await upload('bulk', rows.map((r) => `id,${r.id}`).join('\n'));
    const millis = performance.now() - started;
    expect(report.body).toMatchObject({
      rows: 100_000,
      accepted: 100_000,
      rejected: 0,
      members: 100_000,
    });
    console.info(`static list of 100 000 rows uploaded in ${Math.round(millis)} ms`);
    expect(millis).toBeLessThan(20_000);
    // Exported back in pages of 10 000: every member once, in id order.
    const exportStarted = performance.now();
    const file = await exported('bulk');
    const exportMillis = performance.now() - exportStarted;
    const lines = file.text.split('\n');
    expect(lines.shift()).toBe('kind,value');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(rows.map((r) => `id,${r.id}`).sort());
    console.info(`static list of 100 000 members exported in ${Math.round(exportMillis)} ms`);
    expect(exportMillis).toBeLessThan(20_000);
  });
});
