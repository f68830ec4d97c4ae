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
  reset(): void;
}

/**
 * Wraps `db` so every statement sent through it (query builder or raw `sql`, inside a
 * transaction or not) is recorded: how the bench and the tests count what one request costs the
 * database. A statement is recorded when it is compiled for sending, so one that fails counts too.
 */
export function countStatements(db: Db): StatementCounter {
  let sent: string[] = [];
  const compiler = new PostgresQueryCompiler();
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      sent.push(compiler.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return Promise.resolve(args.result);
    },
  };
  return {
    db: db.withPlugin(plugin),
    statements: () => sent,
    reset: () => {
      sent = [];
    },
  };
}
