import { type PGlite, parse, protocol } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { defaultPreparedStatements, StatementNames } from './prepared-statements.ts';

// Kysely ships a PGlite dialect only from 0.29, which requires Node 22; Perk runs on Node 20 with
// Kysely 0.28. PGlite is one connection, so callers take turns through a mutex held from
// acquire to release, as Kysely's own SQLite driver does; a transaction is plain BEGIN/COMMIT on
// that connection while its holder keeps it.

/** Kysely dialect for embedded PGlite: PostgreSQL SQL, one connection shared in turns. */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;
  readonly #preparedStatements: number;

  /** `preparedStatements`: distinct texts sent as named prepared statements; 0 sends none. */
  constructor(pglite: PGlite, preparedStatements = defaultPreparedStatements) {
    this.#pglite = pglite;
    this.#preparedStatements = preparedStatements;
  }

  createAdapter(): DialectAdapter {
    return new PGliteAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite, this.#preparedStatements);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteAdapter extends PostgresAdapter {
  // The migrator holds the only connection from lock to unlock, so nobody else can migrate meanwhile.
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #connection: PGliteConnection;
  #turn: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(pglite: PGlite, preparedStatements: number) {
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite, new StatementNames(preparedStatements));
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#turn;
    let release!: () => void;
    this.#turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const mode = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(raw(`begin${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(raw(`rollback to savepoint "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(raw(`release savepoint "${name}"`));
  }

  async destroy(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close();
  }
}

/**
 * PGlite's own `query()` crosses into its WebAssembly six times a statement (Parse, Describe,
 * Bind, Describe, Execute, Sync) and parses and plans the text every time. A parameterised text
 * here is parsed once under a name (with its parameter types), and every later call is one
 * crossing: Bind, Describe, Execute and Sync in one message, on the plan PostgreSQL kept.
 */
class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  readonly #names: StatementNames;
  /** Parameter type OIDs of each prepared statement, by name. */
  readonly #parameterTypes = new Map<string, number[]>();

  constructor(pglite: PGlite, names: StatementNames) {
    this.#pglite = pglite;
    this.#names = names;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const parameters = query.parameters as unknown[];
    const name = this.#names.nameOf(query.sql, parameters.length);
    const result =
      name === undefined
        ? await this.#pglite.query<R>(query.sql, parameters, { rowMode: 'object' })
        : await this.#executePrepared<R>(query.sql, name, parameters);
    return {
      rows: result.rows,
      ...(result.affectedRows === undefined
        ? {}
        : { numAffectedRows: BigInt(result.affectedRows) }),
    };
  }

  async #executePrepared<R>(text: string, name: string, parameters: unknown[]) {
    try {
      const types = this.#parameterTypes.get(name) ?? (await this.#prepare(text, name));
      const values = parameters.map((value, i) => this.#serialize(value, types[i]));
      const { messages } = await this.#pglite.execProtocol(
        join([protocol.serialize.bind({ statement: name, values }), describePortal, execute, sync]),
      );
      const [result] = parse.parseResults(messages, this.#pglite.parsers, { rowMode: 'object' });
      return { rows: (result?.rows ?? []) as R[], affectedRows: result?.affectedRows };
    } catch (error) {
      this.#names.forget(text, name, error);
      if (!this.#names.knows(text, name)) this.#parameterTypes.delete(name);
      throw error;
    }
  }

  async #prepare(text: string, name: string): Promise<number[]> {
    try {
      const { messages } = await this.#pglite.execProtocol(
        join([
          protocol.serialize.parse({ name, text }),
          protocol.serialize.describe({ type: 'S', name }),
          sync,
        ]),
      );
      const types = parse.parseDescribeStatementResults(messages);
      this.#parameterTypes.set(name, types);
      return types;
    } catch (error) {
      // A text PostgreSQL refused to parse left no statement behind to reuse.
      this.#names.drop(text, name);
      throw error;
    }
  }

  /** Text format, as PGlite's `query()` sends a parameter of that type. */
  #serialize(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = type === undefined ? undefined : this.#pglite.serializers[type];
    return serializer ? serializer(value) : String(value);
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors to stream from
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}

const describePortal = protocol.serialize.describe({ type: 'P' });
const execute = protocol.serialize.execute({});
const sync = protocol.serialize.sync();

function join(messages: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    joined.set(message, offset);
    offset += message.length;
  }
  return joined;
}

const raw = (sql: string) => CompiledQuery.raw(sql);
