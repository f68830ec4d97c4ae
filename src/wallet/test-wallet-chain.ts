import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppleWalletConfig, GoogleWalletConfig, WalletConfig } from './wallet-config.ts';

/** A certificate chain standing in for Apple's: a CA as the WWDR, a pass type certificate it issued, and a TLS certificate for a fake APNs server on 127.0.0.1. */
export interface TestWalletChain {
  wwdr: string;
  signerCert: string;
  signerKey: string;
  serverCert: string;
  serverKey: string;
  /** Google's service account key pair. */
  googleKey: string;
  googlePublicKey: string;
}

const openssl = (dir: string, args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

/** Makes the chain with the `openssl` command in a scratch directory, removed after. */
export function makeTestWalletChain(): TestWalletChain {
  const dir = mkdtempSync(join(tmpdir(), 'perk-wallet-'));
  try {
    openssl(
      dir,
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key'].concat(
        ['-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test WWDR'],
        ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=keyCertSign,cRLSign'],
      ),
    );
    const issue = (name: string, subject: string, extensions: string) => {
      openssl(
        dir,
        ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`].concat([
          '-out',
          `${name}.csr`,
          '-subj',
          subject,
        ]),
      );
      writeFileSync(join(dir, `${name}.ext`), extensions);
      openssl(
        dir,
        ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key'].concat([
          '-CAcreateserial',
          '-out',
          `${name}.pem`,
          '-days',
          '2',
          '-extfile',
          `${name}.ext`,
        ]),
      );
    };
    issue(
      'signer',
      '/UID=pass.test.perk/CN=Pass Type ID: pass.test.perk/OU=TEAM000001',
      'keyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n',
    );
    issue('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      wwdr: read('ca.pem'),
      signerCert: read('signer.pem'),
      signerKey: read('signer.key'),
      serverCert: read('server.pem'),
      serverKey: read('server.key'),
      googleKey: google.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      googlePublicKey: google.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Apple Wallet configured with the test chain; pushes go to `apnsUrl`. */
export function testAppleConfig(chain: TestWalletChain, apnsUrl: string): AppleWalletConfig {
  return {
    passTypeId: 'pass.test.perk',
    teamId: 'TEAM000001',
    signerCert: chain.signerCert,
    signerKey: chain.signerKey,
    signerKeyPassphrase: undefined,
    wwdr: chain.wwdr,
    tokenSecret: 'a test secret for pass tokens, long enough',
    apnsUrl,
    apnsCa: chain.wwdr,
    icon: undefined,
    logo: undefined,
  };
}

/** Google Wallet configured with the test chain's key; its API at `apiUrl` (token at /token). */
export function testGoogleConfig(
  chain: TestWalletChain,
  apiUrl = 'http://127.0.0.1:1',
): GoogleWalletConfig {
  return {
    apiUrl,
    tokenUrl: `${apiUrl}/token`,
    issuerId: '3388000000012345678',
    classSuffix: 'loyalty',
    clientEmail: 'perk@test-project.iam.gserviceaccount.com',
    privateKey: chain.googleKey,
    logoUrl: 'https://shop.example/logo.png',
  };
}

/** Both wallets on, as a test server's config. */
export function testWalletConfig(
  chain: TestWalletChain,
  apnsUrl: string,
  googleUrl?: string,
): WalletConfig {
  return {
    organization: 'Магазин у дома',
    programName: 'Карта покупателя',
    publicUrl: 'https://loyalty.shop.example',
    apple: testAppleConfig(chain, apnsUrl),
    google: testGoogleConfig(chain, googleUrl),
    pollMs: 50,
  };
}
