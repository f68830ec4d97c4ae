import { invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { IdentifierKind } from '../store/schema.ts';
import type { CustomerContext } from './customer-context.ts';
import { type Customer, reloadCustomer } from './customer-view.ts';
import { identifierOwners } from './identifier-owners.ts';
import { type IdentifierInput, identifierKinds, normalizeIdentifier } from './identifiers.ts';

/**
 * The customer with `id`. An id merged away resolves to the customer it was merged into, and
 * `resolvedFrom` then says which id was asked for. `customer_not_found` (404) for an unknown id.
 */
export async function getCustomer(
  db: Db,
  id: string,
): Promise<{ customer: Customer; resolvedFrom?: string }> {
  const row = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('customer_not_found', `No customer with id "${id}"`, '/id');
  // A merge repoints earlier merges to its survivor, so one step always reaches a live profile.
  if (row.merged_into === null) return { customer: await reloadCustomer(db, id) };
  return { customer: await reloadCustomer(db, row.merged_into), resolvedFrom: id };
}

/** A lookup as the API takes it: exactly one identifier; `external` is written `system:id`. */
export interface LookupQuery {
  card?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  external?: string | undefined;
}

/**
 * The customer holding the one identifier of `query`, written in any form
 * (`8 912 345-67-89` finds `+79123456789`). Refusals: `lookup_needs_one_identifier` (400) unless
 * exactly one is given, `invalid_external_lookup` without `system:`, the codes of
 * `normalizeIdentifier` for a malformed one, `customer_not_found` (404) when nobody holds it.
 */
export async function lookupCustomer(
  db: Db,
  query: LookupQuery,
  context: Pick<CustomerContext, 'defaultCountry'>,
): Promise<Customer> {
  const given = identifierKinds.filter((kind) => query[kind] !== undefined);
  const [kind] = given;
  if (given.length !== 1 || kind === undefined) {
    throw invalid(
      'lookup_needs_one_identifier',
      'Give exactly one of card, phone, email, external',
      given[1] === undefined ? undefined : `/${given[1]}`,
    );
  }
  const field = `/${kind}`;
  const result = normalizeIdentifier(
    lookupInput(kind, query[kind] as string),
    context.defaultCountry,
  );
  if (!result.ok) throw invalid(result.code, result.message, field);
  const { identifier } = result;
  const [owner] = await identifierOwners(db, [identifier]);
  if (owner === undefined) {
    throw notFound('customer_not_found', `No customer has the ${kind} ${identifier.value}`, field);
  }
  return reloadCustomer(db, owner);
}

function lookupInput(kind: IdentifierKind, text: string): IdentifierInput {
  if (kind !== 'external') return { kind, value: text };
  const colon = text.indexOf(':');
  if (colon < 0) {
    throw invalid(
      'invalid_external_lookup',
      'write external=system:id, e.g. shopify:12345',
      '/external',
    );
  }
  return { kind, system: text.slice(0, colon), value: text.slice(colon + 1) };
}
