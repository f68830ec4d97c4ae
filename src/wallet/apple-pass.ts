import { PKPass } from 'passkit-generator';
import type { WalletCard } from './wallet-card.ts';
import type { AppleWalletConfig } from './wallet-config.ts';

/** What a pass says beyond the card: whose it is and how its device reaches Perk again. */
export interface ApplePassIdentity {
  serial: string;
  authenticationToken: string;
  /** `<public url>/wallet/apple`, where devices register and fetch the latest pass. */
  webServiceUrl: string;
  organization: string;
  programName: string;
}

// A plain blue 58×58 square: Wallet refuses a pass without an icon, and a retailer that has not
// set PERK_WALLET_APPLE_ICON_FILE yet still gets a pass to try.
const plainIcon = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADoAAAA6CAIAAABu2d1/AAAARklEQVR42u3OAQkAAAgDsDeyjP0LWMIch8ECLLNXJLq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6PR5KYsqHeHszvAAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The labels and the tier's name in each language the pass carries. Wallet shows a field's
 * label, and its value too, through the device language's `pass.strings` when it holds the text
 * as a key, so pass.json names keys and each `.lproj` says them.
 */
function passStrings(card: WalletCard, programName: string) {
  return {
    ru: {
      description: programName,
      balance_label: 'Баллы',
      tier_label: 'Уровень',
      card_label: 'Карта',
      ...(card.tier ? { tier_name: card.tier.name.ru } : {}),
    },
    en: {
      description: programName,
      balance_label: 'Points',
      tier_label: 'Tier',
      card_label: 'Card',
      ...(card.tier ? { tier_name: card.tier.name.en } : {}),
    },
  };
}

/** pass.json of a store card: balance up top, tier below, the card number as the barcode. */
export function passJson(card: WalletCard, config: AppleWalletConfig, identity: ApplePassIdentity) {
  return {
    formatVersion: 1,
    passTypeIdentifier: config.passTypeId,
    teamIdentifier: config.teamId,
    serialNumber: identity.serial,
    organizationName: identity.organization,
    description: 'description',
    webServiceURL: identity.webServiceUrl,
    authenticationToken: identity.authenticationToken,
    foregroundColor: 'rgb(255, 255, 255)',
    backgroundColor: 'rgb(47, 84, 235)',
    labelColor: 'rgb(220, 228, 255)',
    storeCard: {
      headerFields: [{ key: 'balance', label: 'balance_label', value: card.points }],
      secondaryFields: card.tier ? [{ key: 'tier', label: 'tier_label', value: 'tier_name' }] : [],
      backFields: [{ key: 'card', label: 'card_label', value: card.cardNumber }],
    },
    barcodes: [
      {
        format: 'PKBarcodeFormatCode128',
        message: card.cardNumber,
        messageEncoding: 'iso-8859-1',
        altText: card.cardNumber,
      },
    ],
  };
}

/**
 * The signed `.pkpass` (a zip of pass.json, images, `ru.lproj`/`en.lproj`, manifest.json and its
 * detached PKCS#7 signature) of `card`, signed with the pass type certificate.
 */
export function buildApplePass(
  card: WalletCard,
  config: AppleWalletConfig,
  identity: ApplePassIdentity,
): Buffer {
  const icon = config.icon ?? plainIcon;
  const pass = new PKPass(
    {
      'pass.json': Buffer.from(JSON.stringify(passJson(card, config, identity))),
      'icon.png': icon,
      'icon@2x.png': icon,
      'logo.png': config.logo ?? icon,
    },
    {
      wwdr: config.wwdr,
      signerCert: config.signerCert,
      signerKey: config.signerKey,
      ...(config.signerKeyPassphrase ? { signerKeyPassphrase: config.signerKeyPassphrase } : {}),
    },
  );
  for (const [language, strings] of Object.entries(passStrings(card, identity.programName)))
    pass.localize(language, strings);
  return pass.getAsBuffer();
}
