import type { CommitEvent, PurchaseHandler, ReturnEvent } from '../purchases/purchase-handler.ts';
import type { NewEvent } from './event-types.ts';
import { recordEvents } from './record-events.ts';

/**
 * The outbox's part of a commit and a return: last in the list, so it reads the receipt every
 * other module has filled in. A commit's `purchase.committed` and `points.changed` are written by
 * the purchase row's own statement; a return's are written after its rows, in its transaction.
 * (`tier.changed` is written where every tier move is, `moveTier`.)
 */
export const eventsHandler: PurchaseHandler = {
  name: 'events',
  events: commitEvents,
  returned: (trx, event) => recordEvents(trx, returnEvents(event), new Date(event.now)),
};

/** The events a committed purchase reports: always the purchase, points and tier when moved. */
export function commitEvents(event: CommitEvent): NewEvent[] {
  const { receipt, customerId, purchaseId } = event;
  const occurredAt = new Date(event.businessAt);
  const cause = { kind: 'purchase' as const, purchaseId };
  const events: NewEvent[] = [
    {
      type: 'purchase.committed',
      occurredAt,
      customerId,
      payload: {
        purchaseId,
        transactionId: receipt.transactionId,
        storeId: receipt.storeId,
        offline: receipt.offline,
        subtotalMinor: receipt.subtotalMinor,
        discountMinor: receipt.discountMinor,
        totalMinor: receipt.totalMinor,
        paidMinor: receipt.paidMinor,
        redeemedPoints: receipt.redeemedPoints,
        accruedPoints: receipt.accruedPoints,
        lines: receipt.lines.map((line) => ({
          lineId: line.lineId,
          sku: line.sku,
          weighted: line.weighted,
          quantity: line.quantity,
          totalMinor: line.totalMinor,
          discountMinor: line.discountMinor,
          paidMinor: line.paidMinor,
        })),
      },
    },
  ];
  if (customerId && receipt.balance && (receipt.accruedPoints > 0 || receipt.redeemedPoints > 0)) {
    events.push({
      type: 'points.changed',
      occurredAt,
      customerId,
      payload: {
        cause,
        credited: receipt.accruedPoints,
        debited: receipt.redeemedPoints,
        balance: receipt.balance,
      },
    });
  }
  return events;
}

/** The events a return or cancel reports. */
export function returnEvents(event: ReturnEvent): NewEvent[] {
  const { receipt, customerId, purchaseId } = event;
  const occurredAt = new Date(event.businessAt);
  const cause = { kind: receipt.kind, purchaseId };
  const events: NewEvent[] = [
    {
      type: receipt.kind === 'cancel' ? 'purchase.cancelled' : 'purchase.returned',
      occurredAt,
      customerId,
      payload: {
        purchaseId,
        returnId: receipt.returnId,
        refundMinor: receipt.refundMinor,
        takeBackPoints: receipt.takeBackPoints,
        giveBackPoints: receipt.giveBackPoints,
        lines: receipt.lines.map((line) => ({
          lineId: line.lineId,
          quantity: line.quantity,
          refundMinor: line.refundMinor,
        })),
      },
    },
  ];
  if (receipt.balance && (receipt.takeBackPoints > 0 || receipt.giveBackPoints > 0)) {
    events.push({
      type: 'points.changed',
      occurredAt,
      customerId,
      payload: {
        cause,
        credited: receipt.giveBackPoints,
        debited: receipt.takeBackPoints,
        balance: receipt.balance,
      },
    });
  }
  return events;
}
