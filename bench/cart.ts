import { pathToFileURL } from 'node:url';
import { commandLineActor } from '../src/access/actor.ts';
import { memoryLimiters } from '../src/api/lookup-limiters.ts';
import { calculateCart } from '../src/carts/calculate-cart.ts';
import { directProductFacts } from '../src/catalogue/product-facts-cache.ts';
import { defaultFutureToleranceSeconds } from '../src/config.ts';
import { createCustomer } from '../src/customers/create-customer.ts';
import { ProgrammeCache } from '../src/programme/programme-cache.ts';
import { RulesetCache } from '../src/promotions/ruleset-cache.ts';
import { createSegment } from '../src/segments/segments.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { StoreCache } from '../src/stores/store-cache.ts';
import { putStore } from '../src/stores/stores.ts';
import { putTierProgram } from '../src/tiers/tier-program-store.ts';

// The whole calculate path (store, customer, products, coupons, usage, tier and segments, engine)
// for a customer who is in five segments and holds a tier, against the same cart for a customer
// with neither, on the embedded database, in the same run.
const CALLS = 400;

async function customer(db: Db, card: string): Promise<string> {
  const { customer } = await createCustomer(
    db,
    commandLineActor,
    { identifiers: [{ kind: 'card', value: card }], city: 'Москва' },
    { defaultCountry: 'RU', now: new Date() },
  );
  return customer.id;
}

async function timeCalls(
  customerId: string,
  deps: Parameters<typeof calculateCart>[0],
): Promise<number[]> {
  const lines = Array.from({ length: 20 }, (_, i) => ({
    lineId: String(i),
    sku: `SKU-${i}`,
    unitPriceMinor: 10_000 + i * 137,
    quantity: 1 + (i % 3),
  }));
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = process.hrtime.bigint();
    await calculateCart(deps, { storeId: 'msk', customer: { id: customerId }, lines });
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples.sort((a, b) => a - b).slice(0, Math.floor(CALLS * 0.99));
}

/** Runs the cart benchmark and returns its markdown section. */
export async function runCartBench(): Promise<string> {
  const db = openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrateToLatest(db);
    await putStore(db, commandLineActor, 'msk', {
      name: 'msk',
      region: 'RU',
      timeZone: 'Europe/Moscow',
      channel: 'pos',
    });
    const plain = await customer(db, 'PLAIN1');
    const member = await customer(db, 'MEMBER1');
    const deps = {
      db,
      rulesets: new RulesetCache(db),
      stores: new StoreCache(db),
      programme: new ProgrammeCache(db),
      defaultCountry: 'RU',
      now: () => new Date(),
      futureToleranceMs: defaultFutureToleranceSeconds * 1000,
      couponLookups: memoryLimiters().couponLookups,
      productFacts: directProductFacts(db),
    };
    const without = await timeCalls(plain, deps);
    for (let i = 0; i < 5; i++) {
      await createSegment(
        db,
        commandLineActor,
        { id: `city-${i}`, name: `Moscow ${i}`, rule: { kind: 'city', in: ['Москва'] } },
        new Date(),
      );
    }
    await putTierProgram(db, commandLineActor, {
      metric: 'spent_minor',
      period: { kind: 'all_time' },
      comparison: 'at_least',
      autoTransition: true,
      downgradeAtPeriodEnd: false,
      tiers: [
        { id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0, accrualRateBp: 300 },
      ],
    });
    const withBoth = await timeCalls(member, deps);
    // Measured again after, so warm-up favours neither side.
    without.push(...(await timeCalls(plain, deps)));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(withBoth) / mean(without);
    return [
      '## Cart: calculate with segments and a tier',
      '',
      `The whole calculate path on embedded PGlite, a 20-line cart, ${CALLS} calls each, slowest 1% dropped. Baseline: the same cart for a customer in no segment and without a tier programme.`,
      '',
      '| customer | mean µs | ratio |',
      '|---|---:|---:|',
      `| no segments, no tiers (baseline) | ${mean(without).toFixed(0)} | 1.00 |`,
      `| 5 segments and a tier | ${mean(withBoth).toFixed(0)} | ${ratio.toFixed(2)} |`,
      '',
    ].join('\n');
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runCartBench());
