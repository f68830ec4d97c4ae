import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type PgDriver from 'pg';

/** PERK_DB_PREPARED_STATEMENTS when unset: far more texts than the hot paths send. */
export const defaultPreparedStatements = 1_000;

/**
 * Which statement texts a connection sends as named prepared statements: the first `limit`
 * distinct parameterised texts a process sends, so texts that vary with their input (a VALUES row
 * per line) cannot grow the database's memory without bound; later texts go unnamed.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #limit: number;
  #issued = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The name `text` is prepared under, or undefined when it goes unnamed. */
  nameOf(text: string, parameterCount: number): string | undefined {
    if (parameterCount === 0) return undefined;
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= this.#limit) return known;
    const name = `perk_${++this.#issued}`;
    this.#names.set(text, name);
    return name;
  }

  /**
   * After a failed call: a plan made stale by a migration (another node's, on PostgreSQL) makes a
   * prepared `SELECT *` refuse to run, and a text that failed to parse was never prepared; either
   * way the text gets a new name, prepared afresh wherever it is sent next.
   */
  forget(text: string, name: string, error: unknown): void {
    const code = (error as { code?: string }).code;
    if ((code === stalePlan || code === undefinedStatement) && this.#names.get(text) === name)
      this.#names.delete(text);
  }

  /** Whether `text` still goes by `name`. */
  knows(text: string, name: string): boolean {
    return this.#names.get(text) === name;
  }

  /** Forgets `text` whatever the failure (a Parse that failed leaves no statement behind). */
  drop(text: string, name: string): void {
    if (this.#names.get(text) === name) this.#names.delete(text);
  }
}

/**
 * A pool whose clients send each parameterised statement as a named prepared statement: a
 * connection parses and plans a statement's text once and then only binds and executes it, where
 * an unnamed statement is parsed and planned again on every call (a commit sends the same dozen
 * texts, CTEs among them, every time). Statements without parameters (BEGIN, COMMIT, migrations'
 * scripts) keep the simple protocol.
 */
export function preparingPool(pool: PgDriver.Pool, limit: number): PostgresPool {
  const names = new StatementNames(limit);
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = (sqlOrCursor: string | PostgresCursor<unknown>, parameters?: unknown[]) => {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never);
        const name = names.nameOf(sqlOrCursor, parameters?.length ?? 0);
        return name === undefined
          ? client.query(sqlOrCursor, parameters)
          : client.query({ name, text: sqlOrCursor, values: parameters }).catch((error) => {
              names.forget(sqlOrCursor, name, error);
              throw error;
            });
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

// PostgreSQL's "cached plan must not change result type" (feature_not_supported) and "prepared
// statement does not exist" (invalid_sql_statement_name).
const stalePlan = '0A000';
const undefinedStatement = '26000';
