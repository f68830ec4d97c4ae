import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

// The reference page, Swagger UI and the OpenAPI document are public and served from the
// package itself (a till network often has no way out to a CDN).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = (path: string) => fetch(server.baseUrl + path, { redirect: 'manual' });

describe('API documentation', () => {
  it('serves the Scalar reference page at /docs with its script from this server', async () => {
    const bare = await get('/docs');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/docs/');
    const page = await get('/docs/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="js/scalar.js"');
    expect(html).not.toContain('cdn.jsdelivr.net');
    const script = await get('/docs/js/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
    // The page reads the document beside it: /docs/json.
    expect(html).toContain('"url":"./json"');
  });

  it('serves Swagger UI at /docs/swagger and the document at /docs/json, without a key', async () => {
    const ui = await get('/docs/swagger/');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const openapi = await server.call('GET', '/docs/json', { key: null });
    expect(openapi.status).toBe(200);
    expect(openapi.body.info.title).toBe('Perk API');
    expect(Object.keys(openapi.body.paths).some((p) => p.startsWith('/docs'))).toBe(false);
  });

  it('describes redeemPoints on a purchase as spent, on a calculation as previewed', async () => {
    const { paths, components } = (await server.call('GET', '/docs/json', { key: null })).body;
    const bodyOf = (path: string) => {
      const { $ref } = paths[path].post.requestBody.content['application/json'].schema;
      return components.schemas[$ref.replace('#/components/schemas/', '')].properties;
    };
    expect(bodyOf('/v1/purchases').redeemPoints.description).toMatch(
      /^Points the customer pays with: spent by this commit/,
    );
    expect(bodyOf('/v1/carts/calculate').redeemPoints.description).toMatch(/previewed, not spent/);
  });
});
