import { Command } from 'commander';
import { registerImportCommands } from './import-commands.ts';
import { registerKeyCommands } from './key-commands.ts';
import { registerOpenApiCommand } from './openapi-command.ts';
import { registerOperatorCommands } from './operator-commands.ts';
import { registerServeCommand } from './serve-command.ts';

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

await program.parseAsync(process.argv);
