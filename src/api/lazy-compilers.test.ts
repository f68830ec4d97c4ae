import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { createTestDatabase } from '../store/test-database.ts';
import { buildApp } from './app.ts';
import { lazyCompilers } from './lazy-compilers.ts';
import { validatorCompiler } from './validator.ts';

const body = {
  type: 'object',
  required: ['quantity', 'sku'],
  properties: { quantity: { type: 'integer', minimum: 1 }, sku: { type: 'string' } },
  additionalProperties: false,
};
const answer = {
  type: 'object',
  properties: { sku: { type: 'string' } },
  additionalProperties: false,
};

function smallApp() {
  const compilers = lazyCompilers();
  const app = Fastify({
    logger: false,
    schemaController: { compilersFactory: { buildSerializer: compilers.buildSerializer } },
  });
  app.setValidatorCompiler(compilers.validator(validatorCompiler));
  // The answer carries a field its schema leaves out: only a compiled serializer drops it.
  const reply = (request: { body: unknown }) => ({ ...(request.body as object), secret: 's' });
  app.post('/one', { schema: { body, response: { 200: answer } } }, reply);
  app.post('/two', { schema: { body, response: { 200: answer } } }, reply);
  return { app, compilers };
}

describe('route schemas compiled on first use', () => {
  it('validates and serializes as compiled ones do, each route compiling only its own', async () => {
    const { app, compilers } = smallApp();
    await app.ready();
    const bad = await app.inject({ method: 'POST', url: '/one', payload: { quantity: 0 } });
    expect(bad.statusCode).toBe(400);
    // Every fault at once (allErrors), read off the lazily compiled validator.
    expect(bad.json().message).toContain("must have required property 'sku'");
    expect(bad.json().message).toContain('must be >= 1');
    const good = await app.inject({
      method: 'POST',
      url: '/one',
      payload: { quantity: 2, sku: 'A' },
    });
    expect(good.json()).toEqual({ sku: 'A' });
    // Route /two's body validator and 200 serializer are still waiting: a node warms up the
    // validator, and the serializer waits for a first answer or a warm-up of everything.
    expect(await compilers.warmUp('validators')).toBe(1);
    expect(await compilers.warmUp('validators')).toBe(0);
    expect(await compilers.warmUp()).toBe(1);
    expect(await compilers.warmUp()).toBe(0);
    const two = await app.inject({
      method: 'POST',
      url: '/two',
      payload: { quantity: 1, sku: 'B' },
    });
    expect(two.json()).toEqual({ sku: 'B' });
  });

  it('compiles every schema of Perk’s API when warmed up, none of them at ready', {
    timeout: 180_000,
  }, async () => {
    const database = await createTestDatabase();
    try {
      const compilers = lazyCompilers();
      const app = await buildApp({
        db: database.db,
        config: { ...readConfig({ PERK_OVERLOAD_DELAY_MS: '0' }), logLevel: 'silent' },
        compilers,
      });
      await app.ready();
      const compiled = await compilers.warmUp();
      expect(compiled).toBeGreaterThan(200);
      expect(await compilers.warmUp()).toBe(0);
      await app.close();
    } finally {
      await database.close();
    }
  });
});
