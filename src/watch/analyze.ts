import { localDate } from '../calendar/time-zone.ts';
import type { Calculation } from '../engine/model/calculation.ts';
import { mulDivFloor } from '../engine/money/rounding.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import {
  type ExampleCart,
  type Finding,
  type FindingCause,
  type FindingKind,
  findingText,
  type Severity,
} from './findings.ts';
import {
  asActive,
  type ExampleLine,
  type ExampleSetting,
  exampleCart,
  exampleSetting,
  findWitness,
  matchingProducts,
  priceExample,
  searchedCarts,
  selectorsOf,
  staticCart,
  thresholdOf,
  type WatchWorld,
} from './witness.ts';

/** What the analysis runs over, besides the world: the ruleset and what was seen of it. */
export interface WatchInput {
  readonly world: WatchWorld;
  /** The ruleset as it would run: the active promotions, with the one being saved in place. */
  readonly promotions: readonly PromotionDefinition[];
  /** Codes still usable per coupon promotion that has series (absent: it has none). */
  readonly couponsLeft: ReadonlyMap<string, number>;
  /** Subtotals of the last checks (the most recent N). */
  readonly recentSubtotalsMinor: readonly number[];
  /** A product's combined discount above this is a margin risk (basis points). */
  readonly marginCeilingBp: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
// Carts a promotion is tried on before "always suppressed" is said of it.
const SUPPRESSION_CARTS = 20;

/**
 * Findings about `focus` (promotion ids; null: the whole ruleset), in a stable order: by
 * promotion, then severity, cause and the other promotion. Pure and deterministic: every example
 * cart comes from the catalogue or a seeded search and is priced by the real engine.
 */
export function analyze(input: WatchInput, focus: readonly string[] | null): Finding[] {
  const steps = analysisSteps(input, focus);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `analyze` in steps: it pauses after each pair of promotions compared (a pair prices example
 * carts, milliseconds each), so a caller can give the event loop a turn between them.
 */
export function* analysisSteps(
  input: WatchInput,
  focus: readonly string[] | null,
): Generator<void, Finding[], void> {
  const ruleset = input.promotions.filter((p) => p.mechanic.kind !== 'manual-discount');
  const names = new Map(input.promotions.map((p) => [p.id, p.name]));
  const ids = focus ?? ruleset.map((p) => p.id);
  const findings: Finding[] = [];
  const finding = (
    kind: FindingKind,
    cause: FindingCause,
    severity: Severity,
    promotionIds: string[],
    details: Record<string, string | number>,
    example: ExampleCart | null = null,
  ) => {
    const text = findingText(cause, promotionIds, names, details, input.world.currency);
    findings.push({ kind, cause, severity, promotionIds, example, details, text });
  };
  const seenPairs = new Set<string>();
  for (const id of [...new Set(ids)].sort()) {
    const promotion = ruleset.find((p) => p.id === id);
    if (promotion === undefined) continue;
    const opens = neverFires(promotion, input, finding);
    if (!opens) continue;
    for (const other of ruleset) {
      const key = [id, other.id].sort().join('\u0000');
      if (other.id === id || seenPairs.has(key)) continue;
      seenPairs.add(key);
      overlap(promotion, other, input, finding);
      yield;
    }
    alwaysSuppressed(promotion, ruleset, input, finding);
    minPriceOnly(promotion, input, finding);
  }
  return findings.sort(
    (a, b) =>
      ids.indexOf(a.promotionIds[0] ?? '') - ids.indexOf(b.promotionIds[0] ?? '') ||
      (a.promotionIds[0] ?? '').localeCompare(b.promotionIds[0] ?? '') ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.cause.localeCompare(b.cause) ||
      (a.promotionIds[1] ?? '').localeCompare(b.promotionIds[1] ?? ''),
  );
}

type Report = (
  kind: FindingKind,
  cause: FindingCause,
  severity: Severity,
  promotionIds: string[],
  details: Record<string, string | number>,
  example?: ExampleCart | null,
) => void;

/** Reports why a promotion can never fire; true when it may (then the other checks run). */
function neverFires(p: PromotionDefinition, input: WatchInput, report: Report): boolean {
  const { world } = input;
  const nowMs = Date.parse(world.now);
  const todayEverywhere = world.stores.map((s) => localDate(new Date(nowMs), s.timeZone)).sort();
  const latestToday = todayEverywhere[0];
  const endedAt = p.validTo !== undefined && Date.parse(p.validTo) <= nowMs;
  const endedOn =
    p.validToDate !== undefined && latestToday !== undefined && p.validToDate < latestToday;
  if (endedAt || endedOn) {
    report('never_fires', 'validity_over', 'warning', [p.id], {
      validTo: p.validTo ?? p.validToDate ?? '',
    });
    return false;
  }
  let opens = true;
  const emptySelector = selectorsOf(p).findIndex(
    (s) => matchingProducts(s, world.products).length === 0,
  );
  if (emptySelector !== -1) {
    report('never_fires', 'empty_scope', 'warning', [p.id], { selector: emptySelector });
    opens = false;
  }
  const segments = p.audience?.segmentIds;
  if (segments?.every((s) => (world.segmentSizes.get(s) ?? 0) === 0)) {
    report('never_fires', 'empty_segment', 'warning', [p.id], { segments: segments.join(', ') });
    opens = false;
  }
  if (world.stores.length > 0 && exampleSetting([p], world, true) === null) {
    report('never_fires', 'schedule_never_open', 'error', [p.id], { stores: world.stores.length });
    opens = false;
  }
  const left = input.couponsLeft.get(p.id);
  if (p.couponRequired === true && left === 0) {
    report('never_fires', 'coupons_exhausted', 'error', [p.id], { codesLeft: 0 });
    opens = false;
  }
  const threshold = thresholdOf(p);
  const checks = input.recentSubtotalsMinor;
  if (threshold > 0 && checks.length > 0) {
    const largest = Math.max(...checks);
    if (largest < threshold) {
      report('never_fires', 'threshold_unreached', 'warning', [p.id], {
        thresholdMinor: threshold,
        largestMinor: largest,
        checks: checks.length,
      });
    }
  }
  return opens;
}

/** Input lines (by id) a promotion discounted or gave points on in a calculation. */
function linesOf(calculation: Calculation, id: string): Set<string> {
  const found = new Set<string>();
  for (const l of calculation.lines) {
    if (l.gift) continue;
    if (l.promotions.some((a) => a.promotionId === id)) found.add(l.lineId);
    if (l.bonusByPromotion.some((a) => a.promotionId === id)) found.add(l.lineId);
  }
  return found;
}

function applied(calculation: Calculation, id: string): boolean {
  return calculation.explanations.some((e) => e.promotionId === id && e.applied);
}

/**
 * Two promotions that can apply to the same units at the same time, store and audience: shown by
 * a cart on which each alone touches a shared line; priced together, both apply (`stacked`, with
 * the combined discount and the margin ceiling checked) or one keeps the other out (`suppressed`).
 */
function overlap(
  p: PromotionDefinition,
  q: PromotionDefinition,
  input: WatchInput,
  report: Report,
): void {
  const { world } = input;
  const pScopes = selectorsOf(p);
  const qScopes = selectorsOf(q);
  const reach = (scopes: typeof pScopes) =>
    new Set(
      (scopes.length === 0 ? [{}] : scopes).flatMap((s) =>
        matchingProducts(s, world.products).map((x) => x.sku),
      ),
    );
  const pReach = reach(pScopes);
  if (![...reach(qScopes)].some((sku) => pReach.has(sku))) return;
  const pair = [asActive(p), asActive(q)];
  const setting = exampleSetting(pair, world);
  if (setting === null) return;
  let together: Calculation | null = null;
  const lines = findWitness(pair, world, (candidate) => {
    const alone = pair.map((x) => priceExample([x], setting, candidate, world));
    const [pAlone, qAlone] = alone as [Calculation, Calculation];
    if (!applied(pAlone, p.id) || !applied(qAlone, q.id)) return false;
    const qLines = linesOf(qAlone, q.id);
    if (![...linesOf(pAlone, p.id)].some((l) => qLines.has(l))) return false;
    together = priceExample(pair, setting, candidate, world);
    return true;
  });
  const both = together as Calculation | null;
  if (lines === null || both === null) return;
  const example = exampleCart(setting, lines, both, [p.id, q.id]);
  const pIn = applied(both, p.id);
  const qIn = applied(both, q.id);
  if (pIn && qIn) {
    const shared = [...linesOf(both, p.id)].filter((l) => linesOf(both, q.id).has(l));
    const onShared = both.lines.filter((l) => shared.includes(l.lineId));
    const discount = onShared.reduce((s, l) => s + l.discountMinor, 0);
    const regular = onShared.reduce((s, l) => s + l.regularTotalMinor, 0);
    const combinedBp = regular === 0 ? 0 : mulDivFloor(discount, 10_000, regular);
    report(
      'overlap',
      'stacked',
      'info',
      [p.id, q.id],
      {
        combinedDiscountMinor: discount,
        combinedBp,
      },
      example,
    );
    overCeiling(both, lines, p, q, input, example, report);
    return;
  }
  const loser = pIn ? q.id : p.id;
  const winner = pIn ? p.id : q.id;
  const why = both.explanations.find((e) => e.promotionId === loser);
  if (why?.code !== 'suppressed_by') return;
  report('overlap', 'suppressed', 'warning', [loser, winner], {}, example);
}

function overCeiling(
  calculation: Calculation,
  lines: readonly ExampleLine[],
  p: PromotionDefinition,
  q: PromotionDefinition,
  input: WatchInput,
  example: ExampleCart,
  report: Report,
): void {
  for (const l of calculation.lines) {
    if (l.gift || l.regularTotalMinor === 0) continue;
    const effectiveBp = mulDivFloor(l.discountMinor, 10_000, l.regularTotalMinor);
    if (effectiveBp <= input.marginCeilingBp) continue;
    const sku = lines[Number(l.lineId) - 1]?.sku ?? l.sku;
    report(
      'margin_risk',
      'over_ceiling',
      'warning',
      [p.id, q.id],
      {
        sku,
        effectiveBp,
        ceilingBp: input.marginCeilingBp,
      },
      example,
    );
    return;
  }
}

/**
 * A promotion that applies alone on every cart tried but on none under the whole ruleset, kept
 * out each time by another (the first cart's is named).
 */
function alwaysSuppressed(
  p: PromotionDefinition,
  ruleset: readonly PromotionDefinition[],
  input: WatchInput,
  report: Report,
): void {
  const { world } = input;
  const target = asActive(p);
  const others = ruleset.filter((x) => x.id !== p.id && x.status === 'active');
  if (others.length === 0) return;
  const everyone = [target, ...others];
  const setting = exampleSetting([target], world);
  if (setting === null) return;
  const first = staticCart([target], world);
  const carts = [...(first === null ? [] : [first]), ...searchedCarts([target], world)];
  let tried = 0;
  let example: { lines: ExampleLine[]; calculation: Calculation; by: string } | null = null;
  for (const lines of carts) {
    if (tried >= SUPPRESSION_CARTS) break;
    if (!applied(priceExample([target], setting, lines, world), p.id)) continue;
    tried += 1;
    const calculation = priceExample(everyone, setting, lines, world);
    const why = calculation.explanations.find((e) => e.promotionId === p.id);
    if (why === undefined || why.code !== 'suppressed_by') return;
    example ??= { lines, calculation, by: String(why.params.promotionId) };
  }
  if (example === null) return;
  report(
    'never_fires',
    'always_suppressed',
    'warning',
    [p.id, example.by],
    { cartsTried: tried },
    exampleCart(setting, example.lines, example.calculation, [p.id, example.by]),
  );
}

/**
 * A promotion held at the minimum price on every product of its scope that has one (all of them
 * must): the marketer sees the effective discount instead of the nominal one.
 */
function minPriceOnly(p: PromotionDefinition, input: WatchInput, report: Report): void {
  const { world } = input;
  const scope = selectorsOf(p)[0];
  if (scope === undefined) return;
  const products = matchingProducts(scope, world.products).slice(0, 50);
  if (products.length === 0 || products.some((x) => x.minPriceMinor === undefined)) return;
  const target = asActive(p);
  const setting = exampleSetting([target], world);
  if (setting === null) return;
  let shown: { lines: ExampleLine[]; calculation: Calculation } | null = null;
  for (const product of products) {
    const lines = staticCart([target], { ...world, products: [product] });
    if (lines === null) return;
    const calculation = priceExample([target], setting, lines, world);
    const why = calculation.explanations.find((e) => e.promotionId === p.id);
    const capped = why?.notes.some((n) => n.code === 'capped_by_min_price') ?? false;
    if (!capped) return;
    shown ??= { lines, calculation };
  }
  if (shown === null) return;
  const regular = shown.calculation.subtotalMinor;
  const effectiveBp =
    regular === 0 ? 0 : mulDivFloor(shown.calculation.discountMinor, 10_000, regular);
  const mechanic = p.mechanic as { percentBp?: number };
  report(
    'margin_risk',
    'min_price_only',
    'warning',
    [p.id],
    {
      sku: shown.lines[0]?.sku ?? '',
      effectiveBp,
      nominalBp: mechanic.percentBp ?? 0,
    },
    exampleCart(setting, shown.lines, shown.calculation, [p.id]),
  );
}

export type { ExampleSetting };
