import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  for (let i = 0; i < 120; i++) {
    const answer = await server.call('POST', '/v1/customers', {
      body: {
        identifiers: [{ kind: 'card', value: `PAGE${String(i).padStart(4, '0')}` }],
        lastName: i % 10 === 0 ? 'Кузнецова' : `Tester${i}`,
      },
    });
    expect(answer.status).toBe(201);
  }
});
afterAll(() => server.close());

describe('listing customers', () => {
  it('pages through 120 customers by 50 and sees each exactly once, in creation order', async () => {
    const seen: number[] = [];
    const pages: number[] = [];
    let after: number | null = null;
    do {
      const query: string = after === null ? '' : `&after=${after}`;
      const answer = await server.call('GET', `/v1/customers?limit=50${query}`, {
        key: server.keys.analyst,
      });
      expect(answer.status).toBe(200);
      pages.push(answer.body.items.length);
      seen.push(...answer.body.items.map((c: { number: number }) => c.number));
      after = answer.body.nextAfter;
    } while (after !== null);
    expect(pages).toEqual([50, 50, 20]);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(120);
  });

  it('searches names case-insensitively, in Cyrillic too, and identifiers in any form', async () => {
    const byName = await server.call('GET', `/v1/customers?q=${encodeURIComponent('кузнец')}`);
    expect(byName.body.items).toHaveLength(12);
    const byCard = await server.call('GET', '/v1/customers?q=page%200042');
    expect(byCard.body.items.map((c: { lastName: string }) => c.lastName)).toEqual(['Tester42']);
    const literal = await server.call('GET', '/v1/customers?q=%25');
    expect(literal.body.items).toEqual([]);
  });

  it('refuses an unknown query parameter and a limit out of range', async () => {
    const unknown = await server.call('GET', '/v1/customers?page=2');
    expect(unknown.body).toMatchObject({ status: 400, code: 'unknown_field', field: '/page' });
    const big = await server.call('GET', '/v1/customers?limit=501');
    expect(big.body).toMatchObject({ status: 400, field: '/limit' });
  });
});

describe('searching customers as support types', () => {
  let annaId: string;
  beforeAll(async () => {
    const anna = await server.call('POST', '/v1/customers', {
      body: {
        firstName: 'Анна',
        lastName: 'Смирнова',
        identifiers: [
          { kind: 'phone', value: '+79123456789' },
          { kind: 'card', value: '2000 0000 0001' },
          { kind: 'email', value: 'anna@example.com' },
        ],
      },
    });
    expect(anna.status).toBe(201);
    annaId = anna.body.id;
  });

  it.each([
    '8 (912) 345-67-89',
    '+7 912 345 67 89',
    '9123456789',
    '89123456789',
    '200000000001',
    '2000-0000-0001',
    'Anna@Example.com',
    'смирн',
    'Анна Смирнова',
    'Смирнова Анна',
  ])('finds exactly her by %s', async (typed) => {
    const found = await server.call('GET', `/v1/customers?q=${encodeURIComponent(typed)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([annaId]);
    expect(found.body.nextAfter).toBeNull();
  });

  it('finds nobody by a phone one digit off or a name she does not have', async () => {
    for (const typed of ['8 (912) 345-67-80', 'Петрова']) {
      const found = await server.call('GET', `/v1/customers?q=${encodeURIComponent(typed)}`);
      expect(found.body.items).toEqual([]);
    }
  });
});
