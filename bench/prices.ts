import { pathToFileURL } from 'node:url';
import { commandLineActor } from '../src/access/actor.ts';
import { createApiKey } from '../src/access/api-keys.ts';
import { buildApp } from '../src/api/app.ts';
import { memoryLimiters } from '../src/api/lookup-limiters.ts';
import { priceSkus, type ShopPricesRequest } from '../src/carts/shop-prices.ts';
import { loadProductFacts } from '../src/catalogue/product-facts.ts';
import { ProductFactsCache } from '../src/catalogue/product-facts-cache.ts';
import { defaultFutureToleranceSeconds, readConfig } from '../src/config.ts';
import { defaultRulesetSettings } from '../src/engine/index.ts';
import { ProgrammeCache } from '../src/programme/programme-cache.ts';
import { RulesetCache } from '../src/promotions/ruleset-cache.ts';
import { openDatabase, type StorageTarget } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { StoreCache } from '../src/stores/store-cache.ts';
import { catalogue, prng, promotions } from './engine-fixtures.ts';
import { freshDatabase } from './scratch-database.ts';

// A web shop's catalogue page: 100 SKUs priced for a customer in a segment, against a chain's
// catalogue (5 000 products, 260 categories) and 100 active promotions of every mechanic, on the
// embedded database and, when DATABASE_URL is set, on a scratch database of that PostgreSQL. Baseline: a JSON round-trip of the same answer, the least any server does
// with it, in the same run.
const SKUS = 100;
const CALLS = 300;
const PROMOTIONS = 100;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

interface Timings {
  /** Milliseconds per call, warm, sorted: the catalogue read at every call. */
  prices: number[];
  /** The same through the server's product cache (a page asked again within its 5 s). */
  cached: number[];
  roundTrips: number[];
  discounted: number;
}

// Ten catalogue pages asked in turn, as a shop's visitors browse.
const PAGES = 10;

/** Seeds the shop on a fresh database and times `CALLS` price requests. */
async function measure(config: StorageTarget): Promise<Timings> {
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
    const app = await buildApp({ db, config: { ...readConfig({}), logLevel: 'silent' } });
    const admin = (await createApiKey(db, commandLineActor, { name: 'bench', role: 'admin' })).key;
    const send = async (method: 'PUT' | 'POST', url: string, payload: object) => {
      const answer = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${admin}` },
        payload,
      });
      if (answer.statusCode >= 300) throw new Error(`${method} ${url}: ${answer.body}`);
      return answer.json();
    };
    await send('PUT', '/v1/stores/web', {
      name: 'web',
      region: 'RU',
      timeZone: 'Europe/Moscow',
      channel: 'web',
    });
    const random = prng(16);
    const products = catalogue(random);
    const categories = [...new Set(products.flatMap((p) => p.categoryIds))].map((id) => ({
      id,
      name: id,
      parentId: id.includes('-') ? id.slice(0, id.lastIndexOf('-')) : null,
    }));
    await send('PUT', '/v1/categories', { categories });
    await send('PUT', '/v1/products', {
      products: products.map((p) => ({
        sku: p.sku,
        name: p.sku,
        categoryId: p.categoryIds[0],
        brand: p.brand,
      })),
    });
    await send('PUT', '/v1/ruleset/settings', {
      ...defaultRulesetSettings,
      stackingGroups: [
        { id: 'sales', mode: 'best' },
        { id: 'personal', mode: 'cumulative' },
        { id: 'points', mode: 'cumulative' },
      ],
    });
    const customer = await send('POST', '/v1/customers', {
      identifiers: [{ kind: 'card', value: 'SHOPPER1' }],
      city: 'Москва',
    });
    await send('POST', '/v1/segments', {
      id: 'moscow',
      name: 'Moscow',
      rule: { kind: 'city', in: ['Москва'] },
    });
    const year = new Date().getUTCFullYear();
    for (const promotion of promotions(random, products, PROMOTIONS)) {
      await send('POST', '/v1/promotions?overrideReason=bench', {
        ...promotion,
        validFrom: `${year - 1}-01-01T00:00:00+03:00`,
        validTo: `${year + 1}-01-01T00:00:00+03:00`,
        ...(promotion.audience
          ? { audience: { ...promotion.audience, segmentIds: ['moscow'] } }
          : {}),
      });
    }
    await app.close();
    const deps = {
      db,
      rulesets: new RulesetCache(db),
      stores: new StoreCache(db),
      programme: new ProgrammeCache(db),
      defaultCountry: 'RU',
      now: () => new Date(),
      futureToleranceMs: defaultFutureToleranceSeconds * 1000,
      couponLookups: memoryLimiters().couponLookups,
    };
    const pages: ShopPricesRequest[] = Array.from({ length: PAGES }, (_, page) => ({
      storeId: 'web',
      customer: { id: customer.id },
      items: products
        .slice(page * SKUS, (page + 1) * SKUS)
        .map((p) => ({ sku: p.sku, regularPriceMinor: p.priceMinor })),
    }));
    const load = (skus: readonly string[]) => loadProductFacts(db, skus);
    const time = async (productFacts: ProductFactsCache) => {
      const prices: number[] = [];
      const roundTrips: number[] = [];
      let discounted = 0;
      for (let i = 0; i < CALLS; i++) {
        const start = process.hrtime.bigint();
        const answer = await priceSkus(
          { ...deps, productFacts },
          pages[i % PAGES] as ShopPricesRequest,
        );
        const priced = process.hrtime.bigint();
        JSON.parse(JSON.stringify(answer));
        const end = process.hrtime.bigint();
        prices.push(Number(priced - start) / 1e6);
        roundTrips.push(Number(end - priced) / 1e6);
        if (i === 0) discounted = answer.items.filter((item) => item.badge !== null).length;
      }
      return { prices, roundTrips, discounted };
    };
    // A time of 0: every call reads the catalogue, as with the cache cold.
    const uncached = await time(new ProductFactsCache(load, 0));
    const cached = await time(new ProductFactsCache(load));
    const { prices, roundTrips, discounted } = uncached;
    // The first calls compile the ruleset and warm the caches; a shop's node is long warm.
    const warm = (xs: number[]) => xs.slice(20).sort((a, b) => a - b);
    return {
      prices: warm(prices),
      cached: warm(cached.prices),
      roundTrips: warm(roundTrips),
      discounted,
    };
  } finally {
    await db.destroy();
  }
}

/** Runs the prices benchmark and returns its markdown section. */
export async function runPricesBench(): Promise<string> {
  const runs: [string, Timings][] = [['PGlite', await measure({ kind: 'pglite', dataDir: null })]];
  const url = process.env.DATABASE_URL;
  if (url) {
    const scratch = await freshDatabase(url, 'prices_bench');
    runs.push(['PostgreSQL', await measure({ kind: 'postgres', url: scratch, poolSize: 10 })]);
  }
  const ms = (xs: number[], p: number) => percentile(xs, p).toFixed(2);
  const rows = runs.flatMap(([storage, t]) => {
    const base = percentile(t.roundTrips, 0.99);
    return [
      `| ${storage} | baseline: JSON round-trip of the answer | ${ms(t.roundTrips, 0.5)} | ${ms(t.roundTrips, 0.99)} | 1.0× |`,
      `| ${storage} | price ${SKUS} SKUs, catalogue read every call | ${ms(t.prices, 0.5)} | ${ms(t.prices, 0.99)} | ${(percentile(t.prices, 0.99) / base).toFixed(1)}× |`,
      `| ${storage} | price ${SKUS} SKUs, products from the node's 5 s cache | ${ms(t.cached, 0.5)} | ${ms(t.cached, 0.99)} | ${(percentile(t.cached, 0.99) / base).toFixed(1)}× |`,
    ];
  });
  const verdict = runs
    .map(
      ([storage, t]) =>
        `${storage}: ${percentile(t.prices, 0.99) <= 5 ? 'met' : 'not met'} reading the catalogue, ${percentile(t.cached, 0.99) <= 5 ? 'met' : 'not met'} through the cache`,
    )
    .join(', ');
  const discounted = runs[0]?.[1].discounted ?? 0;
  return [
    '## Web shop prices',
    '',
    `\`priceSkus\` (POST /v1/prices without HTTP) for ${SKUS} SKUs and a customer in a segment: 5 000 products in 260 categories, ${PROMOTIONS} active promotions of every mechanic; ${PAGES} pages of ${SKUS} SKUs asked in turn, ${CALLS} calls per row, the first 20 dropped as warm-up; ${discounted} of the first page's ${SKUS} SKUs came out discounted. The server reads products through a per-node cache of 5 s (\`ProductFactsCache\`); the first row reads the catalogue at every call, as a page nobody asked for in the last 5 s does. Baseline: a JSON round-trip of the answer, same run.`,
    '',
    '| storage | step | p50 ms | p99 ms | p99 × baseline |',
    '|---|---|---:|---:|---:|',
    ...rows,
    '',
    `Target: ≤ 5 ms p99 for 100 SKUs — ${verdict}.`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runPricesBench());
