import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { customFieldTypes } from './custom-field-definitions.ts';
import type { CustomerContext } from './customer-context.ts';
import {
  type Customer,
  lockActiveCustomerRow,
  profileColumns,
  profileOf,
  reloadCustomer,
} from './customer-view.ts';
import { applyProfilePatch, type ProfilePatch, sameProfile } from './profile.ts';

/**
 * Changes part of a profile (absent fields stay, `null` clears; see `ProfilePatch`). Refuses bad
 * input with every problem at once, a merged-away customer with `customer_merged`, an unknown one
 * with `customer_not_found`. A patch that changes nothing writes nothing.
 */
export async function updateCustomer(
  db: Db,
  actor: Actor,
  id: string,
  patch: ProfilePatch,
  context: Pick<CustomerContext, 'now'>,
): Promise<Customer> {
  const rules = { definitions: await customFieldTypes(db), now: context.now };
  return db.transaction().execute(async (trx) => {
    const row = await lockActiveCustomerRow(trx, id);
    const problems = new ProblemCollector();
    const profile = applyProfilePatch(profileOf(row), patch, rules, problems);
    problems.throwIfAny();
    const before = await reloadCustomer(trx, id);
    if (sameProfile(before, profile)) return before;
    await trx
      .updateTable('customers')
      .set({ ...profileColumns(profile), updated_at: context.now })
      .where('id', '=', id)
      .execute();
    const after = await reloadCustomer(trx, id);
    await recordAudit(trx, actor, {
      action: 'customer.update',
      entityType: 'customer',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
