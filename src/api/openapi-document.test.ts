import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

// Bytes of GET /docs/json before shared schemas became components (measured on 2026-12-05).
const bytesBefore = 762_651;

type Json = Record<string, any>;
let server: TestServer;
let text: string;
let document: Json;
beforeAll(async () => {
  server = await startTestServer();
  const answer = await fetch(`${server.baseUrl}/docs/json`);
  text = await answer.text();
  document = JSON.parse(text);
});
afterAll(() => server.close());

/** Every operation as `METHOD /path` with its object. */
function operations(): [string, Json][] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, op]): [string, Json] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  );
}

/** Every `$ref` in the document. */
function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('stays under half the size it had before shared components', () => {
    const bytes = Buffer.byteLength(text);
    expect(bytes, `GET /docs/json is ${bytes} bytes`).toBeLessThan(bytesBefore / 2);
  });

  it('answers every refusal with a shared response whose body is the Problem schema', () => {
    const { responses, schemas } = document.components;
    for (const [operation, op] of operations()) {
      for (const [status, answer] of Object.entries(op.responses as Json)) {
        if (!/^4/.test(status)) continue;
        expect(answer.$ref, `${operation} ${status}`).toMatch(/^#\/components\/responses\/\w+$/);
      }
    }
    expect(responses.BadRequest).toEqual({
      description: expect.stringContaining('every field at fault'),
      content: {
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      },
    });
    expect(schemas.Problem.required).toEqual([
      'type',
      'title',
      'status',
      'code',
      'detail',
      'instance',
      'requestId',
    ]);
    const status = document.paths['/v1/purchases'].post.responses;
    expect(Object.keys(status)).toEqual([
      '200',
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '422',
    ]);
    expect(status['422']).toEqual({ $ref: '#/components/responses/UnprocessableEntity' });
    expect(Object.keys(document.paths['/v1/keys'].get.responses)).toEqual(['200', '401', '403']);
    expect(Object.keys(document.paths['/health'].get.responses)).toEqual(['200']);
  });

  it('gives every operation a summary, a description and one group of the reference', () => {
    expect(document.openapi).toBe('3.1.0');
    const groups = (document.tags as { name: string; description: string }[]).map((t) => t.name);
    expect(groups).toEqual([
      'Customers',
      'Points',
      'Purchases',
      'Calculations',
      'Promotions',
      'Promotion watch',
      'Analytics',
      'Coupons',
      'Gift cards',
      'Segments',
      'Tiers',
      'Campaigns',
      'Catalogue',
      'History',
      'Stores',
      'Access',
      'Operators',
      'Jobs',
      'Webhooks',
      'Health',
    ]);
    const faults: string[] = [];
    for (const [operation, op] of operations()) {
      if (!op.summary) faults.push(`${operation}: add a summary`);
      if (!op.description || op.description === op.summary) {
        faults.push(`${operation}: add a description that says more than the summary`);
      }
      if (op.tags?.length !== 1 || !groups.includes(op.tags[0])) {
        faults.push(
          `${operation}: tags ${JSON.stringify(op.tags)}; give one key of operationTags in src/api/openapi-tags.ts`,
        );
      }
    }
    expect(faults).toEqual([]);
    expect(document.paths['/v1/carts/calculate'].post.tags).toEqual(['Calculations']);
    expect(document.paths['/v1/session'].post.tags).toEqual(['Operators']);
  });

  it('names the shared schemas readably, and every reference leads to one', () => {
    const { schemas, responses } = document.components;
    for (const name of Object.keys(schemas)) expect(name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    for (const ref of refs(document)) {
      const [, kind, name] = ref.match(/^#\/components\/(schemas|responses)\/(\w+)$/) ?? [];
      expect(kind, ref).toBeDefined();
      expect((kind === 'schemas' ? schemas : responses)[name as string], ref).toBeDefined();
    }
    for (const name of [
      'CalculateRequest',
      'CartLine',
      'CartCalculation',
      'CommitPurchaseRequest',
      'PurchaseReceipt',
      'ReturnRequest',
      'ReturnReceipt',
      'Customer',
      'PromotionDefinition',
      'ProductSelector',
      'PointsBalance',
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
    const calculate = document.paths['/v1/carts/calculate'].post;
    expect(calculate.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CalculateRequest',
    });
    expect(schemas.CalculateRequest.properties.lines.items).toEqual({
      $ref: '#/components/schemas/CartLine',
    });
    expect(text).not.toContain('def-');
    expect(text).not.toContain('x-perk-component');
  });
});
