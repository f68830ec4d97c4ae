import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cheapPasswords, operatorSession } from '../test-operators.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

// Per-promotion figures, ruleset versions with their diff, and the preview of an unsaved
// promotion, through HTTP. Three promotions: coffee (−10 %, no limits: figures from the checks),
// tea (−50 ₽ a line, a 200 ₽ budget: from its counters) and bonus (+30 points a check, a budget
// of 100 points: from its counters); a draft that never ran.
let server: TestServer;
let customerId: string;

const stacking = { groupId: 'default', priority: 1, exclusive: false };
const coffee = {
  id: 'coffee',
  name: '−10% on coffee',
  status: 'active',
  stacking,
  mechanic: { kind: 'percent-off', scope: { skus: ['COFFEE'] }, percentBp: 1000 },
};
const tea = {
  id: 'tea',
  name: '−50 ₽ on tea',
  status: 'active',
  stacking,
  mechanic: { kind: 'amount-off', scope: { skus: ['TEA'] }, amountMinor: 5_000, per: 'line' },
  limits: { budgetMinor: 20_000 },
};
const bonus = {
  id: 'bonus',
  name: '+30 points for coffee',
  status: 'active',
  stacking,
  mechanic: {
    kind: 'extra-points',
    scope: { skus: ['COFFEE'] },
    award: { kind: 'fixed', points: 30 },
  },
  limits: { budgetPoints: 100 },
};
const draft = { ...coffee, id: 'draft', name: 'Never run', status: 'draft' };

let sequence = 0;
async function buy(sku: string, priceMinor: number, quantity: number) {
  const answer = await server.call('POST', '/v1/purchases', {
    key: server.keys.pos,
    body: {
      storeId: 'msk',
      transactionId: `t-${++sequence}`,
      customer: { id: customerId },
      lines: [{ lineId: '1', sku, unitPriceMinor: priceMinor, quantity }],
    },
  });
  expect(answer.status).toBe(201);
  return answer.body.purchaseId as string;
}
async function cancel(purchaseId: string) {
  const answer = await server.call('POST', `/v1/purchases/${purchaseId}/cancel`, {
    key: server.keys.pos,
    body: {},
  });
  expect(answer.status).toBe(201);
}

beforeAll(async () => {
  server = await startTestServer(cheapPasswords);
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'msk', region: 'RU', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  for (const body of [coffee, tea, bonus, draft]) {
    expect((await server.call('POST', '/v1/promotions', { body })).status).toBe(201);
  }
  customerId = (
    await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'HISTORY-1' }] },
    })
  ).body.id;
  await buy('COFFEE', 30_000, 1); // coffee −3 000, bonus +30
  await buy('COFFEE', 30_000, 2); // coffee −6 000, bonus +30
  await cancel(await buy('COFFEE', 40_000, 1)); // cancelled: counted by neither
  await buy('TEA', 10_000, 1); // tea −5 000
  await cancel(await buy('TEA', 10_000, 1)); // tea −5 000, given back by the cancel
});
afterAll(() => server.close());

describe('GET /v1/analytics/promotions', () => {
  it('answers uses, discount, points and budget left per promotion, cancels left out', async () => {
    const answer = await server.call('GET', '/v1/analytics/promotions', {
      key: server.keys.analyst,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      {
        promotionId: 'bonus',
        basis: 'counters',
        uses: 2,
        discountMinor: 0,
        points: 60,
        budgetLeftMinor: null,
        budgetLeftPoints: 40,
      },
      {
        promotionId: 'coffee',
        basis: 'checks',
        uses: 2,
        discountMinor: 9_000,
        points: 0,
        budgetLeftMinor: null,
        budgetLeftPoints: null,
      },
      {
        promotionId: 'draft',
        basis: 'checks',
        uses: 0,
        discountMinor: 0,
        points: 0,
        budgetLeftMinor: null,
        budgetLeftPoints: null,
      },
      {
        promotionId: 'tea',
        basis: 'counters',
        uses: 1,
        discountMinor: 5_000,
        points: 0,
        budgetLeftMinor: 15_000,
        budgetLeftPoints: null,
      },
    ]);
  });

  it('is for analytics readers: a till key and a support operator are refused', async () => {
    expect(
      (await server.call('GET', '/v1/analytics/promotions', { key: server.keys.pos })).status,
    ).toBe(403);
    const support = await operatorSession(server, 'support');
    expect((await support.call('GET', '/v1/analytics/promotions')).status).toBe(403);
    const marketer = await operatorSession(server, 'marketer');
    expect((await marketer.call('GET', '/v1/analytics/promotions')).status).toBe(200);
  });
});

describe('ruleset versions and their diff', () => {
  // Versions 1–4 are the four creations (the draft's changes no active promotion); then:
  beforeAll(async () => {
    const changed = {
      ...coffee,
      storeIds: ['msk'],
      mechanic: { ...coffee.mechanic, percentBp: 1500 },
    };
    expect((await server.call('PUT', '/v1/promotions/coffee', { body: changed })).status).toBe(200); // 5
    await server.call('POST', '/v1/promotions/tea/status', { body: { status: 'paused' } }); // 6
    await server.call('PATCH', '/v1/ruleset/settings', { body: { maxCheckDiscountBp: 5000 } }); // 7
  });

  it('lists versions newest first, a page at a time, with what each changed', async () => {
    const first = await server.call('GET', '/v1/ruleset/versions?limit=3', {
      key: server.keys.analyst,
    });
    expect(first.status).toBe(200);
    const brief = (items: { version: number; promotions: number; changes: object }[]) =>
      items.map(({ version, promotions, changes }) => ({ version, promotions, changes }));
    expect(brief(first.body.items)).toEqual([
      { version: 7, promotions: 2, changes: { added: 0, removed: 0, changed: 0, settings: 1 } },
      { version: 6, promotions: 2, changes: { added: 0, removed: 1, changed: 0, settings: 0 } },
      { version: 5, promotions: 3, changes: { added: 0, removed: 0, changed: 1, settings: 0 } },
    ]);
    expect(first.body.items[0]).toMatchObject({
      actor: expect.any(String),
      reason: 'ruleset settings changed',
      settingsRevision: 1,
    });
    expect(first.body.items[1].reason).toBe('promotion tea changed');
    expect(first.body.nextBefore).toBe(5);
    const second = await server.call('GET', '/v1/ruleset/versions?limit=3&before=5');
    expect(brief(second.body.items)).toEqual([
      { version: 4, promotions: 3, changes: { added: 0, removed: 0, changed: 0, settings: 0 } },
      { version: 3, promotions: 3, changes: { added: 1, removed: 0, changed: 0, settings: 0 } },
      { version: 2, promotions: 2, changes: { added: 1, removed: 0, changed: 0, settings: 0 } },
    ]);
    const last = await server.call(
      'GET',
      `/v1/ruleset/versions?limit=3&before=${second.body.nextBefore}`,
    );
    expect(brief(last.body.items)).toEqual([
      { version: 1, promotions: 1, changes: { added: 1, removed: 0, changed: 0, settings: 0 } },
    ]);
    expect(last.body.nextBefore).toBeNull();
  });

  it('gives a changed promotion field by field against the version before', async () => {
    const answer = await server.call('GET', '/v1/ruleset/versions/5/diff', {
      key: server.keys.analyst,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      version: 5,
      against: 4,
      reason: 'promotion coffee changed',
    });
    expect(answer.body.promotions).toEqual([
      {
        promotionId: 'coffee',
        name: '−10% on coffee',
        mechanic: 'percent-off',
        change: 'changed',
        fields: [
          { path: '/mechanic/percentBp', before: 1000, after: 1500 },
          { path: '/storeIds', after: ['msk'] },
        ],
      },
    ]);
    expect(answer.body.settings).toEqual([]);
  });

  it('gives removals, additions and settings against any version', async () => {
    const answer = await server.call('GET', '/v1/ruleset/versions/7/diff?against=1');
    expect(answer.body.against).toBe(1);
    expect(
      answer.body.promotions.map((p: { promotionId: string; change: string }) => [
        p.promotionId,
        p.change,
      ]),
    ).toEqual([
      ['bonus', 'added'],
      ['coffee', 'changed'],
    ]);
    expect(answer.body.settings).toEqual([
      { path: '/maxCheckDiscountBp', before: 10_000, after: 5000 },
    ]);
    const removed = await server.call('GET', '/v1/ruleset/versions/6/diff');
    expect(removed.body.promotions).toEqual([
      {
        promotionId: 'tea',
        name: '−50 ₽ on tea',
        mechanic: 'amount-off',
        change: 'removed',
        fields: [],
      },
    ]);
    const first = await server.call('GET', '/v1/ruleset/versions/1/diff');
    expect(first.body).toMatchObject({
      against: 0,
      promotions: [{ promotionId: 'coffee', change: 'added', fields: [] }],
      settings: [],
    });
  });

  it('refuses a version that does not exist, as either side', async () => {
    const missing = await server.call('GET', '/v1/ruleset/versions/99/diff');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'ruleset_version_not_found', field: '/version' });
    const against = await server.call('GET', '/v1/ruleset/versions/5/diff?against=99');
    expect(against.body).toMatchObject({ code: 'ruleset_version_not_found', field: '/against' });
  });
});

describe('POST /v1/promotions/preview', () => {
  const cart = (sku: string, priceMinor: number) => ({
    storeId: 'msk',
    lines: [{ lineId: '1', sku, unitPriceMinor: priceMinor, quantity: 1 }],
  });

  it('prices the cart with the edited promotion in place of the stored one, saving nothing', async () => {
    // Stored: −15 % on coffee (version 5); edited: −20 %. The bonus adds its 30 points either way.
    const edited = { ...coffee, mechanic: { ...coffee.mechanic, percentBp: 2000 } };
    const analyst = await operatorSession(server, 'analyst');
    const answer = await analyst.call('POST', '/v1/promotions/preview', {
      body: { definition: edited, cart: cart('COFFEE', 30_000) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.current).toEqual({
      totalMinor: 25_500,
      discountMinor: 4_500,
      bonusPoints: 30,
    });
    expect(answer.body.calculation).toMatchObject({
      rulesetVersion: '7+draft',
      subtotalMinor: 30_000,
      discountMinor: 6_000,
      totalMinor: 24_000,
      bonusPoints: 30,
      points: null,
    });
    expect(answer.body.promotion).toMatchObject({
      promotionId: 'coffee',
      applied: true,
      discountMinor: 6_000,
      points: 0,
      explanation: { applied: true, discountMinor: 6_000 },
    });
    const stored = await server.call('GET', '/v1/promotions/coffee');
    expect(stored.body.definition.mechanic.percentBp).toBe(1500);
    expect((await server.call('GET', '/v1/ruleset')).body.version).toBe(7);
  });

  it('adds a new promotion in any status, as if active, and says why one does not apply', async () => {
    const fresh = {
      id: 'tea-new',
      name: '−20 ₽ on tea',
      status: 'draft',
      stacking,
      mechanic: { kind: 'amount-off', scope: { skus: ['TEA'] }, amountMinor: 2_000, per: 'line' },
    };
    const applies = await server.call('POST', '/v1/promotions/preview', {
      body: { definition: fresh, cart: cart('TEA', 10_000) },
    });
    expect(applies.body.current).toEqual({ totalMinor: 10_000, discountMinor: 0, bonusPoints: 0 });
    expect(applies.body.promotion).toMatchObject({ applied: true, discountMinor: 2_000 });
    expect(applies.body.calculation.totalMinor).toBe(8_000);
    const elsewhere = await server.call('POST', '/v1/promotions/preview', {
      body: { definition: { ...fresh, storeIds: ['spb'] }, cart: cart('TEA', 10_000) },
    });
    expect(elsewhere.body.promotion).toMatchObject({
      applied: false,
      discountMinor: 0,
      explanation: { applied: false, code: 'wrong_store' },
    });
    expect(elsewhere.body.calculation.totalMinor).toBe(10_000);
  });

  it('refuses a definition with every problem at once, under /definition', async () => {
    const answer = await server.call('POST', '/v1/promotions/preview', {
      body: {
        definition: {
          ...coffee,
          validFrom: '2026-05-01T00:00:00Z',
          validTo: '2026-04-01T00:00:00Z',
        },
        cart: cart('COFFEE', 30_000),
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.errors).toContainEqual(
      expect.objectContaining({ field: expect.stringMatching(/^\/definition\/valid/) }),
    );
  });

  it('is not for an analyst key, which calculates no carts', async () => {
    const answer = await server.call('POST', '/v1/promotions/preview', {
      key: server.keys.analyst,
      body: { definition: coffee, cart: cart('COFFEE', 30_000) },
    });
    expect(answer.status).toBe(403);
  });
});
