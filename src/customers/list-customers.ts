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
  /** The starts of words of a name (case-insensitive) or an exact identifier in any written form. */
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
  // One row more than asked tells whether another page exists.
  const take = query.limit + 1;
  const text = query.q?.trim().replace(/\s+/g, ' ');
  let select = db
    .selectFrom('customers')
    .selectAll()
    .where('merged_into', 'is', null)
    .orderBy('number')
    .limit(take);
  if (query.after !== undefined) select = select.where('number', '>', query.after);
  if (text) {
    // Each way of matching is its own indexed query, cut to one page, and their union is at most
    // two pages: an OR across them would make PostgreSQL read every customer.
    const page = (branch: typeof select) => db.selectFrom(branch.as('hit')).select('hit.id');
    const byIdentifier = page(
      select.where((eb) =>
        eb(
          'id',
          'in',
          identifierMatches(eb, text, context.defaultCountry).select(
            'customer_identifiers.customer_id',
          ),
        ),
      ),
    );
    const byName = page(select.where((eb) => nameMatches(eb, text)));
    select = select.where('id', 'in', byIdentifier.union(byName));
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toCustomers(db, page),
    nextAfter: rows.length > query.limit && last ? last.number : null,
  };
}

function identifierMatches(
  eb: ExpressionBuilder<Database, 'customers'>,
  text: string,
  country: string,
) {
  const candidates = searchableIdentifiers(text, country);
  return eb.selectFrom('customer_identifiers').where((inner) =>
    inner.or([
      ...candidates.map((c) => inner.and({ kind: c.kind, system: c.system, value: c.value })),
      // An external id is searched in every system: the searcher rarely knows which.
      inner.and({ kind: 'external', value: text }),
    ]),
  );
}

const nameParts = ['first_name', 'middle_name', 'last_name'] as const;

/**
 * The text starts a word of the name read as "first middle last", "last first middle" or
 * "first last", case-insensitively. Every word of the text must start one of the name parts,
 * which the prefix indexes answer; the whole text is then checked against the readings.
 */
function nameMatches(eb: ExpressionBuilder<Database, 'customers'>, text: string) {
  const lowered = text.toLowerCase();
  const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
  const wordStarts = (word: string) =>
    eb.or(
      nameParts.map((part) =>
        eb(sql<string>`lower(${sql.ref(part)})`, 'like', `${escapeLike(word)}%`),
      ),
    );
  const readings = [
    sql<string>`lower(concat_ws(' ', first_name, middle_name, last_name))`,
    sql<string>`lower(concat_ws(' ', last_name, first_name, middle_name))`,
    sql<string>`lower(concat_ws(' ', first_name, last_name))`,
  ];
  const words = lowered.split(' ');
  // One word starting a name part starts a word of every reading: the check would only blur the
  // planner's estimate of how many match, and it then reads the whole table in parallel.
  if (words.length === 1) return wordStarts(lowered);
  const pattern = escapeLike(lowered);
  return eb.and([
    ...words.map(wordStarts),
    eb.or(
      readings.flatMap((reading) => [
        eb(reading, 'like', `${pattern}%`),
        eb(reading, 'like', `% ${pattern}%`),
      ]),
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
