import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../outbox/record-events.ts';
import { updateDueObjects } from '../../wallet/google-object-updater.ts';
import { httpGoogleWalletClient } from '../../wallet/google-wallet-client.ts';
import {
  pointsChanged,
  startWalletWorld,
  type WalletWorld,
} from '../../wallet/test-wallet-server.ts';
import { fanOutEvents } from '../../webhooks/fan-out.ts';
import type { TestServer } from '../test-server.ts';

let world: WalletWorld;
let server: TestServer;
let customerId: string;
beforeAll(async () => {
  world = await startWalletWorld();
  ({ server, customerId } = world);
  await server.call('POST', `/v1/customers/${customerId}/tier`, { body: { tierId: 'gold' } });
}, 120_000);
afterAll(() => world.close());

describe('GET /v1/customers/{id}/wallet/google', () => {
  it('answers the loyalty object and a save link whose JWT verifies and carries the balance', async () => {
    const answer = await server.call('GET', `/v1/customers/${customerId}/wallet/google`, {
      key: server.keys.pos,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.object).toMatchObject({
      id: `3388000000012345678.${customerId}`,
      classId: '3388000000012345678.loyalty',
      accountId: 'PERK000123',
      barcode: { type: 'CODE_128', value: 'PERK000123' },
      loyaltyPoints: { balance: { int: 200 } },
    });
    const jwt = (answer.body.saveUrl as string).replace('https://pay.google.com/gp/v/save/', '');
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      await importSPKI(world.chain.googlePublicKey, 'RS256'),
      { issuer: 'perk@test-project.iam.gserviceaccount.com', audience: 'google' },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.typ).toBe('savetowallet');
    expect(payload.origins).toEqual(['https://loyalty.shop.example']);
    const carried = payload.payload as { loyaltyObjects: object[]; loyaltyClasses: object[] };
    expect(carried.loyaltyObjects).toEqual([answer.body.object]);
    expect(carried.loyaltyObjects[0]).toMatchObject({
      loyaltyPoints: { balance: { int: 200 } },
      textModulesData: [
        {
          id: 'tier',
          body: 'Золотой',
          localizedBody: {
            defaultValue: { language: 'ru', value: 'Золотой' },
            translatedValues: [{ language: 'en', value: 'Gold' }],
          },
        },
      ],
    });
    expect(carried.loyaltyClasses).toEqual([
      {
        id: '3388000000012345678.loyalty',
        issuerName: 'Магазин у дома',
        programName: 'Карта покупателя',
        programLogo: { sourceUri: { uri: 'https://shop.example/logo.png' } },
        reviewStatus: 'UNDER_REVIEW',
      },
    ]);
  });
});

describe('a saved Google Wallet card', () => {
  it("is sent the new balance and tier through Google's API after a change", async () => {
    const googleConfig = world.wallet.google;
    const client = httpGoogleWalletClient(googleConfig as NonNullable<typeof googleConfig>);
    const update = () =>
      updateDueObjects(server.db, client, googleConfig as NonNullable<typeof googleConfig>, {
        leaseMs: 60_000,
        batchSize: 50,
        clock: Date.now,
      });
    // Two links handed out; the customer saved the first, the other was never saved.
    const other = await server.call('POST', '/v1/customers', {
      body: { identifiers: [{ kind: 'card', value: 'PERK000888' }] },
    });
    const saved = await server.call('GET', `/v1/customers/${customerId}/wallet/google`);
    await server.call('GET', `/v1/customers/${other.body.id}/wallet/google`);
    world.google.saved.add(saved.body.object.id);
    await server.call('POST', `/v1/customers/${customerId}/points/adjustments`, {
      body: { points: 45, reason: 'Компенсация', operationId: 'wallet-google-45' },
    });
    await recordEvents(
      server.db,
      [pointsChanged(customerId), pointsChanged(other.body.id)],
      new Date(),
    );
    await fanOutEvents(server.db, new Date(), 100);
    expect(await update()).toEqual({ objects: 2, updated: 1, missing: 1, failed: 0 });
    expect(world.google.patches).toEqual([
      {
        objectId: `3388000000012345678.${customerId}`,
        authorization: 'Bearer test-access-token',
        body: {
          loyaltyPoints: expect.objectContaining({ balance: { int: 245 } }),
          textModulesData: [expect.objectContaining({ id: 'tier', body: 'Золотой' })],
        },
      },
    ]);
    expect(world.google.tokensIssued).toBe(1);
    // Both are done with: nothing more to send until the next change.
    expect(await update()).toEqual({ objects: 0, updated: 0, missing: 0, failed: 0 });
  });
});
