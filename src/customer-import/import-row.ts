import { createHash } from 'node:crypto';
import { dayNumber, type EpochMs, isCalendarDate } from '../calendar/day-number.ts';
import { localDay, startOfLocalDay } from '../calendar/time-zone.ts';
import {
  compareIdentifiers,
  type Identifier,
  type IdentifierInput,
  normalizeIdentifier,
  normalizeIdentifierList,
} from '../customers/identifiers.ts';
import {
  applyProfilePatch,
  type CustomerProfile,
  emptyProfile,
  type ProfilePatch,
} from '../customers/profile.ts';
import { MAX_POINTS } from '../engine/money/bounds.ts';
import { ProblemCollector } from '../errors.ts';
import { canonicalJson } from '../points/canonical-json.ts';
import type { CustomFieldType } from '../store/schema.ts';
import type { ImportConflict } from './import-report.ts';

/** One lot of an opening balance as the old system knew it. */
export interface OpeningLotInput {
  /** Whole points, 1 .. MAX_POINTS. */
  points: number;
  /**
   * The last local day (programme zone) the points may be spent, `YYYY-MM-DD`; they expire at the
   * following midnight. Null: they never expire. Absent: the programme's validity, counted from
   * when they become spendable.
   */
  validUntil?: string | null;
  /** The first local day they are spendable (pending until then); absent or past: at once. */
  activatesOn?: string;
}

/** A customer of another processing: its id there, identifiers, profile, tier and balance. */
export interface CustomerImportRow extends ProfilePatch {
  /** The customer's id in the old system: the key a re-run is recognised by. */
  externalId: string;
  identifiers?: IdentifierInput[];
  /** The tier the customer holds now; absent: the programme's entry tier. */
  tierId?: string;
  balance?: OpeningLotInput[];
}

/** A lot ready for the ledger: instants in epoch ms, `expiresAt` exclusive. */
export interface OpeningLot {
  points: number;
  activatesAt: EpochMs;
  expiresAt: EpochMs | null | 'programme';
}

/** A row that passed its own checks, normalised. */
export interface CheckedRow {
  row: number;
  externalId: string;
  /** The external id under the import's system first, then the row's own identifiers. */
  identifiers: { identifier: Identifier; field: string }[];
  profile: CustomerProfile;
  tierId: string | null;
  lots: OpeningLot[];
  /** Hash of the normalised content: equal rows are one import. */
  inputHash: string;
}

export interface RowRules {
  system: string;
  defaultCountry: string;
  customFields: ReadonlyMap<string, CustomFieldType>;
  /** Tier ids of the programme; empty when there is none. */
  tierIds: ReadonlySet<string>;
  timeZone: string;
  now: Date;
}

/**
 * Checks one row on its own, adding every fault to `conflicts` (fields relative to the row):
 * the identifier codes of `normalizeIdentifier`, the profile codes of `applyProfilePatch`,
 * `unknown_tier`, `invalid_points` (not 1 .. MAX_POINTS), `too_many_points` (their sum is),
 * `invalid_date`, `lot_expired` (valid until a day already past), `invalid_dates` (spendable only
 * after it expires). Answers the normalised row, or null when it has a fault.
 */
export function checkImportRow(
  input: CustomerImportRow,
  row: number,
  rules: RowRules,
  conflicts: ImportConflict[],
): CheckedRow | null {
  const problems = new ProblemCollector();
  const own = normalizeIdentifier(
    { kind: 'external', system: rules.system, value: input.externalId },
    rules.defaultCountry,
  );
  if (!own.ok) problems.add('/externalId', own.code, own.message);
  // Pointers are kept beside the identifiers: a later conflict (taken, repeated) names its field.
  const listed = normalizeIdentifierList(
    input.identifiers ?? [],
    rules.defaultCountry,
    problems,
    '/identifiers',
  ).map((identifier, index) => ({ identifier, field: `/identifiers/${index}/value` }));
  const identifiers = listed.filter(
    ({ identifier }) => !own.ok || compareIdentifiers(identifier, own.identifier) !== 0,
  );
  const { externalId: _, identifiers: __, tierId, balance, ...patch } = input;
  const profile = applyProfilePatch(
    emptyProfile,
    patch,
    { definitions: rules.customFields, now: rules.now },
    problems,
  );
  if (tierId !== undefined && !rules.tierIds.has(tierId)) {
    const why = rules.tierIds.size === 0 ? 'no tier programme is defined' : 'no such tier';
    problems.add('/tierId', 'unknown_tier', `${why}: "${tierId}"`);
  }
  const lots = (balance ?? []).map((lot, index) =>
    checkLot(lot, `/balance/${index}`, rules, problems),
  );
  const total = (balance ?? []).reduce((sum, lot) => sum + lot.points, 0);
  if (total > MAX_POINTS) {
    problems.add(
      '/balance',
      'too_many_points',
      `the lots add up to more than ${MAX_POINTS} points`,
    );
  }
  for (const problem of problems.problems) conflicts.push({ row, ...problem });
  if (problems.problems.length > 0 || !own.ok) return null;
  const sorted = identifiers.map(({ identifier }) => identifier).sort(compareIdentifiers);
  return {
    row,
    externalId: own.identifier.value,
    identifiers: [{ identifier: own.identifier, field: '/externalId' }, ...identifiers],
    profile,
    tierId: tierId ?? null,
    lots: lots.filter((lot): lot is OpeningLot => lot !== null),
    // The content as given (dates, not instants): a re-run on another day is the same row.
    inputHash: createHash('sha256')
      .update(
        canonicalJson({
          identifiers: sorted,
          profile: { ...profile, specialCategories: [...profile.specialCategories].sort() },
          tierId: tierId ?? null,
          balance: balance ?? [],
        }),
      )
      .digest('hex'),
  };
}

function checkLot(
  lot: OpeningLotInput,
  pointer: string,
  rules: RowRules,
  problems: ProblemCollector,
): OpeningLot | null {
  const faults = problems.problems.length;
  if (!Number.isSafeInteger(lot.points) || lot.points < 1 || lot.points > MAX_POINTS) {
    problems.add(
      `${pointer}/points`,
      'invalid_points',
      `must be a whole number of points from 1 to ${MAX_POINTS}`,
    );
  }
  const today = localDay(rules.now.getTime(), rules.timeZone);
  const day = (value: string, field: string) => {
    if (isCalendarDate(value)) return dayNumber(value);
    problems.add(`${pointer}/${field}`, 'invalid_date', 'must be a real date YYYY-MM-DD');
    return null;
  };
  const until = typeof lot.validUntil === 'string' ? day(lot.validUntil, 'validUntil') : null;
  const from = lot.activatesOn === undefined ? null : day(lot.activatesOn, 'activatesOn');
  if (until !== null && until < today) {
    problems.add(`${pointer}/validUntil`, 'lot_expired', 'these points expired before the import');
  } else if (until !== null && from !== null && from > until) {
    problems.add(
      `${pointer}/activatesOn`,
      'invalid_dates',
      'the points would become spendable only after they expire',
    );
  }
  if (problems.problems.length > faults) return null;
  const now = rules.now.getTime();
  const activatesAt = from === null || from <= today ? now : startOfLocalDay(from, rules.timeZone);
  const expiresAt =
    lot.validUntil === undefined
      ? 'programme'
      : until === null
        ? null
        : startOfLocalDay(until + 1, rules.timeZone);
  return { points: lot.points, activatesAt, expiresAt };
}
