import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('start')
    .description('Start the HTTP server (PORT, HOST); migrations are applied first')
    .option('--demo', 'on an empty embedded database, create a demo chain and print its keys once')
    // Loaded when run: `perk --help` and the other commands need none of the server's modules.
    .action(async (options: { demo?: boolean }) => (await import('./serve.ts')).serve(options));
}
