import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApplePass } from './apple-pass.ts';
import { makeTestWalletChain, type TestWalletChain, testAppleConfig } from './test-wallet-chain.ts';
import { readZip } from './test-zip.ts';
import type { WalletCard } from './wallet-card.ts';

let chain: TestWalletChain;
let dir: string;
beforeAll(() => {
  chain = makeTestWalletChain();
  dir = mkdtempSync(join(tmpdir(), 'perk-pkpass-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const card: WalletCard = {
  customerId: 'c-1',
  cardNumber: 'PERK000123',
  points: 1250,
  tier: { id: 'gold', name: { ru: 'Золото', en: 'Gold' } },
};
const identity = {
  serial: '0b5e1f3c-7f4a-4d59-9a57-2f0f3b8a6c11',
  authenticationToken: 'token-token-token-token',
  webServiceUrl: 'https://loyalty.shop.example/wallet/apple',
  organization: 'Магазин у дома',
  programName: 'Карта покупателя',
};

/** openssl's verdict on the detached signature over `manifest`, trusting only the test WWDR. */
function verifySignature(manifest: Buffer, signature: Buffer): boolean {
  writeFileSync(join(dir, 'manifest.json'), manifest);
  writeFileSync(join(dir, 'signature'), signature);
  writeFileSync(join(dir, 'wwdr.pem'), chain.wwdr);
  try {
    execFileSync(
      'openssl',
      ['smime', '-verify', '-binary', '-inform', 'DER', '-in', 'signature'].concat([
        '-content',
        'manifest.json',
        '-CAfile',
        'wwdr.pem',
        '-purpose',
        'any',
        '-out',
        'out',
      ]),
      { cwd: dir, stdio: 'pipe' },
    );
    return true;
  } catch {
    return false;
  }
}

describe('an Apple Wallet pass', () => {
  it('is a zip whose pass.json carries the serial, the card number as barcode and the balance', () => {
    const files = readZip(buildApplePass(card, testAppleConfig(chain, 'https://x'), identity));
    const pass = JSON.parse((files.get('pass.json') as Buffer).toString('utf8'));
    expect(pass.serialNumber).toBe('0b5e1f3c-7f4a-4d59-9a57-2f0f3b8a6c11');
    expect(pass.passTypeIdentifier).toBe('pass.test.perk');
    expect(pass.teamIdentifier).toBe('TEAM000001');
    expect(pass.webServiceURL).toBe('https://loyalty.shop.example/wallet/apple');
    expect(pass.authenticationToken).toBe('token-token-token-token');
    expect(pass.barcodes).toEqual([
      {
        format: 'PKBarcodeFormatCode128',
        message: 'PERK000123',
        messageEncoding: 'iso-8859-1',
        altText: 'PERK000123',
      },
    ]);
    expect(pass.storeCard.headerFields).toEqual([
      { key: 'balance', label: 'balance_label', value: 1250 },
    ]);
    expect(pass.storeCard.secondaryFields).toEqual([
      { key: 'tier', label: 'tier_label', value: 'tier_name' },
    ]);
  });

  it('says its labels and the tier in Russian and English', () => {
    const files = readZip(buildApplePass(card, testAppleConfig(chain, 'https://x'), identity));
    const ru = (files.get('ru.lproj/pass.strings') as Buffer).toString('utf8');
    const en = (files.get('en.lproj/pass.strings') as Buffer).toString('utf8');
    expect(ru).toContain('"balance_label" = "Баллы";');
    expect(ru).toContain('"tier_name" = "Золото";');
    expect(ru).toContain('"card_label" = "Карта";');
    expect(en).toContain('"balance_label" = "Points";');
    expect(en).toContain('"tier_name" = "Gold";');
    expect(en).toContain('"tier_label" = "Tier";');
  });

  it('lists every file with its SHA-1 in a manifest signed with the pass type certificate', () => {
    const files = readZip(buildApplePass(card, testAppleConfig(chain, 'https://x'), identity));
    const manifest = files.get('manifest.json') as Buffer;
    const hashes: Record<string, string> = JSON.parse(manifest.toString('utf8'));
    const listed = [...files.keys()].filter(
      (name) => !['manifest.json', 'signature'].includes(name),
    );
    expect(Object.keys(hashes).sort()).toEqual(listed.sort());
    for (const name of listed)
      expect(hashes[name]).toBe(
        createHash('sha1')
          .update(files.get(name) as Buffer)
          .digest('hex'),
      );
    expect(verifySignature(manifest, files.get('signature') as Buffer)).toBe(true);
    // The signature covers the manifest: one byte changed and it no longer verifies.
    const altered = Buffer.from(manifest);
    altered[2] = altered[2] === 0x61 ? 0x62 : 0x61;
    expect(verifySignature(altered, files.get('signature') as Buffer)).toBe(false);
  });

  it('has no tier field for a customer without a tier', () => {
    const files = readZip(
      buildApplePass({ ...card, tier: null }, testAppleConfig(chain, 'https://x'), identity),
    );
    const pass = JSON.parse((files.get('pass.json') as Buffer).toString('utf8'));
    expect(pass.storeCard.secondaryFields).toEqual([]);
    expect((files.get('ru.lproj/pass.strings') as Buffer).toString('utf8')).not.toContain(
      'tier_name',
    );
  });
});
