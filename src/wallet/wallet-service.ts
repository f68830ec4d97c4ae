import { PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { buildApplePass } from './apple-pass.ts';
import { ensurePass, passToken, type StoredPass } from './apple-passes.ts';
import { recordGoogleObject } from './google-object-updater.ts';
import { googleSaveLink } from './google-wallet.ts';
import { walletCard } from './wallet-card.ts';
import type { AppleWalletConfig, GoogleWalletConfig, WalletConfig } from './wallet-config.ts';

/** Where a pass's device reaches Perk: the Apple web service under the public URL. */
export const appleServicePrefix = '/wallet/apple';

type AppleReady = WalletConfig & { apple: AppleWalletConfig; publicUrl: string };
type GoogleReady = WalletConfig & { google: GoogleWalletConfig };

/** `wallet_not_configured` (409), naming the variables to set. */
function notConfigured(wallet: 'Apple' | 'Google', variables: string): PerkError {
  return new PerkError(
    'conflict',
    'wallet_not_configured',
    `${wallet} Wallet is not configured on this server: set ${variables} (see docs/wallet.md)`,
    { details: { wallet: wallet.toLowerCase() } },
  );
}

/** The wallet config with Apple's part, or `wallet_not_configured`. */
export function appleReady(wallet: WalletConfig): AppleReady {
  if (!wallet.apple || !wallet.publicUrl)
    throw notConfigured('Apple', 'PERK_WALLET_APPLE_* and PERK_PUBLIC_URL');
  return wallet as AppleReady;
}

/** The wallet config with Google's part, or `wallet_not_configured`. */
export function googleReady(wallet: WalletConfig): GoogleReady {
  if (!wallet.google) throw notConfigured('Google', 'PERK_WALLET_GOOGLE_*');
  return wallet as GoogleReady;
}

/**
 * The signed `.pkpass` of a stored pass, as of `now`. Refusals of {@link walletCard}: the
 * customer may have lost its card since.
 */
export async function applePassFile(
  db: Db,
  wallet: AppleReady,
  pass: StoredPass,
  now: Date,
): Promise<Buffer> {
  const card = await walletCard(db, pass.customerId, now.getTime());
  return buildApplePass(card, wallet.apple, {
    serial: pass.serial,
    authenticationToken: passToken(wallet.apple.tokenSecret, pass.passTypeId, pass.serial),
    webServiceUrl: `${wallet.publicUrl}${appleServicePrefix}`,
    organization: wallet.organization,
    programName: wallet.programName,
  });
}

/**
 * The customer's Apple Wallet pass: made on first use (one per customer), the same serial and
 * token after. Refusals: `wallet_not_configured` (409), `customer_not_found` (404),
 * `customer_has_no_card` (422).
 */
export async function issueApplePass(
  db: Db,
  wallet: WalletConfig,
  customerId: string,
  now: Date,
): Promise<Buffer> {
  const ready = appleReady(wallet);
  const card = await walletCard(db, customerId, now.getTime());
  const pass = await ensurePass(
    db,
    card.customerId,
    ready.apple.passTypeId,
    ready.apple.tokenSecret,
    now,
  );
  return applePassFile(db, ready, pass, now);
}

/**
 * The customer's Google Wallet object and its "save to wallet" link; the object is noted, so that
 * once saved it is sent the customer's changes. Refusals:
 * `wallet_not_configured` (409), `customer_not_found` (404), `customer_has_no_card` (422).
 */
export async function issueGoogleLink(
  db: Db,
  wallet: WalletConfig,
  customerId: string,
  now: Date,
): ReturnType<typeof googleSaveLink> {
  const ready = googleReady(wallet);
  const card = await walletCard(db, customerId, now.getTime());
  const link = await googleSaveLink(card, ready, now);
  await recordGoogleObject(db, link.object.id, card.customerId, now);
  return link;
}
