import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresQueryCompiler,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { Db } from './database.ts';

/** The SQL statements sent through one database handle, in order. */
export interface StatementCounter {
  /** The handle to pass to the code under count; transactions opened on it are counted too. */
  db: Db;
  /** The statements sent since the last `reset`, as SQL text (BEGIN and COMMIT not included). */
  statements(): readonly string[];
  /** Rows each of those statements answered, in the same order. */
  rows(): readonly number[];
  reset(): void;
}

/**
 * Wraps `db` so every statement sent through it (query builder or raw `sql`, inside a
 * transaction or not) is recorded: how the bench and the tests count what one request costs the
 * database. A statement is recorded when its result arrives (one that fails is not counted).
 */
export function countStatements(db: Db): StatementCounter {
  let sent: string[] = [];
  let rows: number[] = [];
  const compiler = new PostgresQueryCompiler();
  // Kysely transforms a subquery built by its own builder too, so a statement is recorded when
  // its result comes back, under the id its root was transformed with.
  const compiled = new Map<unknown, string>();
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      compiled.set(args.queryId, compiler.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      sent.push(compiled.get(args.queryId) ?? '?');
      rows.push(args.result.rows.length);
      compiled.delete(args.queryId);
      return Promise.resolve(args.result);
    },
  };
  return {
    db: db.withPlugin(plugin),
    statements: () => sent,
    rows: () => rows,
    reset: () => {
      sent = [];
      rows = [];
    },
  };
}
