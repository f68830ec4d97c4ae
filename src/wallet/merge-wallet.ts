import { sql } from 'kysely';
import type { CustomerMergeHook } from '../customers/merge-hooks.ts';
import { nextModified } from './apple-passes.ts';

/**
 * On a customer merge the merged profile's wallet passes of a type the survivor has none of move
 * to the survivor, so its later changes reach them; a pass of a type the survivor has already
 * stays where it is and shows the survivor's card all the same. Both profiles' passes change
 * (the balance now counts the merged points), so they get a new tag and their devices a push.
 */
export const walletMergeHook: CustomerMergeHook = {
  name: 'wallet',
  async moveRows(trx, { survivorId, mergedId, now }) {
    const moved = await sql<{ serial: string }>`
      UPDATE wallet_passes SET customer_id = ${survivorId}
      WHERE customer_id = ${mergedId} AND pass_type_id NOT IN (
        SELECT pass_type_id FROM wallet_passes WHERE customer_id = ${survivorId})
      RETURNING serial`.execute(trx);
    await sql`
      UPDATE wallet_passes
      SET tag = nextval('wallet_pass_tags'), updated_at = ${nextModified(now)}, push_due_at = ${now}
      WHERE customer_id IN (${survivorId}, ${mergedId})`.execute(trx);
    return { passes: moved.rows.length };
  },
};
