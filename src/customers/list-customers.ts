import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { CustomerContext } from './customer-context.ts';
import { type Customer, toCustomers } from './customer-view.ts';
import { type Identifier, identifierKinds, normalizeIdentifier } from './identifiers.ts';

export interface CustomerQuery {
  /** Page size. */
  limit: number;
  /** Cursor: answer customers whose `number` is above this (the previous page's `nextAfter`). */
  after?: number | undefined;
  /** A name fragment (case-insensitive) or an exact identifier in any of its written forms. */
  q?: string | undefined;
}

/**
 * Live customers (merged-away ones are not listed) in creation order, one page at a time.
 * Keyset paging on `number` keeps pages stable while customers are added: follow `nextAfter`
 * until it is null and every customer is seen exactly once.
 */
export async function listCustomers(
  db: Db,
  query: CustomerQuery,
  context: Pick<CustomerContext, 'defaultCountry'>,
): Promise<{ items: Customer[]; nextAfter: number | null }> {
  let select = db
    .selectFrom('customers')
    .selectAll()
    .where('merged_into', 'is', null)
    .orderBy('number')
    // One row more than asked tells whether another page exists.
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where('number', '>', query.after);
  const text = query.q?.trim();
  if (text) select = select.where((eb) => matches(eb, text, context.defaultCountry));
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toCustomers(db, page),
    nextAfter: rows.length > query.limit && last ? last.number : null,
  };
}

function matches(eb: ExpressionBuilder<Database, 'customers'>, text: string, country: string) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const candidates = searchableIdentifiers(text, country);
  return eb.or([
    eb(sql<string>`concat_ws(' ', first_name, middle_name, last_name)`, 'ilike', pattern),
    eb(sql<string>`concat_ws(' ', last_name, first_name, middle_name)`, 'ilike', pattern),
    eb.exists(
      eb
        .selectFrom('customer_identifiers')
        .select('customer_identifiers.value')
        .whereRef('customer_identifiers.customer_id', '=', 'customers.id')
        .where((inner) =>
          inner.or([
            ...candidates.map((c) => inner.and({ kind: c.kind, system: c.system, value: c.value })),
            // An external id is searched in every system: the searcher rarely knows which.
            inner.and({ kind: 'external', value: text }),
          ]),
        ),
    ),
  ]);
}

/** Every identifier `text` could be, read as a card, phone or e-mail. */
function searchableIdentifiers(text: string, country: string): Identifier[] {
  const found: Identifier[] = [];
  for (const kind of identifierKinds) {
    if (kind === 'external') continue;
    const result = normalizeIdentifier({ kind, value: text }, country);
    if (result.ok) found.push(result.identifier);
  }
  return found;
}
