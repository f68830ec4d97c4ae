import type { LookupLimiters } from './api/lookup-limiters.ts';
import { campaignsMergeHook } from './campaigns/merge-campaigns.ts';
import { calculationLogMergeHook } from './carts/calculation-log-merge.ts';
import { communicationsMergeHook } from './communications/merge-communications.ts';
import { couponsMergeHook } from './coupons/merge-coupons.ts';
import { type CustomerMergeHook, identifiersMergeHook } from './customers/merge-hooks.ts';
import { historyMergeHook } from './history/merge-history.ts';
import { pointsMergeHook } from './points/merge-points.ts';
import { purchasesMergeHook } from './purchases/merge-purchases.ts';
import type { PurchaseHandler } from './purchases/purchase-handler.ts';
import { purchaseHandlers } from './purchases/purchase-handlers.ts';
import { segmentsMergeHook } from './segments/merge-segments.ts';
import { tiersMergeHook } from './tiers/merge-tiers.ts';
import { walletMergeHook } from './wallet/merge-wallet.ts';

/** What runs inside a commit, a return and a merge, module by module, in order. */
export interface Handlers {
  purchase: readonly PurchaseHandler[];
  merge: readonly CustomerMergeHook[];
}

/**
 * Every module's part of commits, returns and merges, listed in one place and passed in where
 * they run: no module registers itself by being imported. A merge moves identifiers first, then
 * points, purchases and imported history; segments rebuild from the purchases moved before them;
 * wallet passes follow last.
 */
export function composeHandlers(limiters: LookupLimiters): Handlers {
  return { purchase: purchaseHandlers(limiters), merge: mergeHooks() };
}

/** What a merge of two customers runs, module by module, in order. */
export function mergeHooks(): readonly CustomerMergeHook[] {
  return [
    identifiersMergeHook,
    pointsMergeHook,
    purchasesMergeHook,
    couponsMergeHook,
    tiersMergeHook,
    historyMergeHook,
    communicationsMergeHook,
    segmentsMergeHook,
    campaignsMergeHook,
    calculationLogMergeHook,
    walletMergeHook,
  ];
}
