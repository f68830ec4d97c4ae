import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { WalletCard } from './wallet-card.ts';
import type { GoogleWalletConfig, WalletConfig } from './wallet-config.ts';

/** Google's text in Russian first, English beside it, as its LocalizedString holds it. */
function localized(ru: string, en: string) {
  return {
    defaultValue: { language: 'ru', value: ru },
    translatedValues: [{ language: 'en', value: en }],
  };
}

/** The loyalty class the card's object belongs to (one per programme). */
export function googleLoyaltyClass(google: GoogleWalletConfig, wallet: WalletConfig) {
  return {
    id: `${google.issuerId}.${google.classSuffix}`,
    issuerName: wallet.organization,
    programName: wallet.programName,
    ...(google.logoUrl ? { programLogo: { sourceUri: { uri: google.logoUrl } } } : {}),
    reviewStatus: 'UNDER_REVIEW',
  };
}

/**
 * The customer's loyalty object: the card number as account id and CODE_128 barcode, the points
 * as its balance, the tier as a text module, labels in Russian and English.
 */
export function googleLoyaltyObject(card: WalletCard, google: GoogleWalletConfig) {
  return {
    id: `${google.issuerId}.${card.customerId}`,
    classId: `${google.issuerId}.${google.classSuffix}`,
    state: 'ACTIVE',
    accountId: card.cardNumber,
    accountName: card.cardNumber,
    barcode: { type: 'CODE_128', value: card.cardNumber, alternateText: card.cardNumber },
    loyaltyPoints: {
      label: 'Баллы',
      localizedLabel: localized('Баллы', 'Points'),
      balance: { int: card.points },
    },
    textModulesData: card.tier
      ? [
          {
            id: 'tier',
            header: 'Уровень',
            body: card.tier.name.ru,
            localizedHeader: localized('Уровень', 'Tier'),
            localizedBody: localized(card.tier.name.ru, card.tier.name.en),
          },
        ]
      : [],
  };
}

export type GoogleLoyaltyObject = ReturnType<typeof googleLoyaltyObject>;

/**
 * The "save to Google Wallet" link of `card`: a JWT signed RS256 with the service account's key,
 * carrying the loyalty object (and the class, when a logo is configured to make it with).
 */
export async function googleSaveLink(
  card: WalletCard,
  wallet: WalletConfig & { google: GoogleWalletConfig },
  now: Date,
): Promise<{ saveUrl: string; object: GoogleLoyaltyObject }> {
  const { google } = wallet;
  const object = googleLoyaltyObject(card, google);
  const jwt = await new SignJWT({
    typ: 'savetowallet',
    origins: wallet.publicUrl ? [new URL(wallet.publicUrl).origin] : [],
    payload: {
      ...(google.logoUrl ? { loyaltyClasses: [googleLoyaltyClass(google, wallet)] } : {}),
      loyaltyObjects: [object],
    },
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(google.clientEmail)
    .setAudience('google')
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(createPrivateKey(google.privateKey));
  return { saveUrl: `https://pay.google.com/gp/v/save/${jwt}`, object };
}
