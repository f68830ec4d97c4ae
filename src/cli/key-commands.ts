import { type Command, Option } from 'commander';
import { commandLineActor } from '../access/actor.ts';
import { createApiKey, listApiKeys, revokeApiKey, roles } from '../access/api-keys.ts';
import { readConfig } from '../config.ts';
import { openConfiguredDatabase } from '../store/open-configured.ts';
import type { Role } from '../store/schema.ts';

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('Manage API keys of integrations (tills, web shops, the admin UI)');
  keys
    .command('create')
    .description(
      'Create an API key; the key is printed alone on the last line and never shown again',
    )
    .addOption(
      new Option('--role <role>', 'what the key may do').choices(roles).makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'who uses the key, e.g. "Till 1"')
    .action(async (options: { role: Role; name: string }) => {
      const db = await openConfiguredDatabase(readConfig());
      try {
        const { key, apiKey } = await createApiKey(db, commandLineActor, options);
        console.log(
          `Created ${apiKey.role} key "${apiKey.name}" (id ${apiKey.id}). Store it now; it is not shown again:`,
        );
        console.log(key);
      } finally {
        await db.destroy();
      }
    });
  keys
    .command('list')
    .description('List API keys (never their secrets)')
    .action(async () => {
      const db = await openConfiguredDatabase(readConfig());
      try {
        for (const k of await listApiKeys(db)) {
          console.log(
            `${k.id}  ${k.role.padEnd(7)}  ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}`,
          );
        }
      } finally {
        await db.destroy();
      }
    });
  keys
    .command('revoke <id>')
    .description('Revoke an API key by its id')
    .action(async (id: string) => {
      const db = await openConfiguredDatabase(readConfig());
      try {
        const k = await revokeApiKey(db, commandLineActor, id);
        console.log(`Revoked "${k.name}" at ${k.revokedAt}`);
      } finally {
        await db.destroy();
      }
    });
}
