import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { customFieldTypes } from './custom-field-definitions.ts';
import type { CustomerContext } from './customer-context.ts';
import { type Customer, profileColumns, reloadCustomer, toCustomer } from './customer-view.ts';
import { identifierContended, identifierOwners, identifierTaken } from './identifier-owners.ts';
import { type Identifier, type IdentifierInput, normalizeIdentifierList } from './identifiers.ts';
import {
  applyProfilePatch,
  type CustomerProfile,
  emptyProfile,
  type ProfilePatch,
  sameProfile,
} from './profile.ts';

export interface CreateCustomerInput extends ProfilePatch {
  identifiers: IdentifierInput[];
}

/**
 * Creates a customer with its identifiers in one transaction. Refuses bad input with every
 * problem at once (see `normalizeIdentifier`, `applyProfilePatch`). An identifier that another
 * customer holds is `identifier_taken` (409, `field` at the identifier, `customerId` in the
 * details); the database's unique key decides, so of two simultaneous creates one wins.
 *
 * Idempotency: when every identifier already belongs to one customer whose profile equals the
 * requested one, the call is taken for a retry of the create that made it, and that customer is
 * answered with `created: false` instead of a conflict.
 */
export async function createCustomer(
  db: Db,
  actor: Actor,
  input: CreateCustomerInput,
  context: CustomerContext,
): Promise<{ customer: Customer; created: boolean }> {
  const { identifiers: identifierInputs, ...patch } = input;
  const problems = new ProblemCollector();
  const identifiers = normalizeIdentifierList(
    identifierInputs,
    context.defaultCountry,
    problems,
    '/identifiers',
  );
  const rules = { definitions: await customFieldTypes(db), now: context.now };
  const profile = applyProfilePatch(emptyProfile, patch, rules, problems);
  problems.throwIfAny();
  try {
    return await db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const row = await trx
        .insertInto('customers')
        .values({ id, ...profileColumns(profile) })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('customer_identifiers')
        .values(identifiers.map((identifier) => ({ ...identifier, customer_id: id })))
        .execute();
      const customer = toCustomer(row, identifiers);
      await recordAudit(trx, actor, {
        action: 'customer.create',
        entityType: 'customer',
        entityId: id,
        after: customer,
      });
      return { customer, created: true };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { customer: await explainTaken(db, identifiers, profile), created: false };
  }
}

/** After a unique violation: the customer this create repeats, or the conflict to report. */
async function explainTaken(
  db: Db,
  identifiers: readonly Identifier[],
  profile: CustomerProfile,
): Promise<Customer> {
  const owners = await identifierOwners(db, identifiers);
  const takenAt = owners.findIndex((owner) => owner !== undefined);
  const owner = owners[takenAt];
  if (owner === undefined) throw identifierContended('/identifiers');
  if (owners.every((other) => other === owner)) {
    const existing = await reloadCustomer(db, owner);
    if (sameProfile(existing, profile)) return existing;
  }
  throw identifierTaken(identifiers[takenAt] as Identifier, owner, `/identifiers/${takenAt}/value`);
}
