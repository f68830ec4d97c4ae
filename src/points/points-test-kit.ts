import { systemActor } from '../access/actor.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import type { Db } from '../store/database.ts';
import { putProgramSettings } from './program-settings-store.ts';

/** Epoch ms of an ISO instant, for readable test times. */
export const at = (iso: string): number => Date.parse(iso);

/** A bare customer row for a ledger test; answers its id. */
export async function newCustomer(db: Db): Promise<string> {
  const id = crypto.randomUUID();
  await db.insertInto('customers').values({ id }).execute();
  return id;
}

/** Saves programme settings over the defaults, as an administrator would. */
export async function useSettings(db: Db, settings: Partial<ProgramSettings>): Promise<void> {
  await putProgramSettings(db, systemActor, settings);
}

/** Runs `work` in its own transaction, as the purchase use cases will. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

/** What each of a customer's lots still holds, in earning order. */
export async function lotRemainders(db: Db, customerId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('points_lots')
    .select('remaining')
    .where('customer_id', '=', customerId)
    .orderBy('earned_at')
    .execute();
  return rows.map((row) => row.remaining);
}
