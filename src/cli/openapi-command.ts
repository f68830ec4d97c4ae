import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { buildApp } from '../api/app.ts';
import { readConfig } from '../config.ts';
import type { Database } from '../store/schema.ts';

/**
 * `perk openapi`: the API's OpenAPI document, as /docs/json serves it, without a server or a
 * database of one's own. The console's API types are generated from it at install.
 */
export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('Write the OpenAPI document of the HTTP API (to standard output, or --out file)')
    .option('--out <file>', 'write it to this file instead')
    .action(async (options: { out?: string }) => {
      // Building the routes reads no data: a database that answers nothing stands in for one,
      // so the command runs in a second and needs neither PostgreSQL nor a data folder.
      const db = new Kysely<Database>({
        dialect: {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (kysely) => new PostgresIntrospector(kysely),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        },
      });
      try {
        const app = await buildApp({ db, config: { ...readConfig(), logLevel: 'silent' } });
        await app.ready();
        const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
        await app.close();
        if (!options.out) {
          process.stdout.write(text);
          return;
        }
        mkdirSync(dirname(options.out), { recursive: true });
        writeFileSync(options.out, text);
      } finally {
        await db.destroy();
      }
    });
}
