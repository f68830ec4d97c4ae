import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import type { CustomerContext } from './customer-context.ts';
import { type Customer, lockActiveCustomerRow, reloadCustomer } from './customer-view.ts';
import { identifierContended, identifierOwners, identifierTaken } from './identifier-owners.ts';
import { type Identifier, type IdentifierInput, normalizeIdentifier } from './identifiers.ts';

/**
 * Gives a customer one more identifier. Adding one the customer already has changes nothing
 * (`added: false`); one held by another customer is `identifier_taken` (409, `customerId` in the
 * details); a malformed one is refused with the code of `normalizeIdentifier`.
 */
export async function addIdentifier(
  db: Db,
  actor: Actor,
  customerId: string,
  input: IdentifierInput,
  context: Pick<CustomerContext, 'defaultCountry'>,
): Promise<{ customer: Customer; added: boolean }> {
  const identifier = parseIdentifier(input, context.defaultCountry);
  try {
    return await db.transaction().execute(async (trx) => {
      await lockActiveCustomerRow(trx, customerId);
      const [owner] = await identifierOwners(trx, [identifier]);
      if (owner === customerId)
        return { customer: await reloadCustomer(trx, customerId), added: false };
      const before = await reloadCustomer(trx, customerId);
      await trx
        .insertInto('customer_identifiers')
        .values({ ...identifier, customer_id: customerId })
        .execute();
      const after = await reloadCustomer(trx, customerId);
      await recordAudit(trx, actor, {
        action: 'customer.identifier_add',
        entityType: 'customer',
        entityId: customerId,
        before,
        after,
      });
      return { customer: after, added: true };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [owner] = await identifierOwners(db, [identifier]);
    if (owner === undefined) throw identifierContended('/value');
    if (owner === customerId)
      return { customer: await reloadCustomer(db, customerId), added: false };
    throw identifierTaken(identifier, owner, '/value');
  }
}

/**
 * Takes an identifier away from a customer; `identifier_not_found` (404) when this customer does
 * not hold it.
 */
export async function removeIdentifier(
  db: Db,
  actor: Actor,
  customerId: string,
  input: IdentifierInput,
  context: Pick<CustomerContext, 'defaultCountry'>,
): Promise<Customer> {
  const identifier = parseIdentifier(input, context.defaultCountry);
  return db.transaction().execute(async (trx) => {
    await lockActiveCustomerRow(trx, customerId);
    const before = await reloadCustomer(trx, customerId);
    const removed = await trx
      .deleteFrom('customer_identifiers')
      .where('kind', '=', identifier.kind)
      .where('system', '=', identifier.system)
      .where('value', '=', identifier.value)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) {
      throw notFound(
        'identifier_not_found',
        `The customer has no ${identifier.kind} ${identifier.value}`,
        '/value',
      );
    }
    const after = await reloadCustomer(trx, customerId);
    await recordAudit(trx, actor, {
      action: 'customer.identifier_remove',
      entityType: 'customer',
      entityId: customerId,
      before,
      after,
    });
    return after;
  });
}

/** The normalised identifier, or its refusal with the sub-field at fault. */
function parseIdentifier(input: IdentifierInput, defaultCountry: string): Identifier {
  const result = normalizeIdentifier(input, defaultCountry);
  if (!result.ok) throw invalid(result.code, result.message, `/${result.field}`);
  return result.identifier;
}
