import type { Selectable } from 'kysely';
import { conflict, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { CustomersTable } from '../store/schema.ts';
import type { CustomFieldValue } from './custom-field-value.ts';
import {
  compareIdentifiers,
  type Identifier,
  type IdentifierInput,
  identifierView,
} from './identifiers.ts';
import type { CustomerProfile } from './profile.ts';

export type CustomerRow = Selectable<CustomersTable>;

/** A customer as the API shows it. */
export interface Customer extends CustomerProfile {
  id: string;
  /** Sequence number, increasing with creation; the list's paging cursor. */
  number: number;
  identifiers: IdentifierInput[];
  createdAt: string;
  updatedAt: string;
}

/** The profile part of a stored row. */
export function profileOf(row: CustomerRow): CustomerProfile {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    middleName: row.middle_name,
    gender: row.gender,
    birthDate: row.birth_date,
    city: row.city,
    consents: row.consents,
    specialCategories: row.special_categories,
    customFields: row.custom_fields as Record<string, CustomFieldValue>,
  };
}

/** The columns that store a profile. */
export function profileColumns(profile: CustomerProfile) {
  return {
    first_name: profile.firstName,
    last_name: profile.lastName,
    middle_name: profile.middleName,
    gender: profile.gender,
    birth_date: profile.birthDate,
    city: profile.city,
    consents: JSON.stringify(profile.consents),
    special_categories: profile.specialCategories,
    custom_fields: JSON.stringify(profile.customFields),
  };
}

/** The identifiers of each of `customerIds`. */
export async function identifiersOf(
  db: Db,
  customerIds: readonly string[],
): Promise<Map<string, Identifier[]>> {
  const byCustomer = new Map<string, Identifier[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return byCustomer;
  const rows = await db
    .selectFrom('customer_identifiers')
    .select(['customer_id', 'kind', 'system', 'value'])
    .where('customer_id', 'in', customerIds)
    .execute();
  for (const row of rows) byCustomer.get(row.customer_id)?.push(row);
  return byCustomer;
}

/** Rows with their identifiers, as the API shows them, in the rows' order. */
export async function toCustomers(db: Db, rows: readonly CustomerRow[]): Promise<Customer[]> {
  const identifiers = await identifiersOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toCustomer(row, identifiers.get(row.id) ?? []));
}

/** One row with its identifiers. */
export function toCustomer(row: CustomerRow, identifiers: readonly Identifier[]): Customer {
  return {
    id: row.id,
    number: row.number,
    ...profileOf(row),
    identifiers: [...identifiers].sort(compareIdentifiers).map(identifierView),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The row of `id`, locked for the caller's transaction; `customer_not_found` (404) if none. */
export async function lockCustomerRow(db: Db, id: string, field = '/id'): Promise<CustomerRow> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('customer_not_found', `No customer with id "${id}"`, field);
  return row;
}

/**
 * Like `lockCustomerRow`, for a change: a merged-away customer is `customer_merged` (409) with
 * `mergedInto` in the details, since its data now lives with the survivor.
 */
export async function lockActiveCustomerRow(
  db: Db,
  id: string,
  field = '/id',
): Promise<CustomerRow> {
  const row = await lockCustomerRow(db, id, field);
  if (row.merged_into !== null) {
    throw conflict(
      'customer_merged',
      `Customer ${id} was merged into ${row.merged_into}; change that one instead`,
      field,
      { mergedInto: row.merged_into },
    );
  }
  return row;
}

/** A customer after a change in the caller's transaction. */
export async function reloadCustomer(db: Db, id: string): Promise<Customer> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const [customer] = await toCustomers(db, [row]);
  return customer as Customer;
}
