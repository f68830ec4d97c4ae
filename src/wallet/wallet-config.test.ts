import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { ConfigError } from '../env-reader.ts';
import { makeTestWalletChain, type TestWalletChain } from './test-wallet-chain.ts';

let chain: TestWalletChain;
let dir: string;
beforeAll(() => {
  chain = makeTestWalletChain();
  dir = mkdtempSync(join(tmpdir(), 'perk-wallet-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

const secret = 'a secret of at least thirty-two characters';

describe('wallet configuration', () => {
  it('is off by default', () => {
    expect(readConfig({}).wallet).toEqual({
      organization: 'Perk',
      programName: 'Loyalty card',
      publicUrl: undefined,
      apple: undefined,
      google: undefined,
      pollMs: 2_000,
    });
  });

  it('reads Apple Wallet from PEM text and files, and Google Wallet', () => {
    writeFileSync(join(dir, 'wwdr.pem'), chain.wwdr);
    writeFileSync(join(dir, 'key.pem'), chain.signerKey);
    const { wallet } = readConfig({
      PERK_PUBLIC_URL: 'https://loyalty.shop.example/',
      PERK_WALLET_ORGANIZATION: 'Магазин у дома',
      PERK_WALLET_APPLE_PASS_TYPE_ID: 'pass.example.loyalty',
      PERK_WALLET_APPLE_TEAM_ID: 'ABCDE12345',
      PERK_WALLET_APPLE_CERT: chain.signerCert,
      PERK_WALLET_APPLE_KEY_FILE: join(dir, 'key.pem'),
      PERK_WALLET_APPLE_WWDR_FILE: join(dir, 'wwdr.pem'),
      PERK_WALLET_APPLE_TOKEN_SECRET: secret,
      PERK_WALLET_GOOGLE_ISSUER_ID: '3388000000012345678',
      PERK_WALLET_GOOGLE_CLIENT_EMAIL: 'perk@project.iam.gserviceaccount.com',
      // As a .env file holds a key: its line breaks written \n.
      PERK_WALLET_GOOGLE_PRIVATE_KEY: chain.googleKey.replaceAll('\n', '\\n'),
    });
    expect(wallet.publicUrl).toBe('https://loyalty.shop.example');
    expect(wallet.organization).toBe('Магазин у дома');
    expect(wallet.apple).toMatchObject({
      passTypeId: 'pass.example.loyalty',
      teamId: 'ABCDE12345',
      signerCert: chain.signerCert,
      signerKey: chain.signerKey,
      wwdr: chain.wwdr,
      apnsUrl: 'https://api.push.apple.com',
    });
    expect(wallet.google).toMatchObject({
      issuerId: '3388000000012345678',
      classSuffix: 'loyalty',
      privateKey: chain.googleKey,
    });
  });

  it('refuses a half-configured wallet naming every missing or bad variable, echoing no secret', () => {
    const problems = problemsOf({
      PERK_WALLET_APPLE_PASS_TYPE_ID: 'loyalty',
      PERK_WALLET_APPLE_KEY: 'not a key',
      PERK_WALLET_APPLE_TOKEN_SECRET: 'short',
      PERK_WALLET_GOOGLE_ISSUER_ID: '33880000',
    });
    expect(problems).toEqual([
      'PERK_WALLET_APPLE_TEAM_ID="": allowed: set, as the other PERK_WALLET_APPLE_* are (or PERK_WALLET_APPLE_TEAM_ID_FILE)',
      'PERK_WALLET_APPLE_CERT="": allowed: set, as the other PERK_WALLET_APPLE_* are (or PERK_WALLET_APPLE_CERT_FILE)',
      'PERK_WALLET_APPLE_WWDR="": allowed: set, as the other PERK_WALLET_APPLE_* are (or PERK_WALLET_APPLE_WWDR_FILE)',
      'PERK_PUBLIC_URL="": allowed: set for Apple Wallet: the https:// URL devices reach',
      'PERK_WALLET_APPLE_PASS_TYPE_ID="loyalty": allowed: pass.<reverse domain>',
      'PERK_WALLET_APPLE_KEY="(not shown)": allowed: a PEM the key or certificate reads from (wrong passphrase?)',
      'PERK_WALLET_APPLE_TOKEN_SECRET="(5 characters)": allowed: at least 32 characters',
      'PERK_WALLET_GOOGLE_CLIENT_EMAIL="": allowed: set, as the other PERK_WALLET_GOOGLE_* are',
      'PERK_WALLET_GOOGLE_PRIVATE_KEY="": allowed: set, as the other PERK_WALLET_GOOGLE_* are',
    ]);
  });

  it('refuses a Google key that is not RSA and a file it cannot read', () => {
    const problems = problemsOf({
      PERK_WALLET_GOOGLE_ISSUER_ID: '1',
      PERK_WALLET_GOOGLE_CLIENT_EMAIL: 'a@b',
      PERK_WALLET_GOOGLE_PRIVATE_KEY_FILE: join(dir, 'missing.pem'),
    });
    expect(problems).toEqual([
      `PERK_WALLET_GOOGLE_PRIVATE_KEY_FILE=${JSON.stringify(join(dir, 'missing.pem'))}: allowed: a file this process can read`,
      'PERK_WALLET_GOOGLE_PRIVATE_KEY="": allowed: set, as the other PERK_WALLET_GOOGLE_* are',
    ]);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(
      problemsOf({
        PERK_WALLET_GOOGLE_ISSUER_ID: '1',
        PERK_WALLET_GOOGLE_CLIENT_EMAIL: 'a@b',
        PERK_WALLET_GOOGLE_PRIVATE_KEY: ec.export({ type: 'pkcs8', format: 'pem' }).toString(),
      }),
    ).toEqual(['PERK_WALLET_GOOGLE_PRIVATE_KEY="(not shown)": allowed: an RSA private key (PEM)']);
  });
});
