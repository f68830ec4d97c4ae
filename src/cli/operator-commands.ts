import { type Command, Option } from 'commander';
import { operatorRoles } from '../access/permissions.ts';
import { notFound } from '../errors.ts';
import {
  createOperator,
  listOperators,
  type NewOperator,
  type OperatorView,
  resetOperatorPassword,
  type WithOneTimePassword,
} from '../operators/operators.ts';
import { scryptHasher } from '../operators/password-hash.ts';
import type { OperatorRole } from '../store/schema.ts';
import { type CommandTarget, runCommand } from './command-runner.ts';

const rolesHelp = `
Roles:
  admin     everything: API keys, operators, stores, catalogue, settings
  marketer  promotions, ruleset, segments, tiers, campaigns, coupons, gift-card batches; reads
  support   customers: profiles, points adjustments with a reason, merges, manual tiers; reads
  analyst   reads only`;

/** Operator management on the database itself, or through the running server's `/v1/operators`. */
function operatorsOf(target: CommandTarget) {
  if (target.kind === 'direct') {
    const deps = { db: target.db, passwords: scryptHasher(target.config.operators.passwordCost) };
    return {
      create: (input: NewOperator) => createOperator(deps, target.actor, input),
      list: () => listOperators(target.db),
      resetPassword: (email: string) => resetOperatorPassword(deps, target.actor, { email }),
    };
  }
  const { api } = target;
  const list = async () =>
    (await api.call<{ items: OperatorView[] }>('GET', '/v1/operators')).items;
  return {
    create: (input: NewOperator) => api.call<WithOneTimePassword>('POST', '/v1/operators', input),
    list,
    resetPassword: async (email: string) => {
      const wanted = email.trim().toLowerCase();
      const operator = (await list()).find((o) => o.email === wanted);
      if (!operator) throw notFound('operator_not_found', `No operator with e-mail ${email}`);
      return api.call<WithOneTimePassword>(
        'POST',
        `/v1/operators/${encodeURIComponent(operator.id)}/password`,
        {},
      );
    },
  };
}

/**
 * `perk operators create|list|reset-password`, on the database or through the server that holds
 * an embedded one (`runCommand`). Refusals print every field at fault and exit 1.
 */
export function registerOperatorCommands(program: Command): void {
  const operators = program
    .command('operators')
    .description("Manage the console's operators (people: admins, marketers, support, analysts)");
  operators
    .command('create')
    .description(
      'Create an operator; prints a one-time password, to be replaced at the first login',
    )
    .requiredOption('--email <email>', 'the login')
    .requiredOption('--name <name>', 'shown in the console and the audit log')
    .addOption(
      new Option('--role <role>', 'what the operator may do')
        .choices(operatorRoles)
        .makeOptionMandatory(),
    )
    .option('--password-stdin', 'take the password from standard input instead (no change asked)')
    .addHelpText('after', rolesHelp)
    .action(
      async (options: {
        email: string;
        name: string;
        role: OperatorRole;
        passwordStdin?: boolean;
      }) => {
        const { passwordStdin, ...input } = options;
        const password = passwordStdin ? await readPassword() : undefined;
        await runCommand('operators create', async (target) => {
          const created = await operatorsOf(target).create({
            ...input,
            ...(password !== undefined ? { password } : {}),
          });
          printCreated('Created', created);
        });
      },
    );
  operators
    .command('list')
    .description('List operators (never their passwords)')
    .action(() =>
      runCommand('operators list', async (target) => {
        for (const o of await operatorsOf(target).list()) {
          const state = !o.active ? 'inactive' : o.lockedUntil ? 'locked' : 'active';
          console.log(`${o.id}  ${o.role.padEnd(8)}  ${state.padEnd(8)}  ${o.email}  ${o.name}`);
        }
      }),
    );
  operators
    .command('reset-password')
    .description('Give an operator a new one-time password; ends its sessions, lifts a lock-out')
    .requiredOption('--email <email>', 'the operator')
    .action((options: { email: string }) =>
      runCommand('operators reset-password', async (target) => {
        printCreated(
          'Reset the password of',
          await operatorsOf(target).resetPassword(options.email),
        );
      }),
    );
}

function printCreated(what: string, { operator, oneTimePassword }: WithOneTimePassword) {
  const who = `${operator.role} operator "${operator.name}" <${operator.email}> (id ${operator.id})`;
  if (oneTimePassword === null) {
    console.log(`${what} ${who} with the password given.`);
    return;
  }
  console.log(`${what} ${who}. One-time password, shown once, to be replaced at the first login:`);
  console.log(oneTimePassword);
}

/** The first line of standard input (a password manager's pipe, or typed and ended by Enter). */
async function readPassword(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] as string;
}
