import { sql } from 'kysely';
import { buildCartLines, type RequestLine } from '../carts/cart-lines.ts';
import { loadCategoryTree } from '../catalogue/categories.ts';
import { loadProductFacts } from '../catalogue/product-facts.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { runNextLeased, startLeasedRunWorker } from '../jobs/leased-runs.ts';
import type { PollingLoop } from '../jobs/polling-loop.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { currentRulesetSettings } from '../promotions/ruleset-versions.ts';
import type { Db } from '../store/database.ts';
import { BacktestTally, type PastCheck } from './backtest.ts';
import { type BacktestRequest, candidateOf } from './backtest-runs.ts';
import type { WatchStore } from './witness.ts';

export interface BacktestWorkerOptions {
  /** Checks read and priced per page; progress is written after each. */
  pageSize: number;
  /** How long a claim holds without progress before another node may take the run over. */
  leaseMs: number;
  clock: () => number;
}

const pricedPerTurn = 100;

export const defaultBacktestWorker: BacktestWorkerOptions = {
  pageSize: 2_000,
  leaseMs: 60_000,
  clock: Date.now,
};

/** Runs queued backtests, one at a time per node, every `pollMs` ({@link runNextLeased}). */
export function startBacktestWorker(
  db: Db,
  options: BacktestWorkerOptions & { pollMs: number; onError?: (error: unknown) => void },
): PollingLoop {
  return startLeasedRunWorker((stopped) => runNextBacktest(db, options, stopped), options);
}

/**
 * Claims a queued backtest (or one whose node stopped) and runs it: both rulesets are compiled
 * once, the period's checks are read page by page in time order (committed purchases, then
 * imported history) and priced, progress is written after each page, and the report when done.
 * Answers the run's id, or null when none was waiting.
 */
export function runNextBacktest(
  db: Db,
  options: BacktestWorkerOptions = defaultBacktestWorker,
  stopped: () => boolean = () => false,
): Promise<string | null> {
  return runNextLeased<BacktestRequest>(db, 'backtest_runs', 'report', options, (run) =>
    price(db, run.id, run.request, options, stopped),
  );
}

/** The report, or null when the node is stopping (the lease then runs out and another resumes). */
async function price(
  db: Db,
  runId: string,
  request: BacktestRequest,
  options: BacktestWorkerOptions,
  stopped: () => boolean,
) {
  const [active, settings, program, stores] = await Promise.all([
    db.selectFrom('promotions').select('definition').where('status', '=', 'active').execute(),
    currentRulesetSettings(db),
    getProgramSettings(db),
    db.selectFrom('stores').select(['id', 'channel', 'time_zone']).execute(),
  ]);
  const tally = new BacktestTally(
    request.baseline ?? active.map((row) => row.definition as PromotionDefinition),
    candidateOf(request),
    settings,
    { pointValueMinor: program.pointValueMinor, currency: program.currency },
  );
  const storeById = new Map<string, WatchStore>(
    stores.map((s) => [s.id, { id: s.id, channel: s.channel, timeZone: s.time_zone }]),
  );
  let done = 0;
  for (const source of [committedPurchases, importedHistory]) {
    for await (const page of checkPages(db, request, options.pageSize, source)) {
      if (stopped()) return null;
      const checks = await pastChecks(db, page, storeById);
      // Priced a slice at a time with a turn of the event loop between: a page is some tenths of
      // a second of engine work that the node's tills must not wait behind.
      for (let start = 0; start < checks.length; start += pricedPerTurn) {
        tally.add(checks.slice(start, start + pricedPerTurn));
        await new Promise((resolve) => setImmediate(resolve));
      }
      done += page.length;
      await db
        .updateTable('backtest_runs')
        .set({ checks_done: done, lease_until: new Date(options.clock() + options.leaseMs) })
        .where('id', '=', runId)
        .execute();
    }
  }
  return tally.report();
}

/** A past check as read, before product facts and the customer's segments are added. */
interface StoredCheck {
  id: string;
  storeId: string;
  at: Date;
  customerId: string | null;
  lines: RequestLine[];
}

type CheckHead = Omit<StoredCheck, 'lines'>;
type Cursor = { at: Date; id: string } | null;

/** Where past checks come from: their heads in time order after a cursor, then their lines. */
interface CheckSource {
  heads(db: Db, request: BacktestRequest, after: Cursor, limit: number): Promise<CheckHead[]>;
  lines(db: Db, heads: readonly CheckHead[]): Promise<Map<string, RequestLine[]>>;
}

/** The period's checks of `source`, a page at a time, by (time, id) so none is read twice. */
async function* checkPages(
  db: Db,
  request: BacktestRequest,
  pageSize: number,
  source: CheckSource,
): AsyncGenerator<StoredCheck[]> {
  let after: Cursor = null;
  for (;;) {
    const heads = await source.heads(db, request, after, pageSize);
    const last = heads[heads.length - 1];
    if (last === undefined) return;
    const lines = await source.lines(db, heads);
    yield heads.map((head) => ({ ...head, lines: lines.get(head.id) ?? [] }));
    after = { at: last.at, id: last.id };
  }
}

const committedPurchases: CheckSource = {
  async heads(db, request, after, limit) {
    const rows = await db
      .selectFrom('purchases')
      .select(['id', 'store_id', 'business_at', 'customer_id'])
      .where('cancelled', '=', false)
      .where('business_at', '>=', new Date(request.from))
      .where('business_at', '<', new Date(request.to))
      .$if(request.storeIds !== undefined, (q) =>
        q.where('store_id', 'in', request.storeIds as string[]),
      )
      .$if(after !== null, (q) =>
        q.where(
          sql<boolean>`(business_at, id) > (${(after as { at: Date }).at}, ${(after as { id: string }).id}::uuid)`,
        ),
      )
      .orderBy('business_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      storeId: r.store_id,
      at: r.business_at,
      customerId: r.customer_id,
    }));
  },
  async lines(db, heads) {
    const rows = await db
      .selectFrom('purchase_lines')
      .select([
        'purchase_id',
        'line_id',
        'sku',
        'weighted',
        'quantity',
        'unit_price_minor',
        'total_minor',
        'discount_minor',
      ])
      .where('purchase_id', '=', sql<string>`any(${heads.map((h) => h.id)}::uuid[])`)
      // A gift a promotion added is its outcome, not part of the cart the customer brought.
      .where('line_id', 'not like', 'gift:%')
      .orderBy('purchase_id')
      .orderBy('line_no')
      .execute();
    const byPurchase = new Map<string, Map<string, RequestLine>>();
    for (const line of rows) {
      const own = byPurchase.get(line.purchase_id) ?? new Map<string, RequestLine>();
      byPurchase.set(line.purchase_id, own);
      // A line the engine split in two (an uneven discount) is one line of the cart again.
      const seen = own.get(line.line_id);
      if (seen === undefined) {
        // The receipt keeps the price after discount for whole units, the regular one for
        // weighted goods; the cart had the regular price.
        own.set(line.line_id, {
          lineId: line.line_id,
          sku: line.sku,
          ...(line.weighted
            ? { unitPriceMinor: line.unit_price_minor, quantityMilli: line.quantity }
            : {
                unitPriceMinor: (line.total_minor + line.discount_minor) / line.quantity,
                quantity: line.quantity,
              }),
        });
      } else if (seen.quantity !== undefined) {
        seen.quantity += line.quantity;
      }
    }
    return new Map([...byPurchase].map(([id, lines]) => [id, [...lines.values()]]));
  },
};

const importedHistory: CheckSource = {
  async heads(db, request, after, limit) {
    const rows = await db
      .selectFrom('history_checks')
      .select(['check_id', 'store_id', 'business_at', 'customer_id'])
      .where('outlier', '=', false)
      .where('business_at', '>=', new Date(request.from))
      .where('business_at', '<', new Date(request.to))
      .$if(request.storeIds !== undefined, (q) =>
        q.where('store_id', 'in', request.storeIds as string[]),
      )
      .$if(after !== null, (q) =>
        q.where(
          sql<boolean>`(business_at, check_id) > (${(after as { at: Date }).at}, ${(after as { id: string }).id})`,
        ),
      )
      .orderBy('business_at')
      .orderBy('check_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.check_id,
      storeId: r.store_id,
      at: r.business_at,
      customerId: r.customer_id,
    }));
  },
  async lines(db, heads) {
    const rows = await db
      .selectFrom('history_check_lines')
      .select(['check_id', 'line_no', 'sku', 'quantity_milli', 'price_minor'])
      .where('check_id', '=', sql<string>`any(${heads.map((h) => h.id)}::text[])`)
      .orderBy('check_id')
      .orderBy('line_no')
      .execute();
    const byCheck = new Map<string, RequestLine[]>();
    for (const line of rows) {
      const own = byCheck.get(line.check_id) ?? [];
      byCheck.set(line.check_id, own);
      // History keeps thousandths for every line: whole pieces are units again.
      own.push({
        lineId: String(line.line_no),
        sku: line.sku,
        unitPriceMinor: line.price_minor,
        ...(line.quantity_milli % 1000 === 0
          ? { quantity: line.quantity_milli / 1000 }
          : { quantityMilli: line.quantity_milli }),
      });
    }
    return byCheck;
  },
};

/**
 * The page's checks as the engine prices them: product facts from today's catalogue, and each
 * customer's segments and tier as they are now (what they were on the day is not kept). A check
 * of a store since deleted is left out of the sums.
 */
async function pastChecks(
  db: Db,
  page: readonly StoredCheck[],
  stores: ReadonlyMap<string, WatchStore>,
): Promise<PastCheck[]> {
  const skus = [...new Set(page.flatMap((c) => c.lines.map((l) => l.sku)))];
  const customerIds = [...new Set(page.flatMap((c) => (c.customerId ? [c.customerId] : [])))];
  const [facts, tree, memberships, tiers] = await Promise.all([
    loadProductFacts(db, skus),
    loadCategoryTree(db),
    customerIds.length === 0
      ? []
      : db
          .selectFrom('segment_members')
          .select(['customer_id', 'segment_id'])
          .where('customer_id', '=', sql<string>`any(${customerIds}::uuid[])`)
          .execute(),
    customerIds.length === 0
      ? []
      : db
          .selectFrom('customer_tiers')
          .select(['customer_id', 'tier_id'])
          .where('customer_id', '=', sql<string>`any(${customerIds}::uuid[])`)
          .execute(),
  ]);
  const segments = new Map<string, string[]>();
  for (const m of memberships)
    segments.set(m.customer_id, [...(segments.get(m.customer_id) ?? []), m.segment_id]);
  const tierOf = new Map(tiers.map((t) => [t.customer_id, t.tier_id]));
  return page.flatMap((check) => {
    const store = stores.get(check.storeId);
    if (store === undefined || check.lines.length === 0) return [];
    const customer =
      check.customerId === null
        ? null
        : {
            id: check.customerId,
            segmentIds: segments.get(check.customerId) ?? [],
            tierId: tierOf.get(check.customerId) ?? null,
          };
    return [
      {
        id: check.id,
        at: check.at.toISOString(),
        store,
        customer,
        lines: buildCartLines(check.lines, facts, tree),
      },
    ];
  });
}
