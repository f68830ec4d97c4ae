import type { CatalogueCaches } from '../catalogue/product-facts-cache.ts';
import type { ProgrammeCache } from '../programme/programme-cache.ts';
import type { RulesetCache } from '../promotions/ruleset-cache.ts';
import type { ChangeFeed } from '../store/change-feed.ts';
import type { StoreCache } from '../stores/store-cache.ts';

export interface NodeCaches {
  rulesets: RulesetCache;
  programme: ProgrammeCache;
  stores: StoreCache;
  /** Products' facts and the category tree. */
  catalogue: CatalogueCaches;
}

/**
 * Refreshes this node's caches as the feed hears changes: the ruleset is compiled and the
 * programme loaded at once, so the next cart finds them ready; stores and the catalogue are
 * forgotten and read again when next named. Answers how to stop following.
 */
export function followChanges(
  feed: ChangeFeed,
  caches: NodeCaches,
  onError: (error: unknown) => void,
): () => void {
  return feed.subscribe((topic) => {
    const all = topic === 'all';
    if (all || topic === 'ruleset') caches.rulesets.refresh().catch(onError);
    // Reads the version and loads the programme when it moved.
    if (all || topic === 'programme') caches.programme.current().catch(onError);
    if (all || topic === 'stores') caches.stores.forgetAll();
    if (all || topic === 'catalogue') caches.catalogue.forgetAll();
  });
}
