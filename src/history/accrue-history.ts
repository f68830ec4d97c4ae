import { sql } from 'kysely';
import { accrualExcludedLineIds } from '../carts/accrual-exclusions.ts';
import { buildCartLines } from '../carts/cart-lines.ts';
import { loadCategoryTree } from '../catalogue/categories.ts';
import { loadProductFacts } from '../catalogue/product-facts.ts';
import type { CartLine } from '../engine/model/cart.ts';
import { accrue } from '../ledger/accrual.ts';
import { accrualRateBpFor, type ProgramSettings } from '../ledger/program-settings.ts';
import { lockAccounts } from '../points/accounts.ts';
import { accrueInFrame } from '../points/accrue-points.ts';
import { operationHash } from '../points/operations.ts';
import { PointsFrame } from '../points/points-frame.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import { applyTierRates, cartTier } from '../tiers/current-tier.ts';
import { getTierProgram } from '../tiers/tier-program-store.ts';
import type { HistoryLineInput } from './history-line.ts';

/** What accruing on imported checks did. */
export interface HistoryAccrual {
  /** Checks that accrued now (a check whose lines earn nothing counts, with 0 points). */
  checks: number;
  points: number;
  /** Of `points`, those on lots whose validity had already ended: expired at once. */
  expiredPoints: number;
}

/**
 * Points one imported check accrues under the programme's rules for a customer of `tierId`
 * (`settings` with the tier's rates applied): the rate on the money paid for each line (the
 * check's own `paidMinor`, after its old discounts: no promotion is priced again), rounded once
 * per rate as a live check is; lines the catalogue marks `noAccrual` earn nothing and lines the
 * programme's `accrualExclusions` pick earn no rate. No promotion bonus.
 */
export function historyCheckPoints(
  lines: readonly { cartLine: CartLine; paidMinor: number }[],
  settings: ProgramSettings,
  tierId: string | null,
): number {
  const excluded = accrualExcludedLineIds(
    settings,
    lines.map((l) => l.cartLine),
  );
  const rateBp = accrualRateBpFor(settings, tierId);
  return accrue({
    lines: lines.map(({ cartLine, paidMinor }) => ({
      lineId: cartLine.lineId,
      paidMinor,
      noAccrual: cartLine.noAccrual ?? false,
      excluded: excluded.has(cartLine.lineId),
      rateBp,
    })),
    checkBonusPoints: 0,
    pointValueMinor: settings.pointValueMinor,
    rounding: settings.accrualRounding,
  }).points;
}

/** The operation key of a check's accrual: one per check id, so it can never be booked twice. */
const historyAccrualKey = (checkId: string) => `history:${checkId}:accrue`;

/**
 * Accrues, in the caller's transaction, on those of `checks` (stored already, with the lines
 * given) that have a customer, are no outliers and have not accrued yet: their rows are locked
 * and marked with the points, so a concurrent or later run skips them. Today's programme
 * settings and each customer's tier today give the rate. Per customer, accounts in sorted order,
 * one {@link PointsFrame} books each check as a live purchase's accrual (operation
 * `history:<checkId>:accrue`, lot source `purchase`, purchase id `history:<checkId>`), dated at
 * the check's business time: a lot whose return period has passed is active at once, and one
 * whose validity has ended expires at once through the normal expiry (entries dated at its own
 * instants), so the books read as if it had been accrued then.
 */
export async function accrueHistoryChecks(
  trx: Db,
  checks: readonly { checkId: string; lines: readonly HistoryLineInput[] }[],
  now: number,
): Promise<HistoryAccrual> {
  if (checks.length === 0) return { checks: 0, points: 0, expiredPoints: 0 };
  // Locked in check order, so two runs over the same checks queue; the second then sees the mark.
  const { rows: due } = await sql<DueCheck>`
    SELECT check_id, customer_id, business_at FROM history_checks
    WHERE check_id = any(${checks.map((c) => c.checkId)}::text[])
      AND accrued_points IS NULL AND NOT outlier AND customer_id IS NOT NULL
    ORDER BY check_id FOR UPDATE`.execute(trx);
  if (due.length === 0) return { checks: 0, points: 0, expiredPoints: 0 };
  const { settings, planned } = await pointsOfChecks(trx, due, checks);
  await sql`
    UPDATE history_checks h SET accrued_points = v.points
    FROM unnest(${planned.map((p) => p.checkId)}::text[], ${planned.map((p) => p.points)}::bigint[])
      AS v (check_id, points)
    WHERE h.check_id = v.check_id`.execute(trx);
  return bookAccruals(trx, planned, settings, now);
}

interface DueCheck {
  check_id: string;
  customer_id: string;
  business_at: Date;
}

interface PlannedAccrual {
  checkId: string;
  customerId: string;
  at: Date;
  points: number;
}

/** Each due check's points under today's settings and its customer's tier today. */
async function pointsOfChecks(
  trx: Db,
  due: readonly DueCheck[],
  checks: readonly { checkId: string; lines: readonly HistoryLineInput[] }[],
): Promise<{ settings: ProgramSettings; planned: PlannedAccrual[] }> {
  const linesOf = new Map(checks.map((c) => [c.checkId, c.lines]));
  const customers = [...new Set(due.map((row) => row.customer_id))];
  const skus = [...new Set(checks.flatMap((c) => c.lines.map((l) => l.sku)))];
  const [settings, tiers, facts, tree, held] = await Promise.all([
    getProgramSettings(trx),
    getTierProgram(trx),
    loadProductFacts(trx, skus),
    loadCategoryTree(trx),
    trx
      .selectFrom('customer_tiers')
      .select(['customer_id', 'tier_id'])
      .where('customer_id', '=', sql<string>`any(${customers}::uuid[])`)
      .execute(),
  ]);
  const storedTier = new Map(held.map((row) => [row.customer_id, { tierId: row.tier_id }]));
  const rules = new Map(
    customers.map((customerId) => {
      const tier = cartTier(tiers?.program ?? null, storedTier.get(customerId) ?? null);
      return [customerId, { settings: applyTierRates(settings, tier.tierId, tier.rates), tier }];
    }),
  );
  const planned = due.map((row) => {
    const lines = linesOf.get(row.check_id) ?? [];
    const cartLines = buildCartLines(
      lines.map((l, i) => ({
        lineId: String(i + 1),
        sku: l.sku,
        unitPriceMinor: l.priceMinor,
        quantityMilli: l.quantityMilli,
      })),
      facts,
      tree,
    );
    const rule = rules.get(row.customer_id);
    if (!rule) throw new Error(`no rules for customer ${row.customer_id}`);
    const points = historyCheckPoints(
      cartLines.map((cartLine, i) => ({ cartLine, paidMinor: lines[i]?.paidMinor ?? 0 })),
      rule.settings,
      rule.tier.tierId,
    );
    return { checkId: row.check_id, customerId: row.customer_id, at: row.business_at, points };
  });
  return { settings, planned };
}

/** Books the planned accruals, one frame per customer, customers in sorted order. */
async function bookAccruals(
  trx: Db,
  planned: readonly PlannedAccrual[],
  settings: ProgramSettings,
  now: number,
): Promise<HistoryAccrual> {
  const done: HistoryAccrual = { checks: 0, points: 0, expiredPoints: 0 };
  const byCustomer = new Map<string, PlannedAccrual[]>();
  for (const check of planned.toSorted((a, b) => a.at.getTime() - b.at.getTime())) {
    const own = byCustomer.get(check.customerId);
    if (own) own.push(check);
    else byCustomer.set(check.customerId, [check]);
  }
  const customers = [...byCustomer.keys()].sort();
  // Every account at once, created where missing, in sorted order: each frame then finds its own
  // locked already, and customers new to points cost two statements in all, not two more each.
  await lockAccounts(trx, customers);
  for (const customerId of customers) {
    const frame = await PointsFrame.open(trx, customerId, now, false);
    for (const check of byCustomer.get(customerId) ?? []) {
      const operationId = historyAccrualKey(check.checkId);
      const input = {
        purchaseId: `history:${check.checkId}`,
        points: check.points,
        earnedAt: check.at.getTime(),
      };
      const accrued = accrueInFrame(frame, { operationId, ...input, settings });
      const inputHash = operationHash('accrue', { customerId, input });
      frame.record({ key: operationId, kind: 'accrue', inputHash, claimed: false }, accrued);
      done.checks++;
      done.points += check.points;
      const expiresAt = accrued.lot?.expiresAt ?? null;
      if (expiresAt !== null && expiresAt <= now) done.expiredPoints += check.points;
    }
    // Lots whose validity ended before the import expire now, each entry at its own instant.
    frame.bookDue();
    await frame.write(trx);
  }
  return done;
}
