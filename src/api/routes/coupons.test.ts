import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomer, newPromotion } from '../../coupons/coupon-test-kit.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('coupon routes', () => {
  it('creates a series, generates codes, exports them as CSV and checks one at the till', async () => {
    const promotionId = await newPromotion(server.db);
    const created = await server.call('POST', '/v1/coupon-series', {
      body: {
        id: 'march',
        promotionId,
        name: 'March',
        kind: 'unique',
        prefix: 'MAR',
        storeIds: ['msk-1'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'march',
      randomLength: 10,
      usesPerCode: 1,
      codeCount: 0,
    });
    const generated = await server.call('POST', '/v1/coupon-series/march/codes', {
      body: { batchId: 'march-1', count: 500 },
    });
    expect(generated).toMatchObject({
      status: 201,
      body: { batchId: 'march-1', generated: 500, codeCount: 500 },
    });

    const response = await fetch(`${server.baseUrl}/v1/coupon-series/march/codes.csv`, {
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = (await response.text()).trimEnd().split('\n');
    expect(rows).toHaveLength(501);
    const code = (rows[1] as string).split(',')[0] as string;
    expect(code).toMatch(/^MAR[2-9A-HJKMNP-Z]{11}$/);

    const check = (storeId: string, codes: string[]) =>
      server.call('POST', '/v1/coupons/check', { key: server.keys.pos, body: { storeId, codes } });
    expect((await check('msk-1', [code.toLowerCase()])).body).toEqual({
      coupons: [{ code, promotionId, valid: true }],
    });
    expect((await check('spb-1', [code])).body.coupons[0]).toMatchObject({ reason: 'wrong_store' });
  });

  it('lists every series by name with its code count', async () => {
    const promotionId = await newPromotion(server.db);
    await server.call('POST', '/v1/coupon-series', {
      body: { id: 'autumn', promotionId, name: 'Autumn', kind: 'shared', prefix: 'AUTUMN' },
    });
    const listed = await server.call('GET', '/v1/coupon-series', { key: server.keys.analyst });
    expect(listed.status).toBe(200);
    const mine = listed.body.items.filter((s: { id: string }) =>
      ['autumn', 'march'].includes(s.id),
    );
    expect(
      mine.map((s: { id: string; kind: string; codeCount: number }) => [s.id, s.kind, s.codeCount]),
    ).toEqual([
      // A promo code is its series' one code.
      ['autumn', 'shared', 1],
      ['march', 'unique', 500],
    ]);
  });

  it('issues a personal code and refuses bad input with problem+json', async () => {
    const promotionId = await newPromotion(server.db);
    await server.call('POST', '/v1/coupon-series', {
      body: { id: 'birthday', promotionId, name: 'Birthday', kind: 'unique' },
    });
    const customerId = await newCustomer(server.db);
    const issued = await server.call('POST', '/v1/coupon-series/birthday/issue', {
      body: { customerId },
    });
    expect(issued).toMatchObject({ status: 201, body: { seriesId: 'birthday', customerId } });
    const missing = await server.call('GET', '/v1/coupon-series/nope');
    expect(missing).toMatchObject({ status: 404, body: { code: 'coupon_series_not_found' } });
    const forbidden = await server.call('POST', '/v1/coupon-series/birthday/codes', {
      key: server.keys.pos,
      body: { batchId: 'b', count: 1 },
    });
    expect(forbidden.status).toBe(403);
  });

  it('makes one batch of codes for retries and simultaneous requests with one batchId', async () => {
    const promotionId = await newPromotion(server.db);
    await server.call('POST', '/v1/coupon-series', {
      body: { id: 'april', promotionId, name: 'April', kind: 'unique' },
    });
    const generate = (body: object) =>
      server.call('POST', '/v1/coupon-series/april/codes', { body });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => generate({ batchId: 'april-1', count: 300 })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    for (const answer of answers) {
      expect(answer.body).toEqual({ batchId: 'april-1', generated: 300, codeCount: 300 });
    }
    const retry = await generate({ count: 300, batchId: 'april-1' });
    expect(retry).toMatchObject({ status: 200, body: answers[0]?.body });

    const other = await generate({ batchId: 'april-1', count: 301 });
    expect(other.status).toBe(409);
    expect(other.contentType).toContain('application/problem+json');
    expect(other.body).toMatchObject({
      code: 'batch_conflict',
      field: '/count',
      detail: 'Batch "april-1" was made with another count; a new batch needs a new batchId',
      batchId: 'april-1',
      errors: [
        { field: '/count', code: 'batch_conflict', message: '300 in the first request, 301 now' },
      ],
    });
    const missing = await generate({ count: 1 });
    expect(missing).toMatchObject({
      status: 400,
      body: { code: 'missing_field', field: '/batchId' },
    });
    const series = await server.call('GET', '/v1/coupon-series/april');
    expect(series.body.codeCount).toBe(300);
  });

  it('exports one batch of codes, or the whole series batch by batch', async () => {
    const promotionId = await newPromotion(server.db);
    await server.call('POST', '/v1/coupon-series', {
      body: { id: 'may', promotionId, name: 'May', kind: 'unique' },
    });
    const generate = (batchId: string, count: number) =>
      server.call('POST', '/v1/coupon-series/may/codes', { body: { batchId, count } });
    expect((await generate('may-b', 2)).status).toBe(201);
    expect((await generate('may-a', 3)).status).toBe(201);
    expect(await generate('may-a', 3)).toMatchObject({
      status: 200,
      body: { batchId: 'may-a', generated: 3, codeCount: 5 },
    });
    const exported = async (query: string) => {
      const response = await fetch(`${server.baseUrl}/v1/coupon-series/may/codes.csv${query}`, {
        headers: { authorization: `Bearer ${server.keys.admin}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = (await response.text()).trimEnd().split('\n');
      expect(header).toBe('code,customer_id,uses,max_uses,issued_at,batch_id');
      return { rows, disposition: response.headers.get('content-disposition') };
    };
    const a = await exported('?batchId=may-a');
    expect(a.disposition).toBe('attachment; filename="may-may-a.csv"');
    expect(a.rows).toHaveLength(3);
    for (const row of a.rows) expect(row).toMatch(/^[2-9A-HJKMNP-Z]{11},,0,1,,may-a$/);
    const b = await exported('?batchId=may-b');
    expect(b.rows).toHaveLength(2);
    for (const row of b.rows) expect(row).toMatch(/^[2-9A-HJKMNP-Z]{11},,0,1,,may-b$/);
    const all = await exported('');
    expect(all.disposition).toBe('attachment; filename="may.csv"');
    expect(all.rows).toEqual([...a.rows, ...b.rows]);
    expect(new Set(all.rows.map((row) => row.split(',')[0])).size).toBe(5);

    const unknown = await server.call('GET', '/v1/coupon-series/may/codes.csv?batchId=may-c');
    expect(unknown).toMatchObject({
      status: 404,
      contentType: 'application/problem+json; charset=utf-8',
      body: { code: 'coupon_batch_not_found', field: '/batchId' },
    });
    const malformed = await server.call('GET', '/v1/coupon-series/may/codes.csv?batchId=a%2Cb');
    expect(malformed).toMatchObject({ status: 400, body: { field: '/batchId' } });

    const docs = await server.call('GET', '/docs/json', { key: null });
    const parameters = docs.body.paths['/v1/coupon-series/{id}/codes.csv'].get.parameters;
    expect(parameters).toContainEqual(
      expect.objectContaining({ in: 'query', name: 'batchId', required: false }),
    );
  });

  it('answers 429 too_many_failed_lookups after a burst of unknown codes', async () => {
    const guesses = Array.from({ length: 20 }, (_, i) => `GUESS${i}`);
    const call = () =>
      server.call('POST', '/v1/coupons/check', {
        key: server.keys.web,
        body: { storeId: 'msk-1', codes: guesses },
      });
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'too_many_failed_lookups', retryAfterSeconds: 6 });
  });
});
