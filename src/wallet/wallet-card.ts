import type { EpochMs } from '../calendar/day-number.ts';
import { PerkError } from '../errors.ts';
import { getPointsBalance } from '../points/points-balance.ts';
import type { Db } from '../store/database.ts';
import { tierForCart } from '../tiers/current-tier.ts';
import type { Tier } from '../tiers/tier-program.ts';
import { getTierProgram } from '../tiers/tier-program-store.ts';

/** What a wallet card shows: the card number (its barcode), the points and the tier. */
export interface WalletCard {
  /** The live customer (the survivor for a merged-away id). */
  customerId: string;
  cardNumber: string;
  /** Spendable points, net of debt. */
  points: number;
  tier: Pick<Tier, 'id' | 'name'> | null;
}

/**
 * The card of `customerId` at `now`: its oldest card identifier, its spendable points and its
 * tier. Refusals: `customer_not_found` (404); `customer_has_no_card` (422) when the customer has
 * no card identifier for a till to scan.
 */
export async function walletCard(db: Db, customerId: string, now: EpochMs): Promise<WalletCard> {
  const balance = await getPointsBalance(db, customerId, now, 0);
  const owner = balance.customerId;
  const [card, cartTier, stored] = await Promise.all([
    db
      .selectFrom('customer_identifiers')
      .select('value')
      .where('customer_id', '=', owner)
      .where('kind', '=', 'card')
      .orderBy('created_at')
      .orderBy('value')
      .executeTakeFirst(),
    tierForCart(db, owner),
    getTierProgram(db),
  ]);
  if (!card)
    throw new PerkError(
      'unprocessable',
      'customer_has_no_card',
      'The customer has no card identifier to put on a wallet card; add one first',
      { field: '/id' },
    );
  const tier = stored?.program.tiers.find((t) => t.id === cartTier.tierId);
  return {
    customerId: owner,
    cardNumber: card.value,
    points: balance.active,
    tier: tier ? { id: tier.id, name: tier.name } : null,
  };
}
