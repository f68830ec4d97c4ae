import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { localDate } from './calendar-days.ts';
import { loadFacts } from './load-facts.ts';
import { loadRuleSegments, materialise } from './memberships.ts';
import { refreshPurchaseAggregates } from './purchase-aggregates.ts';

/**
 * To call inside the commit, return and cancel transactions, after the purchase rows are
 * written: recomputes the customer's aggregates for the purchase's day and SKUs, then
 * re-evaluates every rule segment for that customer in memory and writes the membership diff.
 * About ten small indexed statements; no lock beyond the rows it writes.
 */
export async function onPurchaseChanged(
  trx: Db,
  input: { customerId: string; purchaseId: string; now: Date | number },
): Promise<void> {
  const { timeZone } = await getProgramSettings(trx);
  await refreshPurchaseAggregates(trx, input.purchaseId, timeZone);
  await refreshCustomerSegments(trx, input.customerId, new Date(input.now), timeZone);
}

/**
 * Re-evaluates every rule segment for one customer (after a purchase, or a profile change) and
 * writes the membership diff. `timeZone` defaults to the programme's.
 */
export async function refreshCustomerSegments(
  db: Db,
  customerId: string,
  now: Date,
  timeZone?: string,
): Promise<void> {
  const zone = timeZone ?? (await getProgramSettings(db)).timeZone;
  const [segments, facts] = await Promise.all([loadRuleSegments(db), loadFacts(db, [customerId])]);
  const customer = facts.get(customerId);
  if (!customer) return;
  await materialise(db, segments, [customer], localDate(now, zone), now);
}
