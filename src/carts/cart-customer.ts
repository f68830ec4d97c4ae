import { sql } from 'kysely';
import type { AccountBalance } from '../points/accounts.ts';
import { balanceOfRow, type DueBalanceRow, dueBalanceColumns } from '../points/points-balance.ts';
import { readConfigVersion } from '../programme/programme-cache.ts';
import type { Db } from '../store/database.ts';
import {
  type CustomerReference,
  type ResolvedCustomer,
  referencedId,
} from './customer-reference.ts';

/** The customer of a cart with what pricing needs of them, and the configuration version. */
export interface CartCustomer {
  customer: ResolvedCustomer;
  /** The customer's stored tier row (null when it has none, or no customer). */
  storedTier: { tierId: string | null } | null;
  /** Segments the customer belongs to (rule and static), sorted. */
  segmentIds: string[];
  /** `config_version` read with it: which cached programme prices this cart. */
  configVersion: number;
  /**
   * The customer's points as of the instant asked for, read in the same statement (zeros
   * without an account); null when not asked for, or no customer.
   */
  balance: AccountBalance | null;
}

/**
 * Finds the customer a cart belongs to and reads, in the same statement, its tier row, its
 * segments and the configuration version, and with `balanceAt` its points due by then (what a
 * till shows beside the priced cart; a commit reads them again under the account's lock). An
 * unknown id, card or phone does not stop the sale: the cart is calculated as anonymous and the
 * answer says the customer was not found; a merged-away id buys as its survivor. Refusals: those
 * of `referencedId`.
 */
export async function loadCartCustomer(
  db: Db,
  reference: CustomerReference | undefined,
  defaultCountry: string,
  balanceAt?: Date,
): Promise<CartCustomer> {
  const named = await referencedId(db, reference, defaultCountry);
  const nobody = (customer: ResolvedCustomer, configVersion: number): CartCustomer => ({
    customer,
    storedTier: null,
    segmentIds: [],
    configVersion,
    balance: null,
  });
  if (named.kind === 'anonymous')
    return nobody({ status: 'anonymous' }, await readConfigVersion(db));
  if (named.id === undefined) return nobody({ status: 'not_found' }, await readConfigVersion(db));
  const { rows } = await sql<
    {
      config_version: number;
      owner: string | null;
      has_tier: boolean;
      tier_id: string | null;
      segment_ids: string[];
    } & Partial<DueBalanceRow>
  >`
    SELECT (SELECT version FROM config_version) AS config_version, o.owner,
      t.customer_id IS NOT NULL AS has_tier, t.tier_id,
      coalesce((SELECT array_agg(m.segment_id ORDER BY m.segment_id) FROM segment_members m
        WHERE m.customer_id = o.owner), '{}') AS segment_ids
      ${balanceAt === undefined ? sql`` : sql`, ${dueBalanceColumns(sql.ref('o.owner'), balanceAt)}`}
    FROM (SELECT (SELECT coalesce(c.merged_into, c.id) FROM customers c WHERE c.id = ${named.id})
      AS owner) o
    LEFT JOIN customer_tiers t ON t.customer_id = o.owner
    ${balanceAt === undefined ? sql`` : sql`LEFT JOIN points_accounts a ON a.customer_id = o.owner`}`.execute(
    db,
  );
  const row = rows[0];
  if (!row) throw new Error('the cart customer query answers one row');
  const configVersion = Number(row.config_version);
  if (row.owner === null) return nobody({ status: 'not_found' }, configVersion);
  return {
    customer: { status: 'identified', id: row.owner },
    storedTier: row.has_tier ? { tierId: row.tier_id } : null,
    segmentIds: row.segment_ids,
    configVersion,
    balance: balanceAt === undefined ? null : balanceOfRow(row as DueBalanceRow),
  };
}
