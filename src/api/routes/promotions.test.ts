import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const oils = (id: string, status = 'draft') => ({
  id,
  name: '−15% на масла в феврале',
  status,
  validFrom: '2027-02-01T00:00:00+03:00',
  validTo: '2027-03-01T00:00:00+03:00',
  stacking: { groupId: 'default', priority: 10, exclusive: false },
  mechanic: { kind: 'percent-off', scope: { categoryIds: ['oils'] }, percentBp: 1500 },
});

describe('promotions API', () => {
  it('creates a promotion and records a new ruleset version with the active ones only', async () => {
    const before = (await server.call('GET', '/v1/ruleset')).body.version;
    const created = await server.call('POST', '/v1/promotions', { body: oils('oils-feb') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'oils-feb',
      status: 'draft',
      revision: 1,
      rulesetVersion: before + 1,
    });
    const activated = await server.call('POST', '/v1/promotions/oils-feb/status', {
      body: { status: 'active' },
    });
    expect(activated.body).toMatchObject({
      status: 'active',
      revision: 2,
      rulesetVersion: before + 2,
    });
    expect((await server.call('GET', '/v1/ruleset')).body.version).toBe(before + 2);
  });

  it('refuses an invalid definition listing every problem by path, and stores nothing', async () => {
    const bad = {
      ...oils('broken'),
      validTo: '2027-01-01T00:00:00Z',
      mechanic: { kind: 'percent-off', scope: {}, percentBp: 0 },
      colour: 1,
    };
    const answer = await server.call('POST', '/v1/promotions', { body: bad });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    const fields = answer.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('/colour');
    expect((await server.call('GET', '/v1/promotions/broken')).status).toBe(404);
  });

  it('refuses an unknown mechanic with its code', async () => {
    const answer = await server.call('POST', '/v1/promotions', {
      body: { ...oils('odd'), mechanic: { kind: 'teleport' } },
    });
    expect(answer.body).toMatchObject({ code: 'unknown_mechanic', field: '/mechanic/kind' });
  });

  it('refuses a duplicate id and a concurrent edit by revision', async () => {
    await server.call('POST', '/v1/promotions', { body: oils('dup') });
    expect((await server.call('POST', '/v1/promotions', { body: oils('dup') })).body.code).toBe(
      'promotion_exists',
    );
    const stale = await fetch(`${server.baseUrl}/v1/promotions/dup`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${server.keys.admin}`,
        'content-type': 'application/json',
        'if-match': '7',
      },
      body: JSON.stringify({ ...oils('dup'), name: 'renamed' }),
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'precondition_failed', currentRevision: 1 });
    const read = await fetch(`${server.baseUrl}/v1/promotions/dup`, {
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('keeps archived promotions archived', async () => {
    await server.call('POST', '/v1/promotions', { body: oils('old', 'archived') });
    const answer = await server.call('POST', '/v1/promotions/old/status', {
      body: { status: 'active' },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('status_move_not_allowed');
  });

  it('re-sending the same definition changes nothing', async () => {
    await server.call('POST', '/v1/promotions', { body: oils('same') });
    const version = (await server.call('GET', '/v1/ruleset')).body.version;
    const again = await server.call('PUT', '/v1/promotions/same', { body: oils('same') });
    expect(again.body.revision).toBe(1);
    expect((await server.call('GET', '/v1/ruleset')).body.version).toBe(version);
  });

  it('lets only admins change promotions; tills may read them', async () => {
    expect(
      (await server.call('POST', '/v1/promotions', { key: server.keys.pos, body: oils('x') }))
        .status,
    ).toBe(403);
    expect(
      (
        await server.call('GET', '/v1/promotions?status=active', { key: server.keys.pos })
      ).body.items.map((p: { id: string }) => p.id),
    ).toEqual(['oils-feb']);
  });

  it('stores ruleset settings as a new version and refuses invalid ones', async () => {
    const current = (await server.call('GET', '/v1/ruleset')).body;
    const settings = {
      ...current.settings,
      stackingGroups: [
        { id: 'base', mode: 'best' },
        { id: 'default', mode: 'cumulative' },
      ],
    };
    const answer = await server.call('PUT', '/v1/ruleset/settings', { body: settings });
    expect(answer.body.rulesetVersion).toBe(current.version + 1);
    expect((await server.call('GET', '/v1/ruleset')).body.settings.stackingGroups[0]).toEqual({
      id: 'base',
      mode: 'best',
    });
    const bad = await server.call('PUT', '/v1/ruleset/settings', {
      body: { ...settings, maxLineDiscountBp: 20_000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('/maxLineDiscountBp');
  });
});
