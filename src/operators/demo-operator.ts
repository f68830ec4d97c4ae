import { systemActor } from '../access/actor.ts';
import { PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { OperatorConfig } from './operator-config.ts';
import { createOperator } from './operators.ts';
import { scryptHasher } from './password-hash.ts';

export const demoOperatorEmail = 'admin@demo.perk';

/**
 * The first start of the demo: on a database without any operator, creates the admin operator
 * `admin@demo.perk` with a one-time password (replaced at the first login) and returns what to
 * print on how to log in; null when operators exist, or another node made this one first.
 */
export async function demoOperatorLogin(
  db: Db,
  config: Pick<OperatorConfig, 'passwordCost'>,
  consoleUrl: string,
): Promise<string | null> {
  const existing = await db.selectFrom('operators').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  try {
    const { oneTimePassword } = await createOperator(
      { db, passwords: scryptHasher(config.passwordCost) },
      systemActor,
      { email: demoOperatorEmail, name: 'Demo admin', role: 'admin' },
    );
    return [
      `Console: ${consoleUrl} — log in as ${demoOperatorEmail} with this one-time password`,
      `(shown once; you choose your own password at the first login):`,
      `${oneTimePassword}`,
    ].join('\n');
  } catch (error) {
    if (error instanceof PerkError && error.code === 'operator_email_taken') return null;
    throw error;
  }
}
