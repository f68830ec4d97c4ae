import type { Actor } from '../access/actor.ts';
import type { ProgrammeCache } from '../programme/programme-cache.ts';
import type { CommitDeps } from '../purchases/commit-purchase.ts';
import type { PurchaseHandler } from '../purchases/purchase-handler.ts';
import type { MindboxConfig } from './mindbox-config.ts';

/** What every Mindbox operation gets: the use cases' dependencies, composed at start-up. */
export interface MindboxDeps {
  /** Pricing and committing, as /v1/carts/calculate and /v1/purchases have them. */
  commit: CommitDeps;
  programme: ProgrammeCache;
  handlers: readonly PurchaseHandler[];
  config: MindboxConfig;
}

/** One call: who makes it, its body and its query's `transactionId`. */
export interface MindboxCall {
  actor: Actor;
  body: Record<string, unknown>;
  transactionId: string | undefined;
}
