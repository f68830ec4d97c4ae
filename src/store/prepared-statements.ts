import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type PgDriver from 'pg';

/** PERK_DB_PREPARED_STATEMENTS when unset: far more texts than the hot paths send. */
export const defaultPreparedStatements = 1_000;

/**
 * A pool whose clients send each parameterised statement as a named prepared statement: a
 * connection parses and plans a statement's text once and then only binds and executes it, where
 * an unnamed statement is parsed and planned again on every call (a commit sends the same dozen
 * texts, CTEs among them, every time). Names go to the first `limit` distinct texts a process
 * sends, so texts that vary with their input (a VALUES row per line) cannot grow the server's
 * memory without bound; later texts go unnamed, as all did before. Statements without parameters
 * (BEGIN, COMMIT, migrations' scripts) keep the simple protocol.
 */
export function preparingPool(pool: PgDriver.Pool, limit: number): PostgresPool {
  const names = new Map<string, string>();
  let issued = 0;
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= limit) return known;
    const name = `perk_${++issued}`;
    names.set(text, name);
    return name;
  };
  // A table another node's migration changed makes a prepared `SELECT *` refuse to run: that
  // call fails, and the text gets a new name, prepared afresh wherever it is sent next.
  const forgetStale = (text: string, name: string) => (error: unknown) => {
    if ((error as { code?: string }).code === stalePlan && names.get(text) === name)
      names.delete(text);
    throw error;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = (sqlOrCursor: string | PostgresCursor<unknown>, parameters?: unknown[]) => {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never);
        const name = parameters && parameters.length > 0 ? nameOf(sqlOrCursor) : undefined;
        return name === undefined
          ? client.query(sqlOrCursor, parameters)
          : client
              .query({ name, text: sqlOrCursor, values: parameters })
              .catch(forgetStale(sqlOrCursor, name));
      };
      // One function answers both of the dialect's overloads, as `pg`'s own query does.
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: (destroy) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

// PostgreSQL's "cached plan must not change result type" (feature_not_supported).
const stalePlan = '0A000';
