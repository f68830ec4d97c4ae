import type { Command } from 'commander';

/**
 * `perk openapi`: the API's OpenAPI document, as /docs/json serves it, without a server or a
 * database of one's own. The console's API types are generated from it at install.
 */
export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('Write the OpenAPI document of the HTTP API (to standard output, or --out file)')
    .option('--out <file>', 'write it to this file instead')
    // The whole API is loaded only when the document is asked for, not for `perk --help`.
    .action(async (options: { out?: string }) =>
      (await import('./write-openapi.ts')).writeOpenApi(options.out),
    );
}
