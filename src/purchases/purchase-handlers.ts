import type { LookupLimiters } from '../api/lookup-limiters.ts';
import {
  onPurchaseCommitted as countForCampaigns,
  onPurchaseReturned as regressCampaigns,
} from '../campaigns/purchase-progress.ts';
import type { FailedLookupLimiter } from '../coupons/failure-limiter.ts';
import { eventsHandler } from '../outbox/events-handler.ts';
import { onPurchaseAdded, onPurchaseRecounted } from '../segments/on-purchase-changed.ts';
import { tierOnCommit, tierOnReturn } from '../tiers/tier-transitions.ts';
import { settleGiftCards } from './gift-card-payments.ts';
import type { PurchaseHandler } from './purchase-handler.ts';
import { useMotivators } from './use-motivators.ts';

/** Coupons and promotion budgets the check used; a coupon or budget gone meanwhile refuses it. */
export const motivatorsHandler: PurchaseHandler = {
  name: 'motivators',
  commit: (trx, { purchaseId, customerId, calculation, ruleset }) =>
    useMotivators(trx, { purchaseId, customerId, calculation, ruleset }),
};

/** Gift cards paying for the check are charged, those it sells are activated. */
export const giftCardsHandler = (pins: FailedLookupLimiter): PurchaseHandler => ({
  name: 'gift-cards',
  async commit(trx, event) {
    event.receipt.giftCards = await settleGiftCards(trx, {
      purchaseId: event.purchaseId,
      payments: (event.request.payments ?? []).flatMap((payment, index) =>
        payment.kind === 'gift_card' ? [{ index, payment }] : [],
      ),
      sold: event.giftCardSales,
      now: new Date(event.businessAt),
      apiKeyId: event.actor.keyId,
      pins,
    });
  },
});

/**
 * The customer's purchase aggregates and the segments a purchase can change; runs before the tier
 * and campaign steps, so a campaign's audience sees the segments this purchase brought.
 */
export const segmentsHandler: PurchaseHandler = {
  name: 'segments',
  async commit(trx, event) {
    if (!event.customerId) return;
    event.segmentIds = await onPurchaseAdded(
      trx,
      {
        customerId: event.customerId,
        businessAt: event.businessAt,
        paidMinor: event.receipt.paidMinor,
        skus: event.receipt.lines.map((line) => line.sku),
      },
      {
        timeZone: event.programme.settings.timeZone,
        purchaseSegments: event.programme.purchaseSegments,
        segmentIds: event.segmentIds,
        now: new Date(event.now),
      },
    );
  },
  returned: (trx, event) =>
    onPurchaseRecounted(trx, event.purchaseId, {
      customerId: event.customerId,
      timeZone: event.programme.settings.timeZone,
      purchaseSegments: event.programme.purchaseSegments,
      now: new Date(event.now),
    }),
};

/** Automatic tier upgrades (commit) and the undoing of an upgrade by its purchase's return. */
export const tiersHandler: PurchaseHandler = {
  name: 'tiers',
  async commit(trx, event) {
    if (!event.customerId) return;
    event.receipt.tier = await tierOnCommit(
      trx,
      {
        program: event.programme.tiers,
        timeZone: event.programme.settings.timeZone,
        tierId: event.calculation.tier.tierId,
      },
      {
        customerId: event.customerId,
        purchaseId: event.purchaseId,
        businessAt: event.businessAt,
        now: event.now,
        paidMinor: event.receipt.paidMinor,
      },
    );
  },
  async returned(trx, event) {
    event.receipt.tier = await tierOnReturn(
      trx,
      { program: event.programme.tiers, timeZone: event.programme.settings.timeZone },
      {
        customerId: event.customerId,
        purchaseId: event.purchaseId,
        businessAt: event.businessAt,
        now: event.now,
      },
    );
  },
};

/** Purchase-driven campaigns: progress and rewards, taken back when a return undoes them. */
export const campaignsHandler: PurchaseHandler = {
  name: 'campaigns',
  async commit(trx, event) {
    if (!event.customerId) return;
    event.receipt.campaigns = await countForCampaigns(
      trx,
      event.programme.purchaseCampaigns,
      event.programme.settings.timeZone,
      {
        customerId: event.customerId,
        purchaseId: event.purchaseId,
        businessAt: event.businessAt,
        now: event.now,
        paidMinor: event.receipt.paidMinor,
        segmentIds: event.segmentIds,
      },
    );
  },
  async returned(trx, event) {
    event.receipt.campaignRewardsRevoked = await regressCampaigns(trx, {
      customerId: event.customerId,
      purchaseId: event.purchaseId,
      now: event.businessAt,
    });
  },
};

/**
 * What a commit and a return run besides the points, in order: the lock order of a commit
 * (points account first, then coupons, budgets, gift cards, aggregates, tier, campaign
 * progress, then the purchase row); the outbox last, so its events read the finished receipt.
 */
export function purchaseHandlers(limiters: LookupLimiters): readonly PurchaseHandler[] {
  return [
    motivatorsHandler,
    giftCardsHandler(limiters.giftCardPins),
    segmentsHandler,
    tiersHandler,
    campaignsHandler,
    eventsHandler,
  ];
}
