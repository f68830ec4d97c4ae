import type { Actor } from '../access/actor.ts';
import type { Db } from '../store/database.ts';
import { identifierView } from './identifiers.ts';

/** The merge under way, as a hook sees it. */
export interface CustomerMerge {
  survivorId: string;
  mergedId: string;
  actor: Actor;
  now: Date;
}

/**
 * One module's part of a customer merge: moves that module's rows of the merged customer to the
 * survivor, inside the merge's transaction (`trx`), so the merge lands whole or not at all. It
 * answers a JSON summary of what it moved, recorded in `customer_merges.moved` under `name`;
 * throwing (for instance a `PerkError`) refuses the whole merge.
 */
export interface CustomerMergeHook {
  /** Stable key of the summary, such as `identifiers` or `purchases`. */
  name: string;
  moveRows(trx: Db, merge: CustomerMerge): Promise<unknown>;
}

/** Moves every identifier (card, phone, e-mail, external id) to the survivor. */
export const identifiersMergeHook: CustomerMergeHook = {
  name: 'identifiers',
  async moveRows(trx, merge) {
    const moved = await trx
      .updateTable('customer_identifiers')
      .set({ customer_id: merge.survivorId })
      .where('customer_id', '=', merge.mergedId)
      .returning(['kind', 'system', 'value'])
      .execute();
    return moved.map(identifierView);
  },
};
