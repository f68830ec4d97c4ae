import type { Db } from '../store/database.ts';
import { getStore, type Store } from './stores.ts';

// Stores change rarely and every cart names one; a short memory saves a query per calculation.
// A change made on another node is heard at once on PostgreSQL (the change feed forgets them all),
// and seen within this many milliseconds otherwise.
const cacheMillis = 10_000;

/** Stores by id, remembered briefly; an unknown id is `undefined` (and not remembered). */
export class StoreCache {
  private readonly entries = new Map<string, { store: Store; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(id: string): Promise<Store | undefined> {
    const now = this.clock();
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.store;
    try {
      const store = await getStore(this.db, id);
      this.entries.set(id, { store, until: now + cacheMillis });
      return store;
    } catch (error) {
      if ((error as { code?: string }).code === 'store_not_found') return undefined;
      throw error;
    }
  }

  /** Forgets a store this node just changed, so its next cart sees the change. */
  forget(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets every store, when told another node changed one. */
  forgetAll(): void {
    this.entries.clear();
  }
}
