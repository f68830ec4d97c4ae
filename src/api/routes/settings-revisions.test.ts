import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ifMatch = (etag: string | null) => ({ headers: { 'if-match': etag ?? '' } });

const tierProgram = {
  metric: 'spent_minor',
  period: { kind: 'calendar_year' },
  comparison: 'at_least',
  autoTransition: true,
  downgradeAtPeriodEnd: false,
  tiers: [
    { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 },
    { id: 'gold', name: { ru: 'Золотой', en: 'Gold' }, threshold: 3_000_000 },
  ],
};

describe('points settings', () => {
  it('patches one field, leaving the others, and moves the ETag on every save', async () => {
    const read = await server.call('GET', '/v1/points/settings');
    expect(read.etag).toBe('"0"');
    const patched = await server.call('PATCH', '/v1/points/settings', {
      body: { accrualRateBp: 450 },
    });
    expect(patched.status).toBe(200);
    expect(patched.etag).toBe('"1"');
    expect(patched.body).toEqual({ ...read.body, accrualRateBp: 450 });
    const second = await server.call('PATCH', '/v1/points/settings', {
      body: { expiry: { unit: 'days', count: 90 }, accrualRateBpByTier: { gold: 700 } },
    });
    expect(second.body).toEqual({
      ...read.body,
      accrualRateBp: 450,
      expiry: { unit: 'days', count: 90 },
      accrualRateBpByTier: { gold: 700 },
    });
    // A member sent as null goes back to its default (RFC 7396 removes it).
    const reset = await server.call('PATCH', '/v1/points/settings', {
      body: { expiry: null, accrualRateBpByTier: { gold: null, silver: 400 } },
    });
    expect(reset.body).toMatchObject({ expiry: null, accrualRateBpByTier: { silver: 400 } });
    expect(reset.etag).toBe('"3"');
    const again = await server.call('GET', '/v1/points/settings');
    expect(again.etag).toBe('"3"');
    expect(again.body).toEqual(reset.body);
  });

  it('refuses the second of two marketers who read the same ETag, changing nothing', async () => {
    const read = await server.call('GET', '/v1/points/settings');
    const first = await server.call('PATCH', '/v1/points/settings', {
      body: { pendingDays: 7 },
      ...ifMatch(read.etag),
    });
    expect(first.status).toBe(200);
    const second = await server.call('PATCH', '/v1/points/settings', {
      body: { pendingDays: 21 },
      ...ifMatch(read.etag),
    });
    expect(second.status).toBe(412);
    expect(second.contentType).toContain('application/problem+json');
    expect(second.body).toMatchObject({
      code: 'precondition_failed',
      currentRevision: Number(first.etag?.replaceAll('"', '')),
    });
    const stalePut = await server.call('PUT', '/v1/points/settings', {
      body: read.body,
      ...ifMatch(read.etag),
    });
    expect(stalePut.status).toBe(412);
    const after = await server.call('GET', '/v1/points/settings');
    expect(after.body.pendingDays).toBe(7);
    expect(after.etag).toBe(first.etag);
    // The current ETag passes, quoted or bare.
    const current = await server.call('PUT', '/v1/points/settings', {
      body: { ...after.body, pendingDays: 10 },
      headers: { 'if-match': (after.etag ?? '').replaceAll('"', '') },
    });
    expect(current.status).toBe(200);
    expect(current.body.pendingDays).toBe(10);
  });

  it('refuses a PUT missing fields, and a bad PATCH with every fault at once', async () => {
    const before = await server.call('GET', '/v1/points/settings');
    const put = await server.call('PUT', '/v1/points/settings', { body: { pendingDays: 3 } });
    expect(put.status).toBe(400);
    expect(put.body.code).toBe('invalid_settings');
    expect(put.body.errors).toHaveLength(12);
    expect(put.body.errors).toContainEqual({
      field: '/currency',
      code: 'required',
      message: 'is required',
    });
    const patch = await server.call('PATCH', '/v1/points/settings', {
      body: { pendingDays: -1, timeZone: 'Mars/Olympus', colour: 'red' },
    });
    expect(patch.status).toBe(400);
    expect(
      (patch.body.errors as { field: string; code: string }[]).map((e) => [e.field, e.code]),
    ).toEqual([
      ['/pendingDays', 'out_of_range'],
      ['/colour', 'unknown_field'],
      ['/timeZone', 'unknown_time_zone'],
    ]);
    const after = await server.call('GET', '/v1/points/settings');
    expect(after.body).toEqual(before.body);
    expect(after.etag).toBe(before.etag);
  });

  it('takes a merge patch by its own content type', async () => {
    const response = await fetch(`${server.baseUrl}/v1/points/settings`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${server.keys.admin}`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ minMoneyPaidMinor: 100 }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { minMoneyPaidMinor: number }).minMoneyPaidMinor).toBe(100);
  });
});

describe('ruleset settings', () => {
  it('patches one field, and a promotion change does not make the ETag stale', async () => {
    const read = await server.call('GET', '/v1/ruleset/settings');
    expect(read.etag).toBe('"0"');
    expect(read.body.revision).toBe(0);
    const patched = await server.call('PATCH', '/v1/ruleset/settings', {
      body: { maxCheckDiscountBp: 5_000 },
      ...ifMatch(read.etag),
    });
    expect(patched.status).toBe(200);
    expect(patched.etag).toBe('"1"');
    expect(patched.body.settings).toEqual({ ...read.body.settings, maxCheckDiscountBp: 5_000 });
    await server.call('POST', '/v1/promotions', {
      body: {
        id: 'bread-5',
        name: 'Bread −5%',
        status: 'active',
        validFrom: '2026-01-01T00:00:00Z',
        stacking: { groupId: 'default', priority: 1, exclusive: false },
        mechanic: { kind: 'percent_off', args: { percentBp: 500, scope: { skus: ['BREAD'] } } },
      },
    });
    const next = await server.call('PATCH', '/v1/ruleset/settings', {
      body: { maxLineDiscountBp: 8_000, roundTotalDownToMinor: null },
      ...ifMatch(patched.etag),
    });
    expect(next.status).toBe(200);
    expect(next.body.settings).toEqual({
      ...read.body.settings,
      maxCheckDiscountBp: 5_000,
      maxLineDiscountBp: 8_000,
      roundTotalDownToMinor: 0,
    });
    expect(next.etag).toBe('"2"');
  });

  it('refuses a stale write and a bad patch, changing nothing', async () => {
    const read = await server.call('GET', '/v1/ruleset/settings');
    const first = await server.call('PUT', '/v1/ruleset/settings', {
      body: { ...read.body.settings, maxLineDiscountBp: 9_000 },
      ...ifMatch(read.etag),
    });
    expect(first.status).toBe(200);
    const second = await server.call('PATCH', '/v1/ruleset/settings', {
      body: { maxLineDiscountBp: 1_000 },
      ...ifMatch(read.etag),
    });
    expect(second.status).toBe(412);
    expect(second.body).toMatchObject({ code: 'precondition_failed', currentRevision: 3 });
    const bad = await server.call('PATCH', '/v1/ruleset/settings', {
      body: { maxLineDiscountBp: 10_001, maxCheckDiscountBp: -1 },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      '/maxLineDiscountBp',
      '/maxCheckDiscountBp',
    ]);
    const after = await server.call('GET', '/v1/ruleset/settings');
    expect(after.body).toEqual({
      settings: { ...read.body.settings, maxLineDiscountBp: 9_000 },
      revision: 3,
    });
  });
});

describe('tier programme', () => {
  it('patches one field, leaving the tiers, and refuses a stale write', async () => {
    const none = await server.call('PUT', '/v1/tiers', { body: tierProgram, ...ifMatch('"0"') });
    expect(none.status).toBe(200);
    expect(none.etag).toBe('"1"');
    const read = await server.call('GET', '/v1/tiers');
    expect(read.etag).toBe('"1"');
    const patched = await server.call('PATCH', '/v1/tiers', {
      body: { autoTransition: false },
      ...ifMatch(read.etag),
    });
    expect(patched.status).toBe(200);
    expect(patched.etag).toBe('"2"');
    expect(patched.body.program).toEqual({ ...tierProgram, autoTransition: false });
    const stale = await server.call('PUT', '/v1/tiers', { body: tierProgram, ...ifMatch('"1"') });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed', currentRevision: 2 });
    const bad = await server.call('PATCH', '/v1/tiers', {
      body: { metric: 'visits', comparison: 'between' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      '/metric',
      '/comparison',
    ]);
    const after = await server.call('GET', '/v1/tiers');
    expect(after.etag).toBe('"2"');
    expect(after.body.program).toEqual({ ...tierProgram, autoTransition: false });
  });
});
