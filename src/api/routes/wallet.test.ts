import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../outbox/record-events.ts';
import { type ApnsPusher, http2ApnsPusher } from '../../wallet/apns-pusher.ts';
import { passToken } from '../../wallet/apple-passes.ts';
import {
  pointsChanged,
  startWalletWorld,
  type WalletWorld,
} from '../../wallet/test-wallet-server.ts';
import { readZip } from '../../wallet/test-zip.ts';
import { pushDuePasses, startWalletUpdater } from '../../wallet/wallet-updater.ts';
import { fanOutEvents } from '../../webhooks/fan-out.ts';
import { startTestServer, type TestServer } from '../test-server.ts';

let world: WalletWorld;
let pusher: ApnsPusher;
let server: TestServer;
let bare: TestServer;
let customerId: string;
let serial: string;
let token: string;
const service = '/wallet/apple/v1';
const tokenSecret = 'a test secret for pass tokens, long enough';

beforeAll(async () => {
  world = await startWalletWorld();
  ({ server, customerId } = world);
  pusher = http2ApnsPusher(world.wallet.apple as NonNullable<typeof world.wallet.apple>);
  bare = await startTestServer();
}, 120_000);
afterAll(async () => {
  await pusher.close();
  await world.close();
  await bare.close();
});

/** GET with raw bytes: the pass is a zip, not JSON. */
async function fetchRaw(path: string, headers: Record<string, string>) {
  const response = await fetch(server.baseUrl + path, { headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

const passJsonOf = (bytes: Buffer) =>
  JSON.parse((readZip(bytes).get('pass.json') as Buffer).toString('utf8'));
const applePass = (key: string) =>
  fetchRaw(`/v1/customers/${customerId}/wallet/apple`, { authorization: `Bearer ${key}` });
const registration = (device: string, pass = serial) =>
  `${service}/devices/${device}/registrations/pass.test.perk/${pass}`;
const register = (device: string, pushToken: string, auth = `ApplePass ${token}`) =>
  server.call('POST', registration(device), {
    key: null,
    body: { pushToken },
    headers: { authorization: auth },
  });
const updatedSince = (device: string, tag?: string) =>
  server.call(
    'GET',
    `${service}/devices/${device}/registrations/pass.test.perk${tag ? `?passesUpdatedSince=${tag}` : ''}`,
    { key: null },
  );
/** What the server's loops do: the fan-out reads the outbox, then the wallet loop pushes. */
async function walletPass(options = { leaseMs: 60_000, batchSize: 50, clock: Date.now }) {
  await fanOutEvents(server.db, new Date(options.clock()), 100);
  return pushDuePasses(server.db, pusher, options);
}

describe('GET /v1/customers/{id}/wallet/apple', () => {
  it('answers a signed pass with the card number, the balance and the tier', async () => {
    const answer = await applePass(server.keys.pos);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/vnd.apple.pkpass');
    const pass = passJsonOf(answer.bytes);
    serial = pass.serialNumber;
    token = pass.authenticationToken;
    expect(serial).toMatch(/^[0-9a-f-]{36}$/);
    expect(token).toBe(passToken(tokenSecret, 'pass.test.perk', serial));
    expect(pass.barcodes[0].message).toBe('PERK000123');
    expect(pass.storeCard.headerFields[0].value).toBe(200);
    expect(pass.webServiceURL).toBe('https://loyalty.shop.example/wallet/apple');
    expect(pass.organizationName).toBe('Магазин у дома');
    const ru = readZip(answer.bytes).get('ru.lproj/pass.strings')?.toString('utf8');
    expect(ru).toContain('"tier_name" = "Базовый";');
  });

  it('keeps one pass per customer: asked again, the same serial', async () => {
    const again = passJsonOf((await applePass(server.keys.web)).bytes);
    expect(again.serialNumber).toBe(serial);
    const rows = await server.db.selectFrom('wallet_passes').select('serial').execute();
    expect(rows).toEqual([{ serial }]);
  });

  it('refuses a customer without a card, an unknown one, a reader without the permission', async () => {
    const cardless = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'phone', value: '+79990001122' }] },
    });
    const noCard = await server.call('GET', `/v1/customers/${cardless.body.id}/wallet/apple`);
    expect([noCard.status, noCard.body.code]).toEqual([422, 'customer_has_no_card']);
    const unknown = await server.call(
      'GET',
      '/v1/customers/00000000-0000-4000-8000-000000000000/wallet/google',
    );
    expect([unknown.status, unknown.body.code]).toEqual([404, 'customer_not_found']);
    const analyst = await applePass(server.keys.analyst);
    expect(analyst.status).toBe(403);
  });

  it('answers wallet_not_configured on a server without wallets', async () => {
    const made = await bare.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'PERK000999' }] },
    });
    for (const wallet of ['apple', 'google']) {
      const answer = await bare.call('GET', `/v1/customers/${made.body.id}/wallet/${wallet}`);
      expect([answer.status, answer.body.code, answer.body.wallet]).toEqual([
        409,
        'wallet_not_configured',
        wallet,
      ]);
    }
    const service = await bare.call('GET', '/wallet/apple/v1/devices/d/registrations/pass.x', {
      key: null,
    });
    expect(service.status).toBe(409);
  });
});

describe("Apple's pass web service", () => {
  it('registers a device: 201, then 200 for the same one; 401 for a wrong token or pass', async () => {
    expect((await register('device-1', 'aa01')).status).toBe(201);
    expect((await register('device-1', 'aa01')).status).toBe(200);
    expect((await register('device-2', 'bb02')).status).toBe(201);
    expect((await register('device-3', 'cc03', `ApplePass ${token}x`)).status).toBe(401);
    expect((await register('device-3', 'cc03', `Bearer ${token}`)).status).toBe(401);
    const otherSerial = await server.call(
      'POST',
      registration('device-3', '00000000-0000-4000-8000-000000000000'),
      { key: null, body: { pushToken: 'cc03' }, headers: { authorization: `ApplePass ${token}` } },
    );
    expect(otherSerial.status).toBe(401);
    const devices = await server.db
      .selectFrom('wallet_registrations')
      .select(['device_id', 'push_token'])
      .orderBy('device_id')
      .execute();
    expect(devices).toEqual([
      { device_id: 'device-1', push_token: 'aa01' },
      { device_id: 'device-2', push_token: 'bb02' },
    ]);
  });

  it('lists the serials updated since a tag, and 204 when none are', async () => {
    const all = await updatedSince('device-1');
    expect(all.status).toBe(200);
    expect(all.body.serialNumbers).toEqual([serial]);
    expect(all.body.lastUpdated).toMatch(/^\d+$/);
    expect((await updatedSince('device-1', all.body.lastUpdated)).status).toBe(204);
    expect((await updatedSince('device-9')).status).toBe(204);
  });

  it('answers the latest pass, 304 when not modified since, 401 with a wrong token', async () => {
    const path = `${service}/passes/pass.test.perk/${serial}`;
    const latest = await fetchRaw(path, { authorization: `ApplePass ${token}` });
    expect(latest.status).toBe(200);
    expect(passJsonOf(latest.bytes).serialNumber).toBe(serial);
    const modified = latest.headers.get('last-modified') as string;
    expect(Date.parse(modified)).toBeGreaterThan(0);
    const same = await fetchRaw(path, {
      authorization: `ApplePass ${token}`,
      'if-modified-since': modified,
    });
    expect(same.status).toBe(304);
    const earlier = new Date(Date.parse(modified) - 1000).toUTCString();
    const changed = await fetchRaw(path, {
      authorization: `ApplePass ${token}`,
      'if-modified-since': earlier,
    });
    expect(changed.status).toBe(200);
    expect((await fetchRaw(path, { authorization: 'ApplePass wrong-token' })).status).toBe(401);
    expect((await fetchRaw(path, {})).status).toBe(401);
  });

  it('takes the device log', async () => {
    const answer = await server.call('POST', `${service}/log`, {
      key: null,
      body: { logs: ['[2026-12-06] Web service error for pass.test.perk: 500'] },
    });
    expect(answer.status).toBe(200);
  });
});

describe('a balance or tier change', () => {
  it('gives the pass a new tag and pushes once to each registered device', async () => {
    const before = (await updatedSince('device-1')).body.lastUpdated;
    world.apns.pushes.length = 0;
    const moved = await server.call('POST', `/v1/customers/${customerId}/tier`, {
      body: { tierId: 'gold', note: 'VIP' },
    });
    expect(moved.status).toBe(200);
    const counts = await walletPass();
    expect(counts).toEqual({ passes: 1, sent: 2, gone: 0, failed: 0 });
    expect(world.apns.pushes.map((p) => [p.pushToken, p.topic, p.body, p.clientCn]).sort()).toEqual(
      [
        ['aa01', 'pass.test.perk', '{}', 'Pass Type ID: pass.test.perk'],
        ['bb02', 'pass.test.perk', '{}', 'Pass Type ID: pass.test.perk'],
      ],
    );
    const updated = await updatedSince('device-1', before);
    expect(updated.body.serialNumbers).toEqual([serial]);
    expect(Number(updated.body.lastUpdated)).toBeGreaterThan(Number(before));
    // The pass the device then fetches says the new tier.
    const latest = await fetchRaw(`${service}/passes/pass.test.perk/${serial}`, {
      authorization: `ApplePass ${token}`,
    });
    const ru = readZip(latest.bytes).get('ru.lproj/pass.strings')?.toString('utf8');
    expect(ru).toContain('"tier_name" = "Золотой";');
    // Nothing new: no second push.
    expect(await walletPass()).toEqual({ passes: 0, sent: 0, gone: 0, failed: 0 });
    expect(world.apns.pushes).toHaveLength(2);
  });

  it('pushes for a points change; drops a device APNs calls gone; retries a failed push', async () => {
    world.apns.pushes.length = 0;
    world.apns.answer('bb02', 410, 'Unregistered');
    await register('device-3', 'cc03');
    world.apns.answer('cc03', 500, 'InternalServerError');
    const otherCustomer = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'PERK000777' }] },
    });
    await recordEvents(
      server.db,
      [
        pointsChanged(customerId),
        // Another customer's change touches no pass of this one (that customer has none), and
        // an id that is no customer's stops nothing.
        pointsChanged(otherCustomer.body.id),
        pointsChanged('not-a-uuid'),
      ],
      new Date(),
    );
    const path = `${service}/passes/pass.test.perk/${serial}`;
    const auth = { authorization: `ApplePass ${token}` };
    const modified = (await fetchRaw(path, auth)).headers.get('last-modified') as string;
    const counts = await walletPass();
    expect(counts).toEqual({ passes: 1, sent: 1, gone: 1, failed: 1 });
    // Changed within the second of the change before, and still newer than it.
    const fresh = await fetchRaw(path, { ...auth, 'if-modified-since': modified });
    expect(fresh.status).toBe(200);
    expect(Date.parse(fresh.headers.get('last-modified') as string)).toBeGreaterThan(
      Date.parse(modified),
    );
    const devices = await server.db
      .selectFrom('wallet_registrations')
      .select('device_id')
      .orderBy('device_id')
      .execute();
    expect(devices.map((d) => d.device_id)).toEqual(['device-1', 'device-3']);
    // The failed push is due again when its lease ends, and not before.
    expect((await walletPass()).passes).toBe(0);
    world.apns.answer('cc03', 200);
    const later = { leaseMs: 60_000, batchSize: 50, clock: () => Date.now() + 61_000 };
    expect(await walletPass(later)).toEqual({ passes: 1, sent: 2, gone: 0, failed: 0 });
    expect(await walletPass(later)).toEqual({ passes: 0, sent: 0, gone: 0, failed: 0 });
  });

  it('unregistering a device stops its pushes and its updates', async () => {
    const gone = await server.call('DELETE', registration('device-3'), {
      key: null,
      headers: { authorization: `ApplePass ${token}` },
    });
    expect(gone.status).toBe(200);
    expect((await updatedSince('device-3')).status).toBe(204);
  });
});

describe('the wallet loop', () => {
  it('pushes a change on its own, tells of failed pushes, and stops', async () => {
    world.apns.pushes.length = 0;
    await register('device-4', 'dd04');
    world.apns.answer('dd04', 500, 'InternalServerError');
    const failures: object[] = [];
    const wallet = world.wallet;
    const loop = startWalletUpdater(
      server.db,
      http2ApnsPusher(wallet.apple as NonNullable<typeof wallet.apple>),
      {
        leaseMs: 60_000,
        batchSize: 50,
        clock: Date.now,
        pollMs: 20,
        onFailures: (counts) => failures.push(counts),
      },
    );
    await recordEvents(server.db, [pointsChanged(customerId)], new Date());
    await fanOutEvents(server.db, new Date(), 100);
    for (let i = 0; i < 200 && world.apns.pushes.length < 2; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await loop.stop();
    // device-2 is gone and device-3 unregistered: device-1 and device-4 hold the pass now.
    expect(world.apns.pushes.map((p) => p.pushToken).sort()).toEqual(['aa01', 'dd04']);
    expect(failures).toEqual([{ passes: 1, sent: 1, gone: 0, failed: 1 }]);
    await server.call('DELETE', registration('device-4'), {
      key: null,
      headers: { authorization: `ApplePass ${token}` },
    });
    // Its failed push leaves the pass due after the lease: done with here, for the tests after.
    await server.db.updateTable('wallet_passes').set({ push_due_at: null }).execute();
  });
});

describe('a merge', () => {
  it("moves the merged profile's pass to a survivor without one, due a push", async () => {
    const card = async (value: string) =>
      (
        await server.call('POST', '/v1/customers', {
          body: { identifiers: [{ kind: 'card', value }] },
        })
      ).body.id as string;
    const mergedId = await card('PERK000555');
    const survivorId = await card('PERK000556');
    await fetchRaw(`/v1/customers/${mergedId}/wallet/apple`, {
      authorization: `Bearer ${server.keys.pos}`,
    });
    const merged = await server.call('POST', `/v1/customers/${survivorId}/merge`, {
      body: { mergedId },
    });
    expect(merged.body.merge.moved.wallet).toEqual({ passes: 1 });
    const passes = await server.db
      .selectFrom('wallet_passes')
      .select('customer_id')
      .where('customer_id', 'in', [mergedId, survivorId])
      .execute();
    expect(passes).toEqual([{ customer_id: survivorId }]);
    expect((await walletPass()).passes).toBe(1);
  });
});
