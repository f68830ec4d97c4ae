import { systemActor } from '../access/actor.ts';
import { createApiKey } from '../access/api-keys.ts';
import { putCategories } from '../catalogue/categories.ts';
import { upsertProducts } from '../catalogue/products.ts';
import { createCustomer } from '../customers/create-customer.ts';
import { createPromotion } from '../promotions/promotions.ts';
import type { Db } from '../store/database.ts';
import { putStore } from '../stores/stores.ts';
import {
  demoCategories,
  demoCustomers,
  demoProducts,
  demoPromotions,
  demoStores,
} from './demo-chain.ts';

export interface DemoSeed {
  adminKey: string;
  posKey: string;
  summary: string;
}

/**
 * Fills an empty database with the demo chain: stores in two time zones, a category tree with
 * products, customers and a few promotions. Returns the keys it made, or null when the database
 * already has stores or keys (the demo is only ever made once).
 */
export async function seedDemoIfEmpty(db: Db, defaultCountry: string): Promise<DemoSeed | null> {
  const [stores, keys] = await Promise.all([
    db.selectFrom('stores').select('id').limit(1).execute(),
    db.selectFrom('api_keys').select('id').limit(1).execute(),
  ]);
  if (stores.length > 0 || keys.length > 0) return null;
  for (const store of demoStores) await putStore(db, systemActor, store.id, store);
  await putCategories(db, systemActor, demoCategories);
  const products = demoProducts();
  await upsertProducts(db, systemActor, products);
  const context = { defaultCountry, now: new Date() };
  const customers = demoCustomers(300);
  for (const customer of customers) await createCustomer(db, systemActor, customer, context);
  for (const promotion of demoPromotions) await createPromotion(db, systemActor, promotion);
  const admin = await createApiKey(db, systemActor, { name: 'Demo admin', role: 'admin' });
  const pos = await createApiKey(db, systemActor, { name: 'Demo till', role: 'pos' });
  const summary = `${demoStores.length} stores, ${products.length} products, ${customers.length} customers, ${demoPromotions.length} promotions`;
  return { adminKey: admin.key, posKey: pos.key, summary };
}
