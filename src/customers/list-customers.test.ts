import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { listCustomers } from './list-customers.ts';

let database: TestDatabase;
let db: Db;
const ids: Record<string, string> = {};
const context = { defaultCountry: 'RU' };

async function add(
  key: string,
  first: string,
  middle: string,
  last: string,
  mergedInto: string | null = null,
) {
  const id = randomUUID();
  await db
    .insertInto('customers')
    .values({
      id,
      first_name: first,
      middle_name: middle,
      last_name: last,
      merged_into: mergedInto,
    })
    .execute();
  ids[key] = id;
  return id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const anna = await add('anna', 'Анна', 'Петровна', 'Смирнова');
  await add('petr', 'Пётр', 'Иванович', 'Смирнов');
  const ivan = await add('ivan', 'Иван', 'Петрович', 'Кузнецов');
  await add('other', 'Ольга', 'Сергеевна', 'Несмирнова');
  await add('merged', 'Анна', 'Петровна', 'Смирнова', anna);
  await db
    .insertInto('customer_identifiers')
    .values([
      { kind: 'external', system: 'crm', value: 'X-1', customer_id: ivan },
      { kind: 'phone', system: '', value: '+79123456789', customer_id: anna },
    ])
    .execute();
});
afterAll(() => database.close());

async function search(q: string, limit = 20, after?: number) {
  const page = await listCustomers(db, { q, limit, after }, context);
  return {
    found: page.items.map((c) => Object.keys(ids).find((key) => ids[key] === c.id)),
    nextAfter: page.nextAfter,
  };
}

describe('customer search by the start of a word of the name', () => {
  it.each([
    ['смирн', ['anna', 'petr']],
    ['СМИРНОВ', ['anna', 'petr']],
    ['петров', ['anna', 'ivan']],
    ['Анна Петровна Смирнова', ['anna']],
    ['Смирнова Анна Петровна', ['anna']],
    ['анна смирнова', ['anna']],
    ['Петровна  Смирнова', ['anna']],
    ['Анна Смирнов', ['anna']],
    ['Смирнов Иван', []],
    ['мирнова', []],
    ['смирн_ва', []],
    ['X-1', ['ivan']],
    ['8 912 345 67 89', ['anna']],
  ])('%s finds %j, never a merged-away profile', async (q, expected) => {
    expect((await search(q)).found).toEqual(expected);
  });

  it('pages a search by the cursor, each match once and in creation order', async () => {
    const first = await search('смирн', 1);
    expect(first.found).toEqual(['anna']);
    expect(first.nextAfter).not.toBeNull();
    const second = await search('смирн', 1, first.nextAfter ?? undefined);
    expect(second).toEqual({ found: ['petr'], nextAfter: null });
  });
});
