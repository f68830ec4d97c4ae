import { describe, expect, it } from 'vitest';
import { withComponents } from './openapi-components.ts';

type Json = Record<string, any>;

const money = {
  type: 'object',
  properties: { amountMinor: { type: 'integer' } },
  'x-perk-component': 'Money',
};
const problem = { type: 'object', 'x-perk-component': 'Problem' };
const answer = (schema: object) => ({
  description: 'Default Response',
  content: { 'application/json': { schema } },
});

function documentWith(price: object, change: object) {
  return {
    openapi: '3.1.0',
    paths: {
      '/v1/prices': {
        post: {
          security: [],
          requestBody: { content: { 'application/json': { schema: price } } },
          responses: { '200': answer(change), '404': answer(problem), '409': answer(problem) },
        },
      },
    },
    components: { securitySchemes: {} },
  };
}

describe('withComponents', () => {
  it('emits a named schema once and refers to it wherever it appears', () => {
    const document: Json = withComponents(documentWith(money, { type: 'array', items: money }));
    const post = document.paths['/v1/prices'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Money',
    });
    expect(post.responses['200'].content['application/json'].schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Money' },
    });
    expect(document.components).toEqual({
      securitySchemes: {},
      schemas: {
        Money: { type: 'object', properties: { amountMinor: { type: 'integer' } } },
        Problem: { type: 'object' },
      },
      responses: {
        Conflict: {
          description: expect.stringContaining('idempotency key'),
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
        NotFound: {
          description: 'What the path names does not exist',
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
      },
    });
    expect(post.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
  });

  it('lets every operation behind a key answer 401 and 403', () => {
    const secured: Json = documentWith(money, money);
    delete secured.paths['/v1/prices'].post.security;
    const { responses } = withComponents(secured).paths['/v1/prices'].post;
    expect(Object.keys(responses)).toEqual(['200', '401', '403', '404', '409']);
    expect(responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
  });

  it('keeps the annotations a use adds beside a reference, the plainest use being the component', () => {
    const described = { ...money, description: 'The price after discounts' };
    const document: Json = withComponents(documentWith(described, money));
    expect(
      document.paths['/v1/prices'].post.requestBody.content['application/json'].schema,
    ).toEqual({
      allOf: [{ $ref: '#/components/schemas/Money' }],
      description: 'The price after discounts',
    });
    expect(document.components.schemas).toEqual({
      Money: { type: 'object', properties: { amountMinor: { type: 'integer' } } },
      Problem: { type: 'object' },
    });
  });

  it('refuses two schemas of one name that differ in structure, saying where', () => {
    const other = { ...money, required: ['amountMinor'] };
    expect(() => withComponents(documentWith(money, other))).toThrow(
      'The schema named Money has another structure at #/paths//v1/prices/post/responses/200/content/application/json/schema',
    );
  });
});
