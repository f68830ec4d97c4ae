import { type RawBuilder, sql } from 'kysely';
import type { EpochMs } from '../calendar/day-number.ts';
import { planExpiry } from '../ledger/lots.ts';
import {
  activationPostings,
  balanceFromEntries,
  checkPosting,
  expiryPostings,
  type Posting,
  remainingByLot,
} from '../ledger/postings.ts';
import type { Db } from '../store/database.ts';
import {
  type AccountBalance,
  customerMerged,
  insufficientPoints,
  lockCustomerAccount,
} from './accounts.ts';
import { type LotRow, lotOf, type NewLot } from './lot-rows.ts';

/** An operation the frame records with its result when it writes (its key is new by design). */
export interface FrameOperation {
  key: string;
  kind: string;
  inputHash: string;
  /** True for a key claimed earlier in the transaction (`claimOperation`): only its result is set. */
  claimed: boolean;
}

/**
 * One customer's points inside one transaction: the account locked once, due activations and
 * expiries booked once, then any number of operations (redeem, accrue, restore, take back,
 * bonus, adjust) planned in memory against the lots and balance as they stand, and everything
 * written at the end in one statement ({@link PointsFrame.write}): operations with their
 * results, new lots already holding their points, entries, lot changes and the account.
 */
export class PointsFrame {
  private readonly lots = new Map<string, LotRow>();
  private readonly created = new Set<string>();
  private readonly activated = new Set<string>();
  private readonly entries: { operationKey: string | null; posting: Posting }[] = [];
  private readonly operations: { operation: FrameOperation; result: unknown }[] = [];
  private allOpenLoaded = false;
  /**
   * Points the lots read at open hold at the front of the spending order, for the first draw;
   * null once anything has moved since (a later draw reads every open lot).
   */
  private covered: number | null = null;
  /** What opening the frame booked: lots that became spendable, lots written off. */
  readonly due = { activated: 0, expired: 0 };

  private constructor(
    readonly customerId: string,
    /** Processing time, epoch ms: what is due is due at it. */
    readonly now: EpochMs,
    private account: AccountBalance,
    private readonly written: AccountBalance,
  ) {}

  /**
   * Locks the customer's account (and its customer row against a merge) and books what fell due
   * by `now`. `spends` says what the frame will draw from lots: `true` (a take-back, a debit)
   * loads every open lot at once; a number of points (a redemption) only the due lots and the
   * first lots in spending order that hold that many, so what a commit carries back does not
   * grow with the customer's open lots (a card used at every till of a chain holds thousands);
   * `false` only the due ones. Refusals: `customer_not_found` (404), `customer_merged` (409).
   */
  static async open(
    trx: Db,
    customerId: string,
    now: EpochMs,
    spends: boolean | number,
  ): Promise<PointsFrame> {
    const locked = await lockCustomerAccount(trx, customerId);
    if (locked.mergedInto !== null) throw customerMerged(customerId, locked.mergedInto);
    const frame = new PointsFrame(customerId, now, locked.account, locked.account);
    const at = new Date(now);
    // A template, not a builder: every points operation sends it, and building and compiling
    // the builder's tree cost more than the rest of the frame's work.
    const { rows } = await (spends === true
      ? sql<LotRow>`SELECT * FROM points_lots WHERE customer_id = ${customerId}
          AND (remaining > 0 OR (activated = false AND activates_at <= ${at}))
          ORDER BY earned_at, id`
      : spends === false || spends <= 0
        ? sql<LotRow>`SELECT * FROM points_lots WHERE customer_id = ${customerId}
          AND ((activated = false AND activates_at <= ${at})
            OR (remaining > 0 AND expires_at <= ${at}))
          ORDER BY earned_at, id`
        : dueAndCovering(customerId, at, spends)
    ).execute(trx);
    for (const row of rows) frame.lots.set(row.id, { ...row });
    frame.allOpenLoaded = spends === true;
    const booked = frame.bookDue();
    frame.due.activated = booked.activated;
    frame.due.expired = booked.expired;
    if (typeof spends === 'number' && spends > 0) frame.covered = spends;
    return frame;
  }

  /** The balance with everything planned so far. */
  balance(): AccountBalance {
    return { ...this.account };
  }

  /** Whether every open lot of the customer is in the frame. */
  get complete(): boolean {
    return this.allOpenLoaded;
  }

  /**
   * The open lots to plan a draw of `points` on, oldest first: those read at open when they were
   * read for at least that many and nothing has moved since — every lot left unread comes after
   * them in spending order, so a plan that they satisfy is the plan all lots would give; every
   * open lot otherwise. A plan they cannot satisfy (a check dated past an expiry the frame's
   * clock has not reached) asks {@link openLots} and plans again.
   */
  async lotsToDraw(trx: Db, points: number): Promise<LotRow[]> {
    if (this.covered !== null && points <= this.covered) return this.openRows();
    return this.openLots(trx);
  }

  /** The customer's lots that still hold points, oldest first (loaded when not yet). */
  async openLots(trx: Db): Promise<LotRow[]> {
    if (!this.allOpenLoaded) {
      const rows = await trx
        .selectFrom('points_lots')
        .selectAll()
        .where('customer_id', '=', this.customerId)
        .where('remaining', '>', 0)
        .execute();
      for (const row of rows) if (!this.lots.has(row.id)) this.lots.set(row.id, { ...row });
      this.allOpenLoaded = true;
    }
    return this.openRows();
  }

  private openRows(): LotRow[] {
    return [...this.lots.values()]
      .filter((row) => row.remaining > 0)
      .sort(
        (a, b) =>
          a.earned_at.getTime() - b.earned_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
  }

  /** Reads into the frame those of `lotIds` it does not hold yet (lots a return gives back to). */
  async loadLots(trx: Db, lotIds: readonly string[]): Promise<void> {
    const missing = lotIds.filter((id) => !this.lots.has(id));
    if (missing.length === 0) return;
    const rows = await trx
      .selectFrom('points_lots')
      .selectAll()
      .where('customer_id', '=', this.customerId)
      .where('id', 'in', missing)
      .execute();
    for (const row of rows) this.lots.set(row.id, { ...row });
  }

  /** Adds a lot holding nothing yet: the entry creating it fills it (see {@link post}). */
  addLot(lot: NewLot & { lotId: string }): void {
    this.covered = null;
    this.lots.set(lot.lotId, {
      id: lot.lotId,
      customer_id: this.customerId,
      source: lot.source,
      purchase_id: lot.purchaseId,
      reason: lot.reason,
      earned_at: new Date(lot.earnedAt),
      activates_at: new Date(lot.activatesAt),
      expires_at: lot.expiresAt === null ? null : new Date(lot.expiresAt),
      amount: lot.amount,
      remaining: 0,
      activated: lot.activated,
      operation_key: lot.operationKey,
      created_at: new Date(this.now),
    });
    this.created.add(lot.lotId);
  }

  /**
   * Books `postings` in memory: lots and the account move by their effect. A lot drawn below
   * zero is refused with `insufficient_points`, as the guarded update in {@link write} would.
   */
  post(operationKey: string | null, postings: readonly Posting[]): void {
    for (const posting of postings) {
      const problems = checkPosting(posting);
      // The builders make only allowed moves; a problem here is a bug, not a refusal.
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
    }
    this.covered = null;
    for (const [lotId, change] of remainingByLot(postings)) {
      const lot = this.lots.get(lotId);
      if (!lot) throw new Error(`lot ${lotId} is not in this frame`);
      if (lot.remaining + change < 0) throw insufficientPoints(-change, 0);
      lot.remaining += change;
    }
    const delta = balanceFromEntries(postings);
    this.account = {
      active: this.account.active + delta.active,
      pending: this.account.pending + delta.pending,
      debt: this.account.debt + delta.debt,
    };
    for (const posting of postings) this.entries.push({ operationKey, posting });
  }

  /** Brings a due lot to active (the flag is written with the lot). */
  activate(lotId: string): void {
    const lot = this.lots.get(lotId);
    if (!lot || lot.activated) return;
    this.post(null, activationPostings(lotOf(lot)));
    lot.activated = true;
    this.activated.add(lotId);
  }

  /** Books what fell due by `now` on the lots in the frame: activations first, then expiries. */
  bookDue(): { activated: number; expired: number } {
    const at = this.now;
    const due = [...this.lots.values()]
      .filter(
        (row) =>
          (!row.activated && row.activates_at.getTime() <= at) ||
          (row.remaining > 0 && row.expires_at !== null && row.expires_at.getTime() <= at),
      )
      .sort(
        (a, b) => a.activates_at.getTime() - b.activates_at.getTime() || (a.id < b.id ? -1 : 1),
      );
    if (due.length === 0) return { activated: 0, expired: 0 };
    // Expiry is planned on the lots as they were: a lot both due to activate and to expire goes
    // pending → active → world.
    const lots = due.map(lotOf);
    const activating = due.filter((row) => !row.activated && row.activates_at.getTime() <= at);
    for (const row of activating) this.activate(row.id);
    const expiring = planExpiry(lots, at);
    this.post(null, expiryPostings(expiring, lots));
    return { activated: activating.length, expired: expiring.length };
  }

  /** Records an operation and its result, written with everything else. */
  record(operation: FrameOperation, result: unknown): void {
    this.operations.push({ operation, result });
  }

  /**
   * Writes everything planned, in one statement, and answers the account as stored. Each
   * existing lot's change is guarded (`remaining + change >= 0`), so a plan made on a stale view
   * is refused with `insufficient_points` instead of overdrawing.
   */
  async write(trx: Db): Promise<AccountBalance> {
    const changes = this.lotChanges();
    const parts: RawBuilder<unknown>[] = [];
    const fresh = this.operations.filter((o) => !o.operation.claimed);
    const claimed = this.operations.filter((o) => o.operation.claimed);
    if (fresh.length > 0)
      parts.push(sql`new_operations AS (${insertOperations(this.customerId, fresh)})`);
    if (claimed.length > 0) parts.push(sql`results AS (${setResults(claimed)})`);
    const created = [...this.created].map((id) => this.lots.get(id) as LotRow);
    if (created.length > 0) parts.push(sql`new_lots AS (${insertLots(created)})`);
    if (this.entries.length > 0)
      parts.push(sql`new_entries AS (${insertEntries(this.customerId, this.entries)})`);
    if (changes.length > 0) parts.push(sql`moved AS (${updateLots(this.customerId, changes)})`);
    const delta = {
      active: this.account.active - this.written.active,
      pending: this.account.pending - this.written.pending,
      debt: this.account.debt - this.written.debt,
    };
    parts.push(sql`account AS (
      UPDATE points_accounts SET active = active + ${delta.active},
        pending = pending + ${delta.pending}, debt = debt + ${delta.debt},
        updated_at = ${new Date()}
      WHERE customer_id = ${this.customerId}
      RETURNING active, pending, debt)`);
    const moved = changes.length > 0 ? sql`(SELECT count(*) FROM moved)::int` : sql`0`;
    const result = await sql<AccountBalance & { moved: number }>`
      WITH ${sql.join(parts, sql`, `)}
      SELECT active, pending, debt, ${moved} AS moved FROM account`.execute(trx);
    const row = result.rows[0];
    if (!row) throw new Error(`account of ${this.customerId} vanished under its lock`);
    if (row.moved !== changes.length) throw insufficientPoints(0, 0);
    return { active: Number(row.active), pending: Number(row.pending), debt: Number(row.debt) };
  }

  private lotChanges(): { id: string; change: number; activate: boolean }[] {
    const change = new Map<string, number>();
    for (const [lotId, points] of remainingByLot(this.entries.map((e) => e.posting))) {
      if (!this.created.has(lotId)) change.set(lotId, points);
    }
    for (const lotId of this.activated)
      if (!this.created.has(lotId) && !change.has(lotId)) change.set(lotId, 0);
    return [...change]
      .filter(([id, points]) => points !== 0 || this.activated.has(id))
      .map(([id, points]) => ({ id, change: points, activate: this.activated.has(id) }));
  }
}

function insertOperations(
  customerId: string,
  operations: readonly { operation: FrameOperation; result: unknown }[],
) {
  const rows = operations.map(
    ({ operation, result }) =>
      sql`(${operation.key}, ${operation.kind}, ${customerId}, ${operation.inputHash}, ${JSON.stringify(result)})`,
  );
  return sql`INSERT INTO points_operations (key, kind, customer_id, input_hash, result)
    VALUES ${sql.join(rows)}`;
}

function setResults(operations: readonly { operation: FrameOperation; result: unknown }[]) {
  const rows = operations.map(
    ({ operation, result }) => sql`(${operation.key}::text, ${JSON.stringify(result)}::jsonb)`,
  );
  return sql`UPDATE points_operations o SET result = v.result
    FROM (VALUES ${sql.join(rows)}) AS v (key, result) WHERE o.key = v.key`;
}

function insertLots(lots: readonly LotRow[]) {
  const rows = lots.map(
    (lot) => sql`(${lot.id}, ${lot.customer_id}, ${lot.source}, ${lot.purchase_id}, ${lot.reason},
      ${lot.earned_at}, ${lot.activates_at}, ${lot.expires_at}, ${lot.amount}, ${lot.remaining},
      ${lot.activated}, ${lot.operation_key})`,
  );
  return sql`INSERT INTO points_lots (id, customer_id, source, purchase_id, reason, earned_at,
      activates_at, expires_at, amount, remaining, activated, operation_key)
    VALUES ${sql.join(rows)}`;
}

function insertEntries(
  customerId: string,
  entries: readonly { operationKey: string | null; posting: Posting }[],
) {
  const rows = entries.map(
    ({
      operationKey,
      posting: p,
    }) => sql`(${customerId}, ${p.kind}, ${p.from}, ${p.to}, ${p.points},
      ${new Date(p.effectiveAt)}, ${p.lotId ?? null}, ${p.purchaseId ?? null}, ${operationKey},
      ${p.reason ?? null})`,
  );
  return sql`INSERT INTO points_entries (customer_id, kind, from_account, to_account, points,
      effective_at, lot_id, purchase_id, operation_key, reason)
    VALUES ${sql.join(rows)}`;
}

function updateLots(
  customerId: string,
  changes: readonly { id: string; change: number; activate: boolean }[],
) {
  const rows = changes.map(
    (c) => sql`(${c.id}::uuid, ${c.change}::bigint, ${c.activate}::boolean)`,
  );
  return sql`UPDATE points_lots l
    SET remaining = l.remaining + v.change, activated = l.activated OR v.activate
    FROM (VALUES ${sql.join(rows)}) AS v (id, change, activate)
    WHERE l.id = v.id AND l.customer_id = ${customerId} AND l.remaining + v.change >= 0
    RETURNING l.id`;
}

/**
 * The due lots (as the read for no draw) and the spendable lots at `at` that come first in
 * spending order (soonest expiry, never last, then oldest) until they hold `points`: whole groups
 * of equal instants to the millisecond, so the lot id that breaks ties in memory cannot pick an
 * unread lot. Lots are read oldest first, as every frame read is.
 */
function dueAndCovering(customerId: string, at: Date, points: number): RawBuilder<LotRow> {
  return sql<LotRow>`SELECT * FROM points_lots WHERE customer_id = ${customerId}
    AND ((activated = false AND activates_at <= ${at})
      OR (remaining > 0 AND expires_at <= ${at})
      OR id IN (SELECT id FROM (
        SELECT id, sum(remaining) OVER (ORDER BY expires_ms NULLS LAST, earned_ms) AS through,
          sum(remaining) OVER (PARTITION BY expires_ms, earned_ms) AS tied
        FROM (SELECT id, remaining, date_trunc('milliseconds', expires_at) AS expires_ms,
            date_trunc('milliseconds', earned_at) AS earned_ms
          FROM points_lots WHERE customer_id = ${customerId} AND remaining > 0
            AND (activated OR activates_at <= ${at})
            AND (expires_at IS NULL OR expires_at > ${at})) AS spendable) AS ordered
        WHERE through - tied < ${points}))
    ORDER BY earned_at, id`;
}
