import { createHash } from 'node:crypto';
import { PerkError } from '../errors.ts';
import { resolvePurchaseId } from '../purchases/purchase-reference.ts';
import { loadPurchase } from '../purchases/purchase-rows.ts';
import { returnPurchase } from '../purchases/return-purchase.ts';
import { BodyReader } from './body-reader.ts';
import { parseQuantityMilli } from './decimal-amount.ts';
import type { MindboxCall, MindboxDeps } from './mindbox-deps.ts';

type Json = Record<string, unknown>;

/** What a status means to Perk: the order is void, lines came back, or nothing to do. */
export type StatusMeaning = 'cancel' | 'return' | 'confirm';

/**
 * Shops name their statuses freely (`Cancelled`, `CancelledByCustomer`, `Returned`, `Paid`…):
 * a name starting with "cancel" voids, one containing "return" brings lines back, any other
 * (paid, delivered, confirmed…) confirms an order Perk already committed.
 */
export function statusMeaning(status: string): StatusMeaning {
  if (/^cancel/i.test(status)) return 'cancel';
  if (/return/i.test(status)) return 'return';
  return 'confirm';
}

/**
 * ChangeStatus: finds the order by `order.ids.mindboxId` (Perk's purchase id, as Create*Order
 * answered it) or by any of its `ids` that is the transactionId it was created with, and
 * cancels it, returns the lines whose status is a return (`order.lines[].status`, with their
 * quantity), or — for any other status — confirms it, which changes nothing. A retry with the
 * same body answers the same and changes nothing more.
 */
export async function changeStatus(deps: MindboxDeps, call: MindboxCall): Promise<Json> {
  const reader = new BodyReader();
  const order = reader.object(call.body.order, '/order', true);
  const ids = reader.object(order.ids, '/order/ids', true);
  const orderStatus =
    statusName(reader, call.body.orderLinesStatus, '/orderLinesStatus') ??
    statusName(reader, order.status, '/order/status');
  const returned = reader.array(order.lines, '/order/lines', 500).flatMap((raw, i) => {
    const line = reader.object(raw, `/order/lines/${i}`);
    const status = statusName(reader, line.status, `/order/lines/${i}/status`) ?? orderStatus;
    if (status === undefined || statusMeaning(status) !== 'return') return [];
    const lineId =
      reader.text(line.lineId, `/order/lines/${i}/lineId`, 64) ??
      reader.text(line.lineNumber, `/order/lines/${i}/lineNumber`, 64);
    const milli = reader.amount(
      line.quantity ?? 1,
      `/order/lines/${i}/quantity`,
      parseQuantityMilli,
    );
    if (milli === 0)
      reader.problems.add(`/order/lines/${i}/quantity`, 'invalid', 'must be above 0');
    return lineId === undefined || milli === undefined || milli === 0
      ? []
      : [{ lineId, milli, at: `/order/lines/${i}` }];
  });
  if (orderStatus === undefined && returned.length === 0)
    reader.problems.add('/orderLinesStatus', 'invalid', 'Send the new status');
  reader.problems.throwIfAny();
  const purchaseId = await findOrder(deps, call, ids);
  const meaning = orderStatus === undefined ? 'return' : statusMeaning(orderStatus);
  const options = { now: deps.commit.now, programme: deps.programme, handlers: deps.handlers };
  if (meaning === 'cancel' || (meaning === 'return' && returned.length === 0)) {
    await returnPurchase(
      deps.commit.db,
      purchaseId,
      { returnId: 'cancel', lines: [] },
      {
        kind: 'cancel',
        ...options,
      },
    );
  } else if (returned.length > 0) {
    const { receipt } = await loadPurchase(deps.commit.db, purchaseId);
    const weighted = new Set(receipt.lines.filter((l) => l.weighted).map((l) => l.lineId));
    // Thousandths for weighted goods, whole units for a line sold by the piece.
    const lines = returned.map(({ lineId, milli, at }) => {
      if (!weighted.has(lineId) && milli % 1000 !== 0)
        reader.problems.add(`${at}/quantity`, 'invalid', 'must be whole units for this line');
      return { lineId, quantity: weighted.has(lineId) ? milli : milli / 1000 };
    });
    reader.problems.throwIfAny();
    const returnId =
      call.transactionId ??
      createHash('sha256').update(JSON.stringify(lines)).digest('hex').slice(0, 32);
    await returnPurchase(
      deps.commit.db,
      purchaseId,
      { returnId, lines },
      {
        kind: 'return',
        ...options,
      },
    );
  }
  return { status: 'Success' };
}

function statusName(reader: BodyReader, value: unknown, location: string): string | undefined {
  if (value !== null && typeof value === 'object') {
    const ids = reader.object((value as Json).ids, `${location}/ids`);
    return reader.text(ids.externalId, `${location}/ids/externalId`, 100);
  }
  return reader.text(value, location, 100);
}

async function findOrder(deps: MindboxDeps, call: MindboxCall, ids: Json): Promise<string> {
  const keyId = call.actor.keyId;
  for (const [key, value] of Object.entries(ids)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    try {
      return await resolvePurchaseId(
        deps.commit.db,
        String(value),
        key === 'mindboxId' ? null : keyId,
      );
    } catch (error) {
      if (!(error instanceof PerkError) || error.code !== 'purchase_not_found') throw error;
    }
  }
  throw new PerkError('not_found', 'order_not_found', 'No order with these ids', {
    field: '/order/ids',
  });
}
