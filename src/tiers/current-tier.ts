import { sql } from 'kysely';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import type { Db } from '../store/database.ts';
import type { TierProgram } from './tier-program.ts';
import { entryTierId, tierRank } from './tier-rules.ts';

/** A tier's own rates; null where the tier takes the points programme's. */
export interface TierRates {
  accrualRateBp: number | null;
  maxRedemptionShareBp: number | null;
  /** The tier's discount, applied by its tier-discount promotion. */
  discountBp: number | null;
}

export interface CartTier {
  tierId: string | null;
  rates: TierRates;
}

const noRates: TierRates = { accrualRateBp: null, maxRedemptionShareBp: null, discountBp: null };

/**
 * The customer's tier and its rates for a cart, in one query (the customer's row by primary key
 * and the one-row programme). A customer never moved holds the entry tier; a stored tier the
 * programme no longer defines counts as none.
 */
export async function tierForCart(db: Db, customerId: string): Promise<CartTier> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('customer_tiers')
        .select('tier_id')
        .where('customer_id', '=', customerId)
        .as('tier_id'),
      eb
        .selectFrom('customer_tiers')
        .select(sql<boolean>`true`.as('known'))
        .where('customer_id', '=', customerId)
        .as('known'),
      eb.selectFrom('tier_program').select('definition').as('definition'),
    ])
    .executeTakeFirstOrThrow();
  const program = (row.definition ?? null) as TierProgram | null;
  return cartTier(program, row.known ? { tierId: row.tier_id ?? null } : null);
}

/**
 * The tier a customer holds under `program`, from its stored row (null when it has none): a
 * customer never moved holds the entry tier; a stored tier the programme no longer defines
 * counts as none; without a programme nobody has a tier.
 */
export function cartTier(
  program: TierProgram | null,
  stored: { tierId: string | null } | null,
): CartTier {
  if (!program) return { tierId: null, rates: noRates };
  const held = stored ? stored.tierId : entryTierId(program);
  const tierId = tierRank(program, held) >= 0 ? held : null;
  return { tierId, rates: tierRates(program, tierId) };
}

/** The customer's tier id for the engine's `customer.tierId` (see {@link tierForCart}). */
export async function currentTierId(db: Db, customerId: string): Promise<string | null> {
  return (await tierForCart(db, customerId)).tierId;
}

/** A tier's own rates in the programme; all null for no tier. */
export function tierRates(program: TierProgram, tierId: string | null): TierRates {
  const tier = program.tiers.find((t) => t.id === tierId);
  if (!tier) return noRates;
  return {
    accrualRateBp: tier.accrualRateBp ?? null,
    maxRedemptionShareBp: tier.maxRedemptionShareBp ?? null,
    discountBp: tier.discountBp ?? null,
  };
}

/**
 * The points settings as `planPoints` should see them for this tier: the tier's own rates become
 * the per-tier overrides `accrualRateBpFor` / `maxRedemptionShareBpFor` read, so the points plan
 * needs no change. Rates the tier does not set keep whatever the settings say.
 */
export function applyTierRates(
  settings: ProgramSettings,
  tierId: string | null,
  rates: TierRates,
): ProgramSettings {
  if (tierId === null) return settings;
  const accrual = rates.accrualRateBp === null ? {} : { [tierId]: rates.accrualRateBp };
  const share = rates.maxRedemptionShareBp === null ? {} : { [tierId]: rates.maxRedemptionShareBp };
  return {
    ...settings,
    accrualRateBpByTier: { ...settings.accrualRateBpByTier, ...accrual },
    maxRedemptionShareBpByTier: { ...settings.maxRedemptionShareBpByTier, ...share },
  };
}
