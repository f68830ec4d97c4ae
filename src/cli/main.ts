import { Command } from 'commander';
import { ConfigError } from '../env-reader.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerKeyCommands } from './key-commands.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerOpenApiCommand } from './openapi-command.ts';
import { registerOperatorCommands } from './operator-commands.ts';
import { registerServeCommand } from './serve-command.ts';

/** Exit code of a command refused for its configuration (a usage error, as a bad option). */
const exitCodeBadConfig = 2;

// `perk openapi | head`: a reader that stops early is not an error of Perk's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

const program = new Command()
  .name('perk')
  .description(
    'Perk loyalty platform. Storage: DATABASE_URL (PostgreSQL) or embedded PGlite in PERK_DATA_DIR (default ./data).',
  )
  .showHelpAfterError();

registerServeCommand(program);
registerKeyCommands(program);
registerImportCommands(program);
registerOperatorCommands(program);
registerOpenApiCommand(program);
registerMigrateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A person's mistake, not Perk's: every bad variable on its own line, no stack trace.
  console.error(error.message);
  process.exitCode = exitCodeBadConfig;
}
