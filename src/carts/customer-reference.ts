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
 * What a reference names: nobody (anonymous), a customer id to look up, or an identifier's owner
 * (undefined when no customer holds it). A malformed identifier is refused (`invalid_phone`, …)
 * with its field under `/customer`; more or fewer than one identifier is
 * `customer_needs_one_identifier`.
 */
export async function referencedId(
  db: Db,
  reference: CustomerReference | undefined,
  defaultCountry: string,
): Promise<{ kind: 'anonymous' } | { kind: 'id'; id: string } | { kind: 'owner'; id?: string }> {
  if (!reference) return { kind: 'anonymous' };
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
  if (reference.id !== undefined) return { kind: 'id', id: reference.id };
  const kind = given[0] as 'card' | 'phone' | 'email' | 'external';
  const input =
    kind === 'external' && reference.external
      ? { kind, system: reference.external.system, value: reference.external.id }
      : { kind, value: reference[kind] as string };
  const normalized = normalizeIdentifier(input, defaultCountry);
  if (!normalized.ok) throw invalid(normalized.code, normalized.message, `/customer/${kind}`);
  const [owner] = await identifierOwners(db, [normalized.identifier]);
  return owner === undefined ? { kind: 'owner' } : { kind: 'owner', id: owner };
}
