import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mechanics } from '../../engine/mechanics/registry.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GET /v1/mechanics', () => {
  it('lists every mechanic with ru/en name and description, its schema and an example', async () => {
    const answer = await server.call('GET', '/v1/mechanics', { key: server.keys.pos });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((m: { code: string }) => m.code)).toEqual(
      mechanics.map((m) => m.code),
    );
    const percentOff = answer.body.items[0];
    expect(percentOff).toMatchObject({
      code: 'percent-off',
      name: { ru: 'Скидка в процентах', en: 'Percent off' },
      component: 'PercentOffArgs',
      example: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1500 },
    });
    expect(percentOff.argsSchema.properties.percentBp).toMatchObject({
      type: 'integer',
      'x-perk-label': { ru: 'Скидка, %', en: 'Discount, %' },
      'x-perk-unit': 'percent-bp',
      examples: [1500],
    });
    expect(percentOff.argsSchema.properties.scope['x-perk-widget']).toBe('product-scope');
  });

  it('gives examples a promotion can be saved with', async () => {
    const { body } = await server.call('GET', '/v1/mechanics');
    for (const [i, mechanic] of body.items.entries()) {
      const saved = await server.call('POST', '/v1/promotions', {
        body: {
          id: `example-${i}`,
          name: mechanic.name.ru,
          status: 'draft',
          stacking: { groupId: 'default', priority: 0, exclusive: false },
          mechanic: mechanic.example,
        },
      });
      expect(saved.status, mechanic.code).toBe(201);
    }
  });
});

describe('the OpenAPI document', () => {
  it("names each mechanic's args schema as a component and refers to it from promotions", async () => {
    const { body } = await server.call('GET', '/docs/json', { key: null });
    const schemas = body.components.schemas;
    for (const mechanic of mechanics) {
      const name = mechanic.code.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
      expect(schemas[`${name}Args`], mechanic.code).toBeDefined();
    }
    expect(schemas.GiftArgs).toMatchObject({
      title: 'Gift',
      'x-perk-name': { ru: 'Подарок', en: 'Gift' },
      examples: [{ kind: 'gift', sku: 'tote-bag' }],
    });
    expect(schemas.GiftArgs).not.toHaveProperty('x-perk-component');
    const promotionBody = body.paths['/v1/promotions'].post.requestBody.content['application/json'];
    expect(promotionBody.schema).toEqual({ $ref: '#/components/schemas/PromotionDefinition' });
    expect(schemas.PromotionDefinition.properties.mechanic.anyOf).toContainEqual({
      $ref: '#/components/schemas/GiftArgs',
    });
    expect(JSON.stringify(body)).not.toContain('x-perk-component');
  });
});
