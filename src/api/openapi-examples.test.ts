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
    await send('POST /v1/products', 'example');
    const anna = await send('POST /v1/customers', 'example');
    const customer = (key: string) => (key.split(' ')[1] as string).replace('{id}', anna.id);
    const credit = 'POST /v1/customers/{id}/points/adjustments';
    await send(credit, 'credit', customer(credit));
    await send('POST /v1/promotions', 'percentOff');
    await send('POST /v1/promotions', 'december');

    const calculation = await send('POST /v1/carts/calculate', 'card');
    expect(calculation.customer).toEqual({ status: 'identified', id: anna.id });
    expect(calculation.points.redemptionRefusal).toBeNull();
    await send('POST /v1/carts/calculate', 'anonymous');
    const receipt = await send('POST /v1/purchases', 'points');
    expect(receipt.redeemedPoints).toBe(50);
    expect(receipt.totalMinor).toBe(calculation.totalMinor);
    const returns = 'POST /v1/purchases/{id}/returns';
    const returned = await send(
      returns,
      'example',
      `/v1/purchases/${receipt.transactionId}/returns`,
    );
    expect(returned.lines).toEqual([expect.objectContaining({ lineId: '1', quantity: 1 })]);

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
