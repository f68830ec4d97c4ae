import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleOf,
  type Route,
  recordWrites,
  render,
  routesOf,
  send,
  slotsOf,
  valuesOf,
  writesSince,
} from './edge-input-harness.ts';
import { type ExampleRequest, seedWorld, type World, writeExamples } from './edge-input-world.ts';
import { startTestServer, type TestServer } from './test-server.ts';

// Extreme input at every route of the app: numbers at and past 2^53, 1e308, -0, -1, numbers as
// strings, NUL characters, lone surrogates, 100 KB strings and 10 000-deep nesting, one field at
// a time from a valid request. No answer may be a 5xx, and a refused call must change nothing.

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const runsPerWriteRoute = 24;
const runsPerReadRoute = 6;

let server: TestServer;
let world: World;
let examples: Record<string, ExampleRequest>;
let routes: Route[];

beforeAll(async () => {
  server = await startTestServer();
  world = await seedWorld(server);
  examples = writeExamples(world);
  routes = routesOf(server.app);
  await recordWrites(server.db);
}, 120_000);
afterAll(() => server.close());

async function fuzz(route: Route, runs: number) {
  const example = exampleOf(route, examples, world.customerId);
  const slots = slotsOf(route, example);
  if (slots.length === 0) return;
  let last = (await writesSince(server.db, 0)).last;
  const mutation = fc
    .constantFrom(...slots)
    .chain((slot) => fc.tuple(fc.constant(slot), fc.constantFrom(...valuesOf(slot))));
  await fc.assert(
    fc.asyncProperty(mutation, async ([slot, raw]) => {
      const answer = await send(server, route.method, render(route, example, slot, raw));
      const written = await writesSince(server.db, last);
      const where = `${route.key} ${JSON.stringify(slot)} = ${raw.slice(0, 40)}`;
      expect(answer.status, `${where}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
      if (answer.status >= 400) expect(written.tables, `${where}: ${answer.text}`).toEqual([]);
      last = written.last;
    }),
    { numRuns: runs },
  );
}

describe('extreme input at every route', () => {
  it('reads every route from the app, the write routes with their examples', () => {
    const writes = routes.filter((route) => writeMethods.has(route.method));
    expect(writes.length).toBeGreaterThanOrEqual(Object.keys(examples).length);
    for (const key of Object.keys(examples)) {
      expect(routes.map((route) => route.key)).toContain(key);
    }
  });

  it('accepts every write example as it stands, so mutations start from a valid request', async () => {
    const refused: string[] = [];
    for (const [key, example] of Object.entries(examples)) {
      const route = routes.find((r) => r.key === key) as Route;
      const answer = await send(server, route.method, render(route, example, null, ''));
      if (answer.status >= 300) refused.push(`${key}: ${answer.text.slice(0, 200)}`);
    }
    expect(refused).toEqual([]);
  });

  it('answers no 5xx at any write route, and a refused write changes nothing', async () => {
    for (const route of routes.filter((r) => writeMethods.has(r.method))) {
      await fuzz(route, runsPerWriteRoute);
    }
  }, 120_000);

  it('answers no 5xx at any read route for extreme path and query parameters', async () => {
    for (const route of routes.filter((r) => !writeMethods.has(r.method))) {
      await fuzz(route, runsPerReadRoute);
    }
  }, 60_000);
});
