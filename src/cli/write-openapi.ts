import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** The document /docs/json serves, written to `out` or to standard output. */
export async function writeOpenApi(out: string | undefined): Promise<void> {
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
    if (!out) {
      process.stdout.write(text);
      return;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  } finally {
    await db.destroy();
  }
}
