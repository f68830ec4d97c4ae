import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Nodes keep products' facts for carts and commits (`ProductFactsCache`) and the category tree;
 * a change to either is announced like the ruleset's (migration 0024), inside the writing
 * transaction, so every node forgets what it keeps when the change commits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `CREATE TRIGGER products_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
      FOR EACH STATEMENT EXECUTE FUNCTION notify_change('catalogue')`,
    `CREATE TRIGGER categories_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
      FOR EACH STATEMENT EXECUTE FUNCTION notify_change('catalogue')`,
  ]);
}
