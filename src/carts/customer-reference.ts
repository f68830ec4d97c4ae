import { identifierOwners } from '../customers/identifier-owners.ts';
import { normalizeIdentifier } from '../customers/identifiers.ts';
import { invalid } from '../errors.ts';
import type { Db } from '../store/database.ts';

/** How a till names the customer: by id, or by exactly one identifier as printed on a card or typed. */
export interface CustomerReference {
  id?: string;
  card?: string;
  phone?: string;
  email?: string;
  external?: { system: string; id: string };
}

export type ResolvedCustomer =
  | { status: 'anonymous' }
  | { status: 'not_found' }
  | { status: 'identified'; id: string };

/**
 * Finds the customer a cart belongs to. An unknown card or phone does not stop the sale: the cart
 * is calculated as anonymous and the answer says the customer was not found. A malformed
 * identifier is refused (`invalid_phone`, …) with its field under `/customer`.
 */
export async function resolveCustomer(
  db: Db,
  reference: CustomerReference | undefined,
  defaultCountry: string,
): Promise<ResolvedCustomer> {
  if (!reference) return { status: 'anonymous' };
  const given = (['id', 'card', 'phone', 'email', 'external'] as const).filter(
    (k) => reference[k] !== undefined,
  );
  if (given.length !== 1) {
    throw invalid(
      'customer_needs_one_identifier',
      'Name the customer by exactly one of id, card, phone, email, external',
      '/customer',
    );
  }
  if (reference.id !== undefined) return resolveById(db, reference.id);
  const kind = given[0] as 'card' | 'phone' | 'email' | 'external';
  const input =
    kind === 'external' && reference.external
      ? { kind, system: reference.external.system, value: reference.external.id }
      : { kind, value: reference[kind] as string };
  const normalized = normalizeIdentifier(input, defaultCountry);
  if (!normalized.ok) throw invalid(normalized.code, normalized.message, `/customer/${kind}`);
  const [owner] = await identifierOwners(db, [normalized.identifier]);
  return owner === undefined ? { status: 'not_found' } : { status: 'identified', id: owner };
}

async function resolveById(db: Db, id: string): Promise<ResolvedCustomer> {
  const row = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return { status: 'not_found' };
  // A merged-away profile buys as its survivor.
  return { status: 'identified', id: row.merged_into ?? row.id };
}
