import { type Kysely, sql } from 'kysely';

/** Runs DDL one statement at a time: the embedded driver refuses several commands in one query. */
export async function executeStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
