import type { Command } from 'commander';
import { runCommand } from './command-runner.ts';

/**
 * `perk migrate`: the deploy step of a chain, run once before new nodes start (a Kubernetes Job,
 * a compose service): it brings the schema up to date and exits. Nodes check the schema at start
 * too, so a node that starts first is not wrong, only slower; several at once are safe (the
 * migrator locks).
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and exit (a deploy step of a chain)')
    .action(() =>
      // Opening the database applies what is pending (store/open-configured.ts).
      runCommand('migrate', async (target) => {
        if (target.kind === 'server') {
          console.log('The running server holds the database and applied its migrations.');
          return;
        }
        const { knownMigrations } = await import('../store/migrate.ts');
        const known = knownMigrations();
        console.log(`Schema up to date: ${known.length} migrations, the last ${known.at(-1)}.`);
      }),
    );
}
