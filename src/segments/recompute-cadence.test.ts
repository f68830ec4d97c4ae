import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { segmentIdsFor } from './memberships.ts';
import { recomputeSegments } from './recompute-segments.ts';

let server: TestServer;
const ids: Record<string, string> = {};

async function importCheck(checkId: string, card: string, at: string) {
  const answer = await server.call('POST', '/v1/history/checks', {
    body: {
      lines: [
        {
          checkId,
          at,
          storeId: 'msk',
          customer: { card },
          sku: 'MILK',
          quantityMilli: 1000,
          priceMinor: 10_000,
          paidMinor: 10_000,
        },
      ],
    },
  });
  expect(answer.body).toMatchObject({ created: 1 });
}

beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  for (const card of ['A', 'B', 'C']) {
    const answer = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: `CAD-${card}` }] },
    });
    ids[card] = answer.body.id;
  }
  // B bought on 5 May 2024 (Moscow): inside a 30-day window on 31 May, outside it on 10 June.
  await importCheck('B-1', 'CAD-B', '2024-05-05T09:00:00Z');
  const created = await server.call('POST', '/v1/segments', {
    body: {
      id: 'recent',
      name: 'Bought in 30 days',
      rule: { kind: 'purchaseCount', days: 30, min: 1 },
    },
  });
  expect(created.status).toBe(201);
});
afterAll(() => server.close());

const members = async () =>
  Object.fromEntries(
    await Promise.all(
      Object.entries(ids).map(async ([card, id]) => [card, await segmentIdsFor(server.db, id)]),
    ),
  );

describe('the segment recompute walks every customer once a programme day', () => {
  it('walks on the first run of a day, and a later run that day stops after one read', async () => {
    // Saving the segment judged it on today's real date, years after B's check: B enters now.
    expect(await recomputeSegments(server.db, new Date('2024-05-31T09:00:00Z'))).toMatchObject({
      fullPass: 1,
      customers: 3,
      added: 1,
      removed: 0,
    });
    expect(await recomputeSegments(server.db, new Date('2024-05-31T20:00:00Z'))).toEqual({
      fullPass: 0,
      rfmScored: 0,
      customers: 0,
      added: 0,
      removed: 0,
    });
    expect(await members()).toEqual({ A: [], B: ['recent'], C: [] });
  });

  it('walks again the same day after a history import, which changes facts in bulk', async () => {
    await importCheck('A-1', 'CAD-A', '2024-05-30T09:00:00Z');
    expect(await recomputeSegments(server.db, new Date('2024-05-31T20:30:00Z'))).toMatchObject({
      fullPass: 1,
      customers: 3,
      added: 1,
      removed: 0,
    });
    expect(await members()).toEqual({ A: ['recent'], B: ['recent'], C: [] });
    expect(await recomputeSegments(server.db, new Date('2024-05-31T20:40:00Z'))).toMatchObject({
      fullPass: 0,
    });
  });

  it('on a later day the windows move: B, who bought 36 days before, leaves', async () => {
    expect(await recomputeSegments(server.db, new Date('2024-06-10T09:00:00Z'))).toMatchObject({
      fullPass: 1,
      customers: 3,
      added: 0,
      removed: 1,
    });
    expect(await members()).toEqual({ A: ['recent'], B: [], C: [] });
  });

  it('a person asking for a run (POST /v1/jobs/segment-recompute/run) walks even when done today', async () => {
    const answer = await server.call('POST', '/v1/jobs/segment-recompute/run', {
      body: { businessTime: '2024-06-10T10:00:00Z' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.counts).toMatchObject({ fullPass: 1, customers: 3, added: 0, removed: 0 });
  });

  it('a new customer and a changed profile are judged at once, without waiting for a walk', async () => {
    const women = await server.call('POST', '/v1/segments', {
      body: { id: 'women', name: 'Women', rule: { kind: 'gender', is: 'female' } },
    });
    expect(women.status).toBe(201);
    const created = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'CAD-D' }], gender: 'female' },
    });
    expect(created.status).toBe(201);
    expect(await segmentIdsFor(server.db, created.body.id)).toEqual(['women']);
    const changed = await server.call('PATCH', `/v1/customers/${ids.C}`, {
      body: { gender: 'female' },
    });
    expect(changed.status).toBe(200);
    expect(await segmentIdsFor(server.db, ids.C as string)).toEqual(['women']);
  });
});
