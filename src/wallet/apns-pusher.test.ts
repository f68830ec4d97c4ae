import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApnsPusher, http2ApnsPusher } from './apns-pusher.ts';
import { type FakeApns, startFakeApns } from './test-apns-server.ts';
import { makeTestWalletChain, type TestWalletChain, testAppleConfig } from './test-wallet-chain.ts';

let chain: TestWalletChain;
let apns: FakeApns;
let pusher: ApnsPusher;
beforeAll(async () => {
  chain = makeTestWalletChain();
  apns = await startFakeApns(chain);
  pusher = http2ApnsPusher(testAppleConfig(chain, apns.url));
});
afterAll(async () => {
  await pusher.close();
  await apns.close();
});

describe('the HTTP/2 APNs pusher', () => {
  it('sends {} to each token under the topic, with the pass type certificate', async () => {
    expect(await pusher.push('pass.test.perk', ['a1', 'b2', 'c3'])).toEqual([
      'sent',
      'sent',
      'sent',
    ]);
    expect(apns.pushes.map((p) => [p.pushToken, p.topic, p.body, p.clientCn])).toEqual([
      ['a1', 'pass.test.perk', '{}', 'Pass Type ID: pass.test.perk'],
      ['b2', 'pass.test.perk', '{}', 'Pass Type ID: pass.test.perk'],
      ['c3', 'pass.test.perk', '{}', 'Pass Type ID: pass.test.perk'],
    ]);
  });

  it('calls a token gone only when APNs says it will never work again', async () => {
    apns.answer('t410', 410, 'Unregistered');
    apns.answer('tbad', 400, 'BadDeviceToken');
    apns.answer('ttopic', 400, 'DeviceTokenNotForTopic');
    apns.answer('t403', 403, 'BadCertificate');
    apns.answer('t429', 429, 'TooManyRequests');
    apns.answer('t503', 503, 'ServiceUnavailable');
    expect(
      await pusher.push('pass.test.perk', ['t410', 'tbad', 'ttopic', 't403', 't429', 't503']),
    ).toEqual(['gone', 'gone', 'failed', 'failed', 'failed', 'failed']);
  });

  it('fails a push when APNs cannot be reached, and reaches it again once it can', async () => {
    const nowhere = http2ApnsPusher(testAppleConfig(chain, 'https://127.0.0.1:1'));
    expect(await nowhere.push('pass.test.perk', ['a1', 'b2'])).toEqual(['failed', 'failed']);
    await nowhere.close();
    // A server that does not trust the client's certificate refuses it.
    const stranger = makeTestWalletChain();
    const untrusted = http2ApnsPusher({
      ...testAppleConfig(stranger, apns.url),
      apnsCa: chain.wwdr,
    });
    expect(await untrusted.push('pass.test.perk', ['a1'])).toEqual(['failed']);
    await untrusted.close();
    expect(await pusher.push('pass.test.perk', ['a1'])).toEqual(['sent']);
  });
});
