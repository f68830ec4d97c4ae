import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, invalid } from '../errors.ts';
import { mergeHooks } from '../handlers.ts';
import type { Db } from '../store/database.ts';
import type { CustomerContext } from './customer-context.ts';
import {
  type Customer,
  type CustomerRow,
  lockCustomerRow,
  profileColumns,
  profileOf,
  reloadCustomer,
} from './customer-view.ts';
import type { CustomerMergeHook } from './merge-hooks.ts';
import { combineProfiles } from './merge-rule.ts';

/** What a merge did, as kept in `customer_merges`. */
export interface MergeRecord {
  id: number;
  survivorId: string;
  mergedId: string;
  /** Per hook name, what it moved; `profile` lists the fields filled from the merged profile. */
  moved: Record<string, unknown>;
  actor: string;
  mergedAt: string;
}

/**
 * Merges the profile `mergedId` into `survivorId` in one transaction: the profiles combine by
 * `combineProfiles`, every hook of `context.hooks` (by default those `composeHandlers` lists)
 * moves its rows in order, the merged profile gets
 * `merged_into` (and so leaves lists and lookups), and a `customer_merges` row and an audit entry
 * record it. Refusals: `merge_into_itself` (400), `customer_not_found` (404),
 * `customer_already_merged` (409, with `mergedInto`).
 */
export async function mergeCustomers(
  db: Db,
  actor: Actor,
  ids: { survivorId: string; mergedId: string },
  context: Pick<CustomerContext, 'now'> & { hooks?: readonly CustomerMergeHook[] },
): Promise<{ customer: Customer; merge: MergeRecord }> {
  const hooks = context.hooks ?? mergeHooks();
  const { survivorId, mergedId } = ids;
  if (survivorId === mergedId) {
    throw invalid('merge_into_itself', 'A customer cannot be merged into itself', '/mergedId');
  }
  return db.transaction().execute(async (trx) => {
    const { survivor, merged } = await lockPair(trx, ids);
    const before = {
      survivor: await reloadCustomer(trx, survivorId),
      merged: await reloadCustomer(trx, mergedId),
    };
    const { profile, filled } = combineProfiles(profileOf(survivor), profileOf(merged));
    await trx
      .updateTable('customers')
      .set({ ...profileColumns(profile), updated_at: context.now })
      .where('id', '=', survivorId)
      .execute();
    // Earlier merges into the merged profile are repointed, so an old id resolves in one step.
    await trx
      .updateTable('customers')
      .set({ merged_into: survivorId, updated_at: context.now })
      .where((eb) => eb.or([eb('id', '=', mergedId), eb('merged_into', '=', mergedId)]))
      .execute();
    const moved: Record<string, unknown> = { profile: filled };
    for (const hook of hooks) {
      moved[hook.name] = await hook.moveRows(trx, {
        survivorId,
        mergedId,
        actor,
        now: context.now,
      });
    }
    const merge = await recordMerge(trx, actor, { survivorId, mergedId, moved });
    const customer = await reloadCustomer(trx, survivorId);
    await recordAudit(trx, actor, {
      action: 'customer.merge',
      entityType: 'customer',
      entityId: survivorId,
      before,
      after: { survivor: customer, mergedId, moved },
    });
    return { customer, merge };
  });
}

/** Keeps what a merge moved and who did it in `customer_merges`. */
async function recordMerge(
  trx: Db,
  actor: Actor,
  merge: Pick<MergeRecord, 'survivorId' | 'mergedId' | 'moved'>,
): Promise<MergeRecord> {
  const row = await trx
    .insertInto('customer_merges')
    .values({
      survivor_id: merge.survivorId,
      merged_id: merge.mergedId,
      moved: JSON.stringify(merge.moved),
      actor: actor.name,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, ...merge, actor: row.actor, mergedAt: row.merged_at.toISOString() };
}

/** Locks both rows in id order, so two merges of one pair in opposite directions cannot deadlock. */
async function lockPair(
  trx: Db,
  ids: { survivorId: string; mergedId: string },
): Promise<{ survivor: CustomerRow; merged: CustomerRow }> {
  const fields = { [ids.survivorId]: '/id', [ids.mergedId]: '/mergedId' };
  const locked = new Map<string, CustomerRow>();
  for (const id of [ids.survivorId, ids.mergedId].sort()) {
    const row = await lockCustomerRow(trx, id, fields[id]);
    if (row.merged_into !== null) {
      throw conflict(
        'customer_already_merged',
        `Customer ${id} was already merged into ${row.merged_into}`,
        fields[id],
        { mergedInto: row.merged_into },
      );
    }
    locked.set(id, row);
  }
  return {
    survivor: locked.get(ids.survivorId) as CustomerRow,
    merged: locked.get(ids.mergedId) as CustomerRow,
  };
}
