import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EnvReader } from '../env-reader.ts';

/** Apple Wallet: the pass type's certificate and key, and where devices reach Perk. */
export interface AppleWalletConfig {
  /** `pass.com.shop.loyalty`, as registered in the Apple developer account. */
  passTypeId: string;
  /** The developer team's ten-character identifier. */
  teamId: string;
  /** The pass type certificate (PEM); it signs passes and authenticates pushes to APNs. */
  signerCert: string;
  /** Its private key (PEM), with the passphrase when the key is encrypted. */
  signerKey: string;
  signerKeyPassphrase: string | undefined;
  /** Apple's WWDR intermediate certificate (PEM), which issued the pass type certificate. */
  wwdr: string;
  /** Derives each pass's authentication token (HMAC-SHA256 over its serial). */
  tokenSecret: string;
  /** APNs' base URL; a fake server's in tests. */
  apnsUrl: string;
  /** Extra certificate authorities (PEM) APNs' server certificate is checked against (tests). */
  apnsCa: string | undefined;
  /** The pass's icon and logo (PNG); a plain square when absent. */
  icon: Buffer | undefined;
  logo: Buffer | undefined;
}

/** Google Wallet: the issuer and the service account that signs "save to wallet" links. */
export interface GoogleWalletConfig {
  /** The issuer id from the Google Pay & Wallet console (digits). */
  issuerId: string;
  /** The loyalty class is `<issuerId>.<classSuffix>`. */
  classSuffix: string;
  /** The service account's e-mail (`…@….iam.gserviceaccount.com`), the JWT's issuer. */
  clientEmail: string;
  /** The service account's RSA private key (PEM). */
  privateKey: string;
  /** The programme's logo URL; with it the link creates the loyalty class if it is missing. */
  logoUrl: string | undefined;
  /** Google's Wallet REST API and OAuth token endpoint; a fake server's in tests. */
  apiUrl: string;
  tokenUrl: string;
}

/** Wallet cards; each wallet is off while its variables are unset. */
export interface WalletConfig {
  /** The organisation shown on the card ("Магазин у дома"). */
  organization: string;
  /** The programme's name on the card. */
  programName: string;
  /** Where devices reach this Perk from outside, e.g. `https://loyalty.shop.example`. */
  publicUrl: string | undefined;
  apple: AppleWalletConfig | undefined;
  google: GoogleWalletConfig | undefined;
  /** The pause between two looks for balance and tier changes to push (ms). */
  pollMs: number;
}

const appleRequired = [
  'PERK_WALLET_APPLE_PASS_TYPE_ID',
  'PERK_WALLET_APPLE_TEAM_ID',
  'PERK_WALLET_APPLE_CERT',
  'PERK_WALLET_APPLE_KEY',
  'PERK_WALLET_APPLE_WWDR',
  'PERK_WALLET_APPLE_TOKEN_SECRET',
] as const;

const googleRequired = [
  'PERK_WALLET_GOOGLE_ISSUER_ID',
  'PERK_WALLET_GOOGLE_CLIENT_EMAIL',
  'PERK_WALLET_GOOGLE_PRIVATE_KEY',
] as const;

const tokenSecretMinLength = 32;

/**
 * Reads `PERK_WALLET_*` and `PERK_PUBLIC_URL`. A PEM is given as the variable's text or as
 * `<name>_FILE`, a path to read it from. A wallet half-configured is refused naming what is
 * missing; secrets and keys are never echoed, only said to be unreadable.
 */
export function readWalletConfig(vars: EnvReader): WalletConfig {
  const publicUrl = readPublicUrl(vars);
  const apple = readApple(vars, publicUrl);
  const google = readGoogle(vars);
  return {
    organization: vars.text('PERK_WALLET_ORGANIZATION') ?? 'Perk',
    programName: vars.text('PERK_WALLET_PROGRAM_NAME') ?? 'Loyalty card',
    publicUrl,
    apple,
    google,
    pollMs: vars.wholeNumber('PERK_WALLET_POLL_MS', 2_000, 50, 600_000),
  };
}

function readApple(vars: EnvReader, publicUrl: string | undefined): AppleWalletConfig | undefined {
  const given = Object.fromEntries(appleRequired.map((name) => [name, secretText(vars, name)]));
  if (appleRequired.every((name) => given[name] === undefined)) return undefined;
  let complete = true;
  for (const name of appleRequired) {
    if (given[name] !== undefined) continue;
    vars.refuse(name, '', `set, as the other PERK_WALLET_APPLE_* are (or ${name}_FILE)`);
    complete = false;
  }
  if (publicUrl === undefined) {
    vars.refuse('PERK_PUBLIC_URL', '', 'set for Apple Wallet: the https:// URL devices reach');
    complete = false;
  }
  const passTypeId = given.PERK_WALLET_APPLE_PASS_TYPE_ID ?? '';
  if (passTypeId && !/^pass\.[A-Za-z0-9.-]+$/.test(passTypeId)) {
    vars.refuse('PERK_WALLET_APPLE_PASS_TYPE_ID', passTypeId, 'pass.<reverse domain>');
    complete = false;
  }
  const teamId = given.PERK_WALLET_APPLE_TEAM_ID ?? '';
  if (teamId && !/^[A-Z0-9]{10}$/.test(teamId)) {
    vars.refuse('PERK_WALLET_APPLE_TEAM_ID', teamId, 'ten capital letters and digits');
    complete = false;
  }
  const signerKeyPassphrase = vars.text('PERK_WALLET_APPLE_KEY_PASSPHRASE');
  const checks: [string, string | undefined, (pem: string) => unknown][] = [
    ['PERK_WALLET_APPLE_CERT', given.PERK_WALLET_APPLE_CERT, (pem) => new X509Certificate(pem)],
    ['PERK_WALLET_APPLE_WWDR', given.PERK_WALLET_APPLE_WWDR, (pem) => new X509Certificate(pem)],
    [
      'PERK_WALLET_APPLE_KEY',
      given.PERK_WALLET_APPLE_KEY,
      (pem) => createPrivateKey({ key: pem, passphrase: signerKeyPassphrase ?? '' }),
    ],
  ];
  for (const [name, pem, parse] of checks) {
    if (pem !== undefined && !parses(() => parse(pem))) {
      vars.refuse(
        name,
        '(not shown)',
        'a PEM the key or certificate reads from (wrong passphrase?)',
      );
      complete = false;
    }
  }
  const tokenSecret = given.PERK_WALLET_APPLE_TOKEN_SECRET ?? '';
  if (tokenSecret && tokenSecret.length < tokenSecretMinLength) {
    vars.refuse(
      'PERK_WALLET_APPLE_TOKEN_SECRET',
      `(${tokenSecret.length} characters)`,
      `at least ${tokenSecretMinLength} characters`,
    );
    complete = false;
  }
  const apnsUrl = httpUrl(vars, 'PERK_WALLET_APNS_URL') ?? 'https://api.push.apple.com';
  const apnsCa = secretText(vars, 'PERK_WALLET_APNS_CA');
  const icon = fileBytes(vars, 'PERK_WALLET_APPLE_ICON_FILE');
  const logo = fileBytes(vars, 'PERK_WALLET_APPLE_LOGO_FILE');
  if (!complete) return undefined;
  return {
    passTypeId,
    teamId,
    signerCert: given.PERK_WALLET_APPLE_CERT as string,
    signerKey: given.PERK_WALLET_APPLE_KEY as string,
    signerKeyPassphrase,
    wwdr: given.PERK_WALLET_APPLE_WWDR as string,
    tokenSecret,
    apnsUrl,
    apnsCa,
    icon,
    logo,
  };
}

function readGoogle(vars: EnvReader): GoogleWalletConfig | undefined {
  const given = Object.fromEntries(googleRequired.map((name) => [name, secretText(vars, name)]));
  if (googleRequired.every((name) => given[name] === undefined)) return undefined;
  let complete = true;
  for (const name of googleRequired) {
    if (given[name] !== undefined) continue;
    vars.refuse(name, '', `set, as the other PERK_WALLET_GOOGLE_* are`);
    complete = false;
  }
  const issuerId = given.PERK_WALLET_GOOGLE_ISSUER_ID ?? '';
  if (issuerId && !/^\d{1,30}$/.test(issuerId)) {
    vars.refuse('PERK_WALLET_GOOGLE_ISSUER_ID', issuerId, 'the issuer id: digits');
    complete = false;
  }
  const clientEmail = given.PERK_WALLET_GOOGLE_CLIENT_EMAIL ?? '';
  if (clientEmail && !/^[^\s@]+@[^\s@]+$/.test(clientEmail)) {
    vars.refuse('PERK_WALLET_GOOGLE_CLIENT_EMAIL', clientEmail, "the service account's e-mail");
    complete = false;
  }
  const privateKey = given.PERK_WALLET_GOOGLE_PRIVATE_KEY ?? '';
  if (privateKey && !parses(() => rsaKey(privateKey))) {
    vars.refuse('PERK_WALLET_GOOGLE_PRIVATE_KEY', '(not shown)', 'an RSA private key (PEM)');
    complete = false;
  }
  const classSuffix = vars.text('PERK_WALLET_GOOGLE_CLASS_SUFFIX') ?? 'loyalty';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(classSuffix)) {
    vars.refuse('PERK_WALLET_GOOGLE_CLASS_SUFFIX', classSuffix, 'letters, digits, . _ -');
    complete = false;
  }
  const logoUrl = httpUrl(vars, 'PERK_WALLET_GOOGLE_LOGO_URL');
  const apiUrl =
    httpUrl(vars, 'PERK_WALLET_GOOGLE_API_URL') ?? 'https://walletobjects.googleapis.com';
  const tokenUrl =
    httpUrl(vars, 'PERK_WALLET_GOOGLE_TOKEN_URL') ?? 'https://oauth2.googleapis.com/token';
  if (!complete) return undefined;
  return { issuerId, classSuffix, clientEmail, privateKey, logoUrl, apiUrl, tokenUrl };
}

function rsaKey(pem: string) {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  return key;
}

function parses(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

/** The variable's text, or the content of the file `<name>_FILE` names. */
function secretText(vars: EnvReader, name: string): string | undefined {
  const text = vars.text(name);
  if (text !== undefined) return text.replaceAll('\\n', '\n');
  const bytes = fileBytes(vars, `${name}_FILE`);
  return bytes?.toString('utf8');
}

function fileBytes(vars: EnvReader, name: string): Buffer | undefined {
  const path = vars.text(name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch {
    vars.refuse(name, path, 'a file this process can read');
    return undefined;
  }
}

function readPublicUrl(vars: EnvReader): string | undefined {
  const url = httpUrl(vars, 'PERK_PUBLIC_URL');
  return url?.replace(/\/+$/, '');
}

function httpUrl(vars: EnvReader, name: string): string | undefined {
  const value = vars.text(name);
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.search)
      return value;
  } catch {
    // refused below
  }
  vars.refuse(name, value, 'an http:// or https:// URL without credentials or query');
  return undefined;
}
