import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { loadCategoryTree } from '../catalogue/categories.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { PerkError } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { currentRulesetSettings } from '../promotions/ruleset-versions.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { analysisSteps, type WatchInput } from './analyze.ts';
import type { Finding } from './findings.ts';
import type { WatchProduct } from './witness.ts';

/** Checks whose subtotals and prices the analysis reads: the most recent ones. */
export const RECENT_CHECKS = 1_000;
/** A combined discount above this share of a product's price is a margin risk, unless set. */
export const DEFAULT_MARGIN_CEILING_BP = 5_000;
// A product no recent check shows gets this price in examples (100 ₽), or a quarter above its
// minimum price, so a discount has room.
const DEFAULT_PRICE_MINOR = 10_000;

/**
 * Reads what the analysis needs: the active promotions (with `saving` in its place when given),
 * the catalogue with the prices of the last checks, stores, segment sizes (segments never
 * computed are left out: their size is unknown), usable coupon codes and recent subtotals.
 */
export async function loadWatchInput(
  db: Db,
  now: Date,
  saving: PromotionDefinition | null = null,
): Promise<WatchInput> {
  const [rows, settings, program, tree, products, stores, segments, recent, coupons] =
    await Promise.all([
      db.selectFrom('promotions').select('definition').where('status', '=', 'active').execute(),
      currentRulesetSettings(db),
      getProgramSettings(db),
      loadCategoryTree(db),
      db.selectFrom('products').selectAll().orderBy('sku').execute(),
      db.selectFrom('stores').select(['id', 'channel', 'time_zone']).orderBy('id').execute(),
      db
        .selectFrom('segments')
        .leftJoin('segment_members', 'segment_members.segment_id', 'segments.id')
        .select(['segments.id', sql<number>`count(segment_members.customer_id)::int`.as('size')])
        .where((eb) =>
          eb.or([eb('segments.kind', '=', 'static'), eb('segments.computed_at', 'is not', null)]),
        )
        .groupBy('segments.id')
        .execute(),
      db
        .selectFrom('purchases')
        .select('subtotal_minor')
        .where('cancelled', '=', false)
        .orderBy('business_at', 'desc')
        .orderBy('id', 'desc')
        .limit(RECENT_CHECKS)
        .execute(),
      db
        .selectFrom('coupon_series')
        .leftJoin('coupons', (join) =>
          join
            .onRef('coupons.series_id', '=', 'coupon_series.id')
            .on((eb) =>
              eb.or([
                eb('coupons.max_uses', 'is', null),
                eb('coupons.uses', '<', eb.ref('coupons.max_uses')),
              ]),
            ),
        )
        .select(['coupon_series.promotion_id', sql<number>`count(coupons.code)::int`.as('left')])
        .where((eb) =>
          eb.or([eb('coupon_series.valid_to', 'is', null), eb('coupon_series.valid_to', '>', now)]),
        )
        .groupBy('coupon_series.promotion_id')
        .execute(),
    ]);
  const seriesOwners = await db
    .selectFrom('coupon_series')
    .select('promotion_id')
    .distinct()
    .execute();
  const prices = await lastPrices(db);
  const couponsLeft = new Map(seriesOwners.map((r) => [r.promotion_id, 0]));
  for (const c of coupons) couponsLeft.set(c.promotion_id, Number(c.left));
  const promotions = rows
    .map((r) => r.definition as PromotionDefinition)
    .filter((p) => p.id !== saving?.id);
  if (saving !== null) promotions.push(saving);
  return {
    world: {
      now: now.toISOString(),
      settings,
      products: products.map(
        (p): WatchProduct => ({
          sku: p.sku,
          categoryIds: p.category_id === null ? [] : [...tree.withAncestors(p.category_id)],
          ...(p.brand === null ? {} : { brand: p.brand }),
          attributes: p.attributes,
          tags: p.tags,
          ...(p.min_price_minor === null ? {} : { minPriceMinor: p.min_price_minor }),
          ...(p.no_discount ? { noDiscount: true } : {}),
          priceMinor:
            prices.get(p.sku) ??
            (p.min_price_minor === null
              ? DEFAULT_PRICE_MINOR
              : Math.ceil((p.min_price_minor * 5) / 4)),
        }),
      ),
      stores: stores.map((s) => ({ id: s.id, channel: s.channel, timeZone: s.time_zone })),
      segmentSizes: new Map(segments.map((s) => [s.id, Number(s.size)])),
      pointValueMinor: program.pointValueMinor,
      currency: program.currency,
    },
    promotions: promotions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    couponsLeft,
    recentSubtotalsMinor: recent.map((r) => r.subtotal_minor),
    marginCeilingBp: settings.marginCeilingBp ?? DEFAULT_MARGIN_CEILING_BP,
  };
}

/** The regular unit price of each SKU on the most recent of the last checks that sold it. */
async function lastPrices(db: Db): Promise<Map<string, number>> {
  const recent = db
    .selectFrom('purchases')
    .select('id')
    .where('cancelled', '=', false)
    .orderBy('business_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECENT_CHECKS);
  const rows = await db
    .selectFrom('purchase_lines')
    .innerJoin('purchases', 'purchases.id', 'purchase_lines.purchase_id')
    .select(['purchase_lines.sku', 'purchase_lines.unit_price_minor'])
    .where('purchases.id', 'in', recent)
    .where('purchase_lines.weighted', '=', false)
    .orderBy('purchases.business_at', 'asc')
    .orderBy('purchases.id', 'asc')
    .execute();
  const prices = new Map<string, number>();
  for (const r of rows) prices.set(r.sku, r.unit_price_minor);
  return prices;
}

// The analysis of a ruleset of a hundred promotions takes tens of seconds of CPU (every pair
// prices example carts); in one piece it held the event loop so long that calculations queued
// behind it (bench/RESULTS.md). It gives the loop a turn after at most this much work.
const ANALYSIS_SLICE_MS = 5;

/** `analyze`, letting requests in between its steps. */
async function analyzeInTurns(
  input: WatchInput,
  focus: readonly string[] | null,
): Promise<Finding[]> {
  const steps = analysisSteps(input, focus);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= ANALYSIS_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Findings about one promotion as it is being saved, over the ruleset it would join. */
export async function findingsForSave(
  db: Db,
  definition: PromotionDefinition,
  now: Date,
): Promise<Finding[]> {
  const input = await loadWatchInput(db, now, definition);
  return analyzeInTurns(input, [definition.id]);
}

/**
 * Activation stops at a finding of severity `error` about the promotion (422
 * `activation_findings`, the findings in the answer) unless `overrideReason` says why it should go
 * ahead; an override is audited with the findings it passed over.
 */
export async function guardActivation(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  findings: readonly Finding[],
  overrideReason: string | undefined,
): Promise<void> {
  const errors = findings.filter((f) => f.severity === 'error' && f.promotionIds[0] === id);
  if (errors.length === 0) return;
  if (overrideReason === undefined || overrideReason.trim() === '') {
    throw new PerkError(
      'unprocessable',
      'activation_findings',
      `Activation refused: ${errors.length} finding(s) of severity error; send overrideReason to activate anyway`,
      {
        problems: errors.map((f) => ({ field: '/status', code: f.cause, message: f.text.en })),
        details: { findings: errors },
      },
    );
  }
  await recordAudit(db, actor, {
    action: 'promotion.findings_overridden',
    entityType: 'promotion',
    entityId: id,
    after: {
      reason: overrideReason,
      findings: errors.map((f) => ({ cause: f.cause, promotionIds: f.promotionIds })),
    },
  });
}

export interface WatchRun {
  analyzedAt: string;
  promotions: number;
  findings: Finding[];
}

/**
 * The nightly run: analyses the whole active ruleset as of `now` and keeps the findings (a run
 * again at the same instant adds one more identical row, harmless).
 */
export async function runNightlyWatch(db: Db, now: Date): Promise<WatchRun> {
  const input = await loadWatchInput(db, now);
  const findings = await analyzeInTurns(input, null);
  await db
    .insertInto('watch_runs')
    .values({
      analyzed_at: now,
      promotions: input.promotions.length,
      findings: JSON.stringify(findings),
    })
    .execute();
  return { analyzedAt: now.toISOString(), promotions: input.promotions.length, findings };
}

/** The latest nightly run's findings; null before the first. */
export async function latestWatchRun(db: Db): Promise<WatchRun | null> {
  const row = await db
    .selectFrom('watch_runs')
    .selectAll()
    .orderBy('analyzed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    analyzedAt: row.analyzed_at.toISOString(),
    promotions: row.promotions,
    findings: row.findings as Finding[],
  };
}

/**
 * How long a node answers an analysis it made, while the ruleset, catalogue and stores stay as
 * they were (ms).
 */
const KEPT_ANALYSIS_MS = 5 * 60_000;

/**
 * The whole active ruleset's findings as the watch page asks for them, kept by this node. An
 * analysis prices example carts for every pair of promotions (a quarter of a second for the
 * demo's 18 promotions, a minute for a hundred), and the page is opened far more often than the
 * rules change. A kept analysis is answered while the settled part of its input is the same and
 * it is younger than `keptMs`: what trading moves (prices of recent checks, subtotals, segment
 * sizes, codes left) may be that much older than the answer, whose `analyzedAt` says when it was
 * made. Requests that arrive while an analysis runs share it.
 */
export class CurrentWatch {
  private kept: { key: string; at: number; run: Promise<WatchRun> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly keptMs = KEPT_ANALYSIS_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run(): Promise<WatchRun> {
    const now = this.clock();
    const input = await loadWatchInput(this.db, now);
    const key = settledKey(input);
    const kept = this.kept;
    if (kept !== undefined && kept.key === key && now.getTime() - kept.at < this.keptMs) {
      return kept.run;
    }
    const entry = { key, at: now.getTime(), run: analyzeRun(input) };
    this.kept = entry;
    entry.run.catch(() => {
      if (this.kept === entry) this.kept = undefined;
    });
    return entry.run;
  }
}

async function analyzeRun(input: WatchInput): Promise<WatchRun> {
  return {
    analyzedAt: input.world.now,
    promotions: input.promotions.length,
    findings: await analyzeInTurns(input, null),
  };
}

/**
 * A digest of the input without what trading moves: prices and subtotals of recent checks, and
 * segment sizes and codes left, of which only "none" makes a finding.
 */
function settledKey(input: WatchInput): string {
  const { world } = input;
  const settled = {
    promotions: input.promotions,
    marginCeilingBp: input.marginCeilingBp,
    settings: world.settings,
    pointValueMinor: world.pointValueMinor,
    currency: world.currency,
    products: world.products.map(({ priceMinor: _, ...facts }) => facts),
    stores: world.stores,
    populatedSegments: [...world.segmentSizes].filter(([, size]) => size > 0).map(([id]) => id),
    exhaustedCoupons: [...input.couponsLeft].filter(([, left]) => left === 0).map(([id]) => id),
  };
  return createHash('sha256').update(JSON.stringify(settled)).digest('base64url');
}
