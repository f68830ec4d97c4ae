import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorRole, Role } from '../store/schema.ts';
import { type ConsoleClient, cheapPasswords, operatorSession } from './test-operators.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * Who may call every route: API-key roles, then operator roles (space-separated; '' none), or
 * 'public'. Every route of the OpenAPI document must be here, so a new route cannot be forgotten.
 * The key columns are the access keys had before operators existed, unchanged.
 */
const table: Record<string, [keys: string, operators: string] | 'public'> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'POST /v1/session': 'public',
  'GET /v1/session': ['', 'admin marketer support analyst'],
  'DELETE /v1/session': ['', 'admin marketer support analyst'],
  'POST /v1/session/password': ['', 'admin marketer support analyst'],
  'POST /v1/operators': ['admin', 'admin'],
  'GET /v1/operators': ['admin', 'admin'],
  'GET /v1/operators/:id': ['admin', 'admin'],
  'PATCH /v1/operators/:id': ['admin', 'admin'],
  'POST /v1/operators/:id/password': ['admin', 'admin'],
  'POST /v1/keys': ['admin', 'admin'],
  'GET /v1/keys': ['admin', 'admin'],
  'DELETE /v1/keys/:id': ['admin', 'admin'],
  'GET /v1/audit': ['admin', 'admin marketer support analyst'],
  'PUT /v1/stores/:id': ['admin', 'admin'],
  'GET /v1/stores/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/stores': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/carts/calculate': ['pos web admin', 'admin marketer support analyst'],
  'POST /v1/prices': ['pos web admin', 'admin marketer support analyst'],
  'GET /v1/integration-log': ['admin', 'admin support'],
  'GET /v1/calculations/:id': ['admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/calculations': ['admin analyst', 'admin marketer support analyst'],
  'POST /v1/purchases': ['pos web admin', 'admin'],
  'POST /v1/purchases/offline': ['pos web admin', 'admin'],
  'GET /v1/purchases/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/purchases/:id/trace': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/purchases/:id/returns': ['pos web admin', 'admin'],
  'POST /v1/purchases/:id/cancel': ['pos web admin', 'admin'],
  'GET /v1/customers/:id/purchases': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/promotions': ['admin', 'admin marketer'],
  'GET /v1/promotions': ['pos web admin analyst', 'admin marketer support analyst'],
  'PUT /v1/promotions/:id': ['admin', 'admin marketer'],
  'GET /v1/promotions/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/promotions/:id/status': ['admin', 'admin marketer'],
  'GET /v1/ruleset': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/ruleset/settings': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/ruleset/versions': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/ruleset/versions/:version/diff': [
    'pos web admin analyst',
    'admin marketer support analyst',
  ],
  'POST /v1/promotions/preview': ['pos web admin', 'admin marketer support analyst'],
  'GET /v1/analytics/promotions': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/watch/findings': ['pos web admin analyst', 'admin marketer support analyst'],
  'PUT /v1/ruleset/settings': ['admin', 'admin marketer'],
  'PATCH /v1/ruleset/settings': ['admin', 'admin marketer'],
  'GET /v1/mechanics': ['pos web admin analyst', 'admin marketer support analyst'],
  'PUT /v1/categories': ['admin', 'admin'],
  'POST /v1/history/checks': ['admin', 'admin'],
  'POST /v1/imports/customers': ['admin', 'admin'],
  'POST /v1/categories': ['admin', 'admin'],
  'PUT /v1/categories/:id': ['admin', 'admin'],
  'GET /v1/categories': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/categories/product-counts': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/catalogue/scope-count': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/imports/categories': ['admin', 'admin'],
  'POST /v1/imports/products': ['admin', 'admin'],
  'PUT /v1/products': ['admin', 'admin'],
  'POST /v1/products': ['admin', 'admin'],
  'PUT /v1/products/:sku': ['admin', 'admin'],
  'GET /v1/products': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/products/:sku': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/customers': ['pos web admin', 'admin support'],
  'GET /v1/customers': ['pos web admin analyst', 'admin marketer support analyst'],
  'PATCH /v1/customers/:id': ['pos web admin', 'admin support'],
  'GET /v1/customers/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/customers/:id/merge': ['admin', 'admin support'],
  'GET /v1/customers/lookup': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/customers/:id/identifiers': ['pos web admin', 'admin support'],
  'DELETE /v1/customers/:id/identifiers/:kind/:value': ['pos web admin', 'admin support'],
  'PUT /v1/customer-fields/:key': ['admin', 'admin'],
  'GET /v1/customer-fields': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/points': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/wallet/apple': ['pos web admin', 'admin support'],
  'GET /v1/customers/:id/wallet/google': ['pos web admin', 'admin support'],
  'GET /v1/customers/:id/points/lots': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/points/entries': [
    'pos web admin analyst',
    'admin marketer support analyst',
  ],
  'POST /v1/customers/:id/points/adjustments': ['admin', 'admin support'],
  'GET /v1/points/settings': ['pos web admin analyst', 'admin marketer support analyst'],
  'PUT /v1/points/settings': ['admin', 'admin'],
  'PATCH /v1/points/settings': ['admin', 'admin'],
  'PUT /v1/tiers': ['admin', 'admin marketer'],
  'PATCH /v1/tiers': ['admin', 'admin marketer'],
  'GET /v1/tiers': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/tiers/period-end': ['admin', 'admin marketer'],
  'GET /v1/customers/:id/tier': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/customers/:id/tier': ['admin', 'admin support'],
  'POST /v1/coupon-series': ['admin', 'admin marketer'],
  'GET /v1/coupon-series': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/coupon-series/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/coupon-series/:id/codes': ['admin', 'admin marketer'],
  'GET /v1/coupon-series/:id/codes.csv': ['admin', 'admin marketer'],
  'POST /v1/coupon-series/:id/issue': ['admin', 'admin marketer'],
  'POST /v1/coupons/check': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/coupons': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/gift-cards/batches': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/gift-cards': ['admin', 'admin marketer'],
  'POST /v1/gift-cards/activate': ['admin', 'admin marketer'],
  'POST /v1/gift-cards/balance': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/gift-cards/statement': ['admin', 'admin support'],
  'GET /v1/customers/:id/gift-cards': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/segments': ['admin', 'admin marketer'],
  'GET /v1/segments': ['pos web admin analyst', 'admin marketer support analyst'],
  'PUT /v1/segments/:id': ['admin', 'admin marketer'],
  'GET /v1/segments/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/segments/preview': ['admin', 'admin marketer'],
  'GET /v1/segment-conditions': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/segments/:id/members': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/segments/:id/explain/:customerId': [
    'pos web admin analyst',
    'admin marketer support analyst',
  ],
  'GET /v1/customers/:id/segments': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/segments/:id/members.csv': ['pos web admin analyst', 'admin marketer support analyst'],
  'POST /v1/segments/:id/members.csv': ['admin', 'admin marketer'],
  'POST /v1/campaigns': ['admin', 'admin marketer'],
  'GET /v1/campaigns': ['pos web admin analyst', 'admin marketer support analyst'],
  'PUT /v1/campaigns/:id': ['admin', 'admin marketer'],
  'GET /v1/campaigns/:id': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/campaigns': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/customers/:id/referral-code': [
    'pos web admin analyst',
    'admin marketer support analyst',
  ],
  'POST /v1/customers/:id/actions': ['pos web admin analyst', 'admin support'],
  'POST /v1/carts/abandoned': ['web admin', 'admin'],
  'GET /v1/events': ['pos web admin analyst', 'admin marketer support analyst'],
  'GET /v1/jobs': ['admin', 'admin'],
  'POST /v1/jobs/:name/run': ['admin', 'admin'],
  'GET /v1/analytics/overview': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/cohorts': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/forecast': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/uplift': ['admin analyst', 'admin marketer analyst'],
  'POST /v1/analytics/simulations': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/simulations': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/simulations/:id': ['admin analyst', 'admin marketer analyst'],
  'POST /v1/communications/events': ['web admin', 'admin marketer'],
  'GET /v1/analytics/repeat-purchases': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/economics': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/analytics/rfm': ['admin analyst', 'admin marketer analyst'],
  'POST /v1/watch/backtests': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/watch/backtests': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/watch/backtests/:id': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/watch/alerts/kinds': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/watch/alerts/rules': ['admin analyst', 'admin marketer analyst'],
  'GET /v1/watch/alerts/rules/:id': ['admin analyst', 'admin marketer analyst'],
  'POST /v1/watch/alerts/rules': ['admin analyst', 'admin analyst'],
  'PUT /v1/watch/alerts/rules/:id': ['admin analyst', 'admin analyst'],
  'GET /v1/watch/alerts': ['admin analyst', 'admin marketer analyst'],
  'POST /v1/webhooks': ['admin', 'admin'],
  'GET /v1/webhooks': ['admin', 'admin'],
  'PATCH /v1/webhooks/:id': ['admin', 'admin'],
  'GET /v1/webhook-deliveries': ['admin', 'admin'],
  'POST /v1/webhook-deliveries/:id/replay': ['admin', 'admin'],
  'POST /v1/webhook-deliveries/replay': ['admin', 'admin'],
};

const keyRoles: Role[] = ['pos', 'web', 'admin', 'analyst'];
const operatorRoles: OperatorRole[] = ['admin', 'marketer', 'support', 'analyst'];

// Path parameters that pass every route's schema, so an allowed caller reaches validation or the
// handler (and gets 2xx or 4xx), never 403.
const sample: Record<string, string> = {
  id: '0b8f2f36-4c8e-4a55-9d4f-6f1f1c0e2a11',
  customerId: '0b8f2f36-4c8e-4a55-9d4f-6f1f1c0e2a11',
  sku: 'sku-1',
  kind: 'card',
  value: 'CARD-1',
  key: 'favourite_shop',
  name: 'gift-card-expiry',
};

let server: TestServer;
const sessions = new Map<OperatorRole, ConsoleClient>();
beforeAll(async () => {
  server = await startTestServer(cheapPasswords);
  for (const role of operatorRoles) sessions.set(role, await operatorSession(server, role));
});
afterAll(() => server.close());

async function send(route: string, credentials: { key?: string; session?: ConsoleClient }) {
  const [method, pattern] = route.split(' ') as [string, string];
  const url = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => sample[name] as string);
  const headers: Record<string, string> = {};
  if (credentials.key) headers.authorization = `Bearer ${credentials.key}`;
  if (credentials.session) {
    headers.cookie = credentials.session.cookie;
    headers['x-csrf-token'] = credentials.session.csrfToken;
  }
  const unsafe = !['GET', 'HEAD'].includes(method);
  const answer = await server.app.inject({
    method: method as 'GET',
    url,
    headers: unsafe ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(unsafe ? { payload: '{}' } : {}),
  });
  const body = answer.body ? (JSON.parse(answer.body) as { code?: string }) : {};
  return { status: answer.statusCode, code: body.code };
}

function expectAccess(answer: { status: number; code?: string }, allowed: boolean, who: string) {
  if (allowed) {
    expect(answer.status, who).toBeLessThan(500);
    expect([401, 403], `${who}: ${answer.code}`).not.toContain(answer.status);
  } else {
    expect([answer.status, answer.code], who).toEqual([403, 'role_not_allowed']);
  }
}

describe('route permissions', () => {
  it('cover every route of the API', async () => {
    const document = server.app.swagger() as { paths: Record<string, object> };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`,
      ),
    );
    expect(routes.sort()).toEqual(Object.keys(table).sort());
  });

  // Logging out ends the session the other routes are called with, so it goes last.
  const routes = Object.keys(table).sort(
    (a, b) => Number(a === 'DELETE /v1/session') - Number(b === 'DELETE /v1/session'),
  );

  it.each(routes)('%s: 403 exactly for the roles not listed', async (route) => {
    const rule = table[route] as (typeof table)[string];
    if (rule === 'public') {
      const answer = await send(route, {});
      expect([401, 403]).not.toContain(answer.status);
      return;
    }
    const [keys, operators] = rule.map((list) => list.split(' '));
    for (const role of keyRoles) {
      const answer = await send(route, { key: server.keys[role] });
      expectAccess(answer, keys?.includes(role) === true, `key ${role}`);
    }
    for (const role of operatorRoles) {
      const answer = await send(route, { session: sessions.get(role) });
      expectAccess(answer, operators?.includes(role) === true, `operator ${role}`);
    }
    expect((await send(route, {})).status).toBe(401);
  });
});
