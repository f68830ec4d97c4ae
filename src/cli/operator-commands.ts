import { type Command, Option } from 'commander';
import { commandLineActor } from '../access/actor.ts';
import { operatorRoles } from '../access/permissions.ts';
import { readConfig } from '../config.ts';
import { PerkError } from '../errors.ts';
import {
  createOperator,
  listOperators,
  resetOperatorPassword,
  type WithOneTimePassword,
} from '../operators/operators.ts';
import { scryptHasher } from '../operators/password-hash.ts';
import type { Db } from '../store/database.ts';
import { openConfiguredDatabase } from '../store/open-configured.ts';
import type { OperatorRole } from '../store/schema.ts';

const rolesHelp = `
Roles:
  admin     everything: API keys, operators, stores, catalogue, settings
  marketer  promotions, ruleset, segments, tiers, campaigns, coupons, gift-card batches; reads
  support   customers: profiles, points adjustments with a reason, merges, manual tiers; reads
  analyst   reads only`;

/**
 * `perk operators create|list|reset-password`: each does its work in one service call
 * (createOperator, listOperators, resetOperatorPassword), so it can equally run in a running
 * server. Refusals print every field at fault and exit 1.
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
        await withDatabase(async (db, cost) => {
          const created = await createOperator(
            { db, passwords: scryptHasher(cost) },
            commandLineActor,
            { ...input, ...(password !== undefined ? { password } : {}) },
          );
          printCreated('Created', created);
        });
      },
    );
  operators
    .command('list')
    .description('List operators (never their passwords)')
    .action(() =>
      withDatabase(async (db) => {
        for (const o of await listOperators(db)) {
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
      withDatabase(async (db, cost) => {
        const reset = await resetOperatorPassword(
          { db, passwords: scryptHasher(cost) },
          commandLineActor,
          { email: options.email },
        );
        printCreated('Reset the password of', reset);
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

async function withDatabase(work: (db: Db, passwordCost: number) => Promise<void>) {
  const config = readConfig();
  const db = await openConfiguredDatabase(config);
  try {
    await work(db, config.operators.passwordCost);
  } catch (error) {
    if (!(error instanceof PerkError)) throw error;
    console.error(error.message);
    for (const problem of error.problems.length > 1 ? error.problems : [])
      console.error(`  ${problem.field.slice(1)}: ${problem.message}`);
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
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
