import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../access/actor.ts';
import { loadProductFacts } from '../catalogue/product-facts.ts';
import { ProductFactsCache } from '../catalogue/product-facts-cache.ts';
import { ProgrammeCache } from '../programme/programme-cache.ts';
import { RulesetCache } from '../promotions/ruleset-cache.ts';
import { appendRulesetVersion } from '../promotions/ruleset-versions.ts';
import type { ChangeFeed, ChangeTopic } from '../store/change-feed.ts';
import type { Db } from '../store/database.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { StoreCache } from '../stores/store-cache.ts';
import { followChanges } from './follow-changes.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

/** A feed the test speaks through, as the listening connection would. */
function handFeed() {
  const listeners = new Set<(topic: ChangeTopic) => void>();
  const feed: ChangeFeed = {
    fallbackCheckMs: 30_000,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => listeners.clear(),
  };
  const hear = (topic: ChangeTopic) => {
    for (const listener of listeners) listener(topic);
  };
  return { feed, hear };
}

const noCatalogue = { forgetAll: () => undefined };

describe('following changes', () => {
  it('recompiles the ruleset when told, long before its 30 s fallback check', async () => {
    let clock = 0;
    const rulesets = new RulesetCache(db, 30_000, () => clock);
    const { feed, hear } = handFeed();
    const errors: unknown[] = [];
    const stop = followChanges(
      feed,
      {
        rulesets,
        programme: new ProgrammeCache(db),
        stores: new StoreCache(db),
        catalogue: noCatalogue,
      },
      (error) => errors.push(error),
    );
    const before = (await rulesets.current()).version;
    const version = await db
      .transaction()
      .execute((trx) => appendRulesetVersion(trx, systemActor, 'made on another node'));
    clock += 1_000;
    expect((await rulesets.current()).version).toBe(before);
    hear('ruleset');
    await vi.waitFor(async () => expect((await rulesets.current()).version).toBe(String(version)));
    stop();
    await db
      .transaction()
      .execute((trx) => appendRulesetVersion(trx, systemActor, 'after unfollowing'));
    hear('all');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await rulesets.current()).version).toBe(String(version));
    expect(errors).toEqual([]);
  });

  it('forgets the stores when another node changed one', async () => {
    const stores = new StoreCache(db);
    const { feed, hear } = handFeed();
    const rulesets = new RulesetCache(db);
    followChanges(
      feed,
      { rulesets, programme: new ProgrammeCache(db), stores, catalogue: noCatalogue },
      () => undefined,
    );
    await db
      .insertInto('stores')
      .values({
        id: 'spb',
        name: 'Невский',
        region: 'RU',
        time_zone: 'Europe/Moscow',
        channel: 'pos',
      })
      .execute();
    expect((await stores.get('spb'))?.name).toBe('Невский');
    await db.updateTable('stores').set({ name: 'Невский, 28' }).where('id', '=', 'spb').execute();
    expect((await stores.get('spb'))?.name).toBe('Невский');
    hear('stores');
    expect((await stores.get('spb'))?.name).toBe('Невский, 28');
  });

  it('forgets the catalogue when another node changed products or categories', async () => {
    await db
      .insertInto('products')
      .values({ sku: 'OIL-1', name: 'Oil', attributes: JSON.stringify({}), tags: [] } as never)
      .execute();
    const productFacts = new ProductFactsCache((skus) => loadProductFacts(db, skus), 30_000);
    const { feed, hear } = handFeed();
    followChanges(
      feed,
      {
        rulesets: new RulesetCache(db),
        programme: new ProgrammeCache(db),
        stores: new StoreCache(db),
        catalogue: productFacts,
      },
      () => undefined,
    );
    expect((await productFacts.get(['OIL-1'])).get('OIL-1')?.noDiscount).toBe(false);
    await db
      .updateTable('products')
      .set({ no_discount: true })
      .where('sku', '=', 'OIL-1')
      .execute();
    expect((await productFacts.get(['OIL-1'])).get('OIL-1')?.noDiscount).toBe(false);
    hear('catalogue');
    expect((await productFacts.get(['OIL-1'])).get('OIL-1')?.noDiscount).toBe(true);
  });
});
