import { type Command, Option } from 'commander';
import {
  type ApiKeyView,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  roles,
} from '../access/api-keys.ts';
import type { Role } from '../store/schema.ts';
import { type CommandTarget, runCommand } from './command-runner.ts';

/** Key management on the database itself, or through the server's `/v1/keys`. */
function keysOf(target: CommandTarget) {
  if (target.kind === 'direct') {
    const { db, actor } = target;
    return {
      create: (input: { name: string; role: Role }) => createApiKey(db, actor, input),
      list: () => listApiKeys(db),
      revoke: (id: string) => revokeApiKey(db, actor, id),
    };
  }
  const { api } = target;
  return {
    create: (input: { name: string; role: Role }) =>
      api.call<{ key: string; apiKey: ApiKeyView }>('POST', '/v1/keys', input),
    list: async () => (await api.call<{ items: ApiKeyView[] }>('GET', '/v1/keys')).items,
    revoke: (id: string) => api.call<ApiKeyView>('DELETE', `/v1/keys/${encodeURIComponent(id)}`),
  };
}

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
    .action((options: { role: Role; name: string }) =>
      runCommand('keys create', async (target) => {
        const { key, apiKey } = await keysOf(target).create(options);
        console.log(
          `Created ${apiKey.role} key "${apiKey.name}" (id ${apiKey.id}). Store it now; it is not shown again:`,
        );
        console.log(key);
      }),
    );
  keys
    .command('list')
    .description('List API keys (never their secrets)')
    .action(() =>
      runCommand('keys list', async (target) => {
        for (const k of await keysOf(target).list()) {
          console.log(
            `${k.id}  ${k.role.padEnd(7)}  ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}`,
          );
        }
      }),
    );
  keys
    .command('revoke <id>')
    .description('Revoke an API key by its id')
    .action((id: string) =>
      runCommand('keys revoke', async (target) => {
        const k = await keysOf(target).revoke(id);
        console.log(`Revoked "${k.name}" at ${k.revokedAt}`);
      }),
    );
}
