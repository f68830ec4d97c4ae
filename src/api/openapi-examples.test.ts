import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationExamples } from './openapi-examples.ts';
import { startTestServer, type TestServer } from './test-server.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, any>;
let server: TestServer;
let document: Json;
beforeAll(async () => {
  server = await startTestServer();
  document = (await server.call('GET', '/docs/json', { key: null })).body;
});
afterAll(() => server.close());

function operations(): [string, Json][] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, op]): [string, Json] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  );
}

/** Every example in the document with the schema it must satisfy. */
function documentedExamples(): { where: string; schema: Json; value: unknown }[] {
  const found: { where: string; schema: Json; value: unknown }[] = [];
  for (const [operation, op] of operations()) {
    const answers = Object.entries(op.responses as Json).map(([status, answer]) => [
      status,
      answer.content ?? {},
    ]);
    for (const [part, content] of [['request', op.requestBody?.content ?? {}], ...answers]) {
      for (const media of Object.values(content as Json) as Json[]) {
        for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
          found.push({
            where: `${operation} ${part} ${name}`,
            schema: media.schema,
            value: example.value,
          });
        }
      }
    }
  }
  return found;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** An answer with its ids and instants, which differ from run to run, blanked. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, masked(v)]));
  }
  if (typeof value === 'string' && uuid.test(value)) return '<id>';
  if (typeof value === 'string' && instant.test(value)) return '<instant>';
  return value;
}

describe('the examples of the OpenAPI document', () => {
  it('give every operation with a request body an example of it', () => {
    const missing = operations()
      .filter(([, op]) => op.requestBody)
      .filter(([, op]) =>
        Object.values(op.requestBody.content as Json).some((media) => !media.examples),
      )
      .map(([operation]) => operation);
    expect(
      missing,
      `Add an example of the request body under these keys in src/api/openapi-examples.ts: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it('belong to operations and answers that exist', () => {
    const known = new Map(operations());
    for (const [key, examples] of Object.entries(operationExamples)) {
      const op = known.get(key);
      expect(op, `${key} in src/api/openapi-examples.ts names no operation`).toBeDefined();
      if (examples.request) expect(op?.requestBody, `${key} has no request body`).toBeDefined();
      for (const status of Object.keys(examples.responses ?? {})) {
        expect(op?.responses[status]?.content, `${key} has no answer ${status}`).toBeDefined();
      }
    }
  });

  it('show the answers of calculate, commit, return and customer', () => {
    const examples = (path: string, method: string, status: string) =>
      Object.keys(
        document.paths[path][method].responses[status].content['application/json'].examples ?? {},
      );
    expect(examples('/v1/carts/calculate', 'post', '200')).toEqual(['example']);
    expect(examples('/v1/purchases', 'post', '201')).toEqual(['example']);
    expect(examples('/v1/purchases/{id}/returns', 'post', '201')).toEqual(['example']);
    expect(examples('/v1/customers', 'post', '201')).toEqual(['example']);
    expect(examples('/v1/customers/{id}', 'get', '200')).toEqual(['example']);
  });

  it('each satisfy the schema the document gives them', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const examples = documentedExamples();
    expect(examples.length).toBeGreaterThan(50);
    for (const { where, schema, value } of examples) {
      const validate = ajv.compile({ ...schema, components: document.components });
      const valid = validate(value);
      expect(valid ? [] : validate.errors, where).toEqual([]);
    }
  });

  it('are accepted, in order, by a server with an empty programme', async () => {
    const example = (key: string, name: string) =>
      operationExamples[key]?.request?.[name]?.value as Json;
    const send = async (key: string, name: string, path?: string) => {
      const [method = '', documented = ''] = key.split(' ');
      const answer = await server.call(method, path ?? documented, { body: example(key, name) });
      expect(answer.status, `${key} ${name}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body;
    };
    await send('PUT /v1/stores/{id}', 'moscow', '/v1/stores/msk-tverskaya');
    await send('PUT /v1/categories', 'example');
    await send('PUT /v1/products', 'example');
    const anna = await send('POST /v1/customers', 'example');
    const customer = (key: string) => (key.split(' ')[1] as string).replace('{id}', anna.id);
    const credit = 'POST /v1/customers/{id}/points/adjustments';
    await send(credit, 'credit', customer(credit));
    await send('POST /v1/history/checks', 'example');
    await send('POST /v1/promotions', 'percentOff');
    const calculation = await send('POST /v1/carts/calculate', 'card');
    const receipt = await send('POST /v1/purchases', 'points');
    const returns = 'POST /v1/purchases/{id}/returns';
    const path = `/v1/purchases/${receipt.transactionId}/returns`;
    const returned = await send(returns, 'example', path);
    // The documented answers are these very answers, ids and instants aside.
    const documented = (key: string, status: string) =>
      operationExamples[key]?.responses?.[status]?.example?.value;
    expect(masked(anna)).toEqual(masked(documented('POST /v1/customers', '201')));
    expect(masked(calculation)).toEqual(masked(documented('POST /v1/carts/calculate', '200')));
    expect(masked(receipt)).toEqual(masked(documented('POST /v1/purchases', '201')));
    expect(masked(returned)).toEqual(masked(documented(returns, '201')));

    await send('POST /v1/products', 'example');
    await send('POST /v1/promotions', 'december');
    await send('POST /v1/carts/calculate', 'anonymous');
    const patch = 'PATCH /v1/customers/{id}';
    await send(patch, 'example', customer(patch));
    const email = 'POST /v1/customers/{id}/identifiers';
    await send(email, 'example', customer(email));
    await send('POST /v1/coupon-series', 'unique');
    await send('POST /v1/coupon-series', 'shared');
    await send('POST /v1/segments', 'rule');
    await send('PUT /v1/tiers', 'example');
    await send('POST /v1/campaigns', 'birthday');
    await send('POST /v1/campaigns', 'streak');
    await send('PUT /v1/ruleset/settings', 'example');
    await send('PUT /v1/points/settings', 'example');
    await send('POST /v1/gift-cards', 'example');
    await send('POST /v1/keys', 'example');
    await send('POST /v1/operators', 'example');
  });
});
