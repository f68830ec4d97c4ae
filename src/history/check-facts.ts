import { sql } from 'kysely';
import type { CustomerReference } from '../carts/customer-reference.ts';
import { type Identifier, normalizeIdentifier } from '../customers/identifiers.ts';
import type { ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { HistoryChannel } from '../store/schema.ts';
import { parseCheckTime } from './check-time.ts';
import type { GroupedCheck } from './history-checks.ts';

/** Most lines one check may have. */
export const maxLinesPerCheck = 1000;

/** What a check's own fields name, read against the database. */
export interface CheckFacts {
  /** Epoch ms. */
  businessAt: number;
  channel: HistoryChannel;
  /** The customer's live id; null for an anonymous check. */
  customerId: string | null;
  /** The customer as the check names them, canonical (`phone::+79123456789`), for its hash. */
  customerKey: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The facts of each check (same order), adding to `problems` at the check's first line:
 * `unknown_store`, `invalid_time`, `check_in_future`, `check_too_long`,
 * `customer_needs_one_identifier`, the identifier codes of `normalizeIdentifier`, and
 * `unknown_customer` when no customer holds the identifier (import customers first). A check
 * with a problem answers null.
 */
export async function resolveCheckFacts(
  db: Db,
  checks: readonly GroupedCheck[],
  options: { defaultCountry: string; now: Date },
  problems: ProblemCollector,
): Promise<(CheckFacts | null)[]> {
  const storeIds = [...new Set(checks.map((c) => c.storeId))];
  const stores = new Map(
    storeIds.length === 0
      ? []
      : (
          await db
            .selectFrom('stores')
            .select(['id', 'time_zone', 'channel'])
            .where('id', 'in', storeIds)
            .execute()
        ).map((s) => [s.id, s]),
  );
  const named = checks.map((check) => nameCustomer(check.customer, options.defaultCountry));
  const owners = await customerOwners(db, named);
  return checks.map((check, i) => {
    const at = `/lines/${check.lines[0]?.index ?? 0}`;
    const before = problems.problems.length;
    if (check.lines.length > maxLinesPerCheck) {
      problems.add(`${at}/checkId`, 'check_too_long', `has more than ${maxLinesPerCheck} lines`);
    }
    const store = stores.get(check.storeId);
    if (!store) problems.add(`${at}/storeId`, 'unknown_store', `no store "${check.storeId}"`);
    const businessAt = parseCheckTime(check.at, store?.time_zone ?? 'UTC');
    if (businessAt === null) {
      problems.add(
        `${at}/at`,
        'invalid_time',
        'must be like 2024-03-01T14:05:00+03:00, 2024-03-01 14:05 or 01.03.2024 14:05',
      );
    } else if (businessAt > options.now.getTime()) {
      problems.add(`${at}/at`, 'check_in_future', 'is later than now');
    }
    const customer = named[i];
    if (customer?.kind === 'problem') {
      problems.add(`${at}/customer${customer.field}`, customer.code, customer.message);
    }
    const owner = owners[i];
    if (customer && customer.kind !== 'problem' && owner === undefined) {
      problems.add(
        `${at}/customer`,
        'unknown_customer',
        `no customer has ${customer.key.replace(/:+/, ' ')}; import customers first`,
      );
    }
    if (problems.problems.length > before || !store || businessAt === null) return null;
    return {
      businessAt,
      channel: check.channel ?? (store.channel === 'pos' ? 'offline' : 'online'),
      customerId: owner ?? null,
      customerKey: customer && customer.kind !== 'problem' ? customer.key : null,
    };
  });
}

type NamedCustomer =
  | { kind: 'id'; id: string; key: string }
  | { kind: 'identifier'; identifier: Identifier; key: string }
  | { kind: 'problem'; field: string; code: string; message: string }
  | undefined;

function nameCustomer(
  reference: CustomerReference | undefined,
  defaultCountry: string,
): NamedCustomer {
  if (!reference) return undefined;
  const given = (['id', 'card', 'phone', 'email', 'external'] as const).filter(
    (k) => reference[k] !== undefined,
  );
  const [kind] = given;
  if (given.length !== 1 || kind === undefined) {
    return {
      kind: 'problem',
      field: '',
      code: 'customer_needs_one_identifier',
      message: 'name the customer by exactly one of id, card, phone, email, external',
    };
  }
  if (kind === 'id') {
    const id = reference.id as string;
    if (!uuidPattern.test(id)) {
      return {
        kind: 'problem',
        field: '/id',
        code: 'invalid_customer_id',
        message: 'is not a UUID',
      };
    }
    return { kind: 'id', id: id.toLowerCase(), key: `id::${id.toLowerCase()}` };
  }
  const input =
    kind === 'external'
      ? { kind, system: reference.external?.system ?? '', value: reference.external?.id ?? '' }
      : { kind, value: reference[kind] as string };
  const normalized = normalizeIdentifier(input, defaultCountry);
  if (!normalized.ok) {
    const field =
      kind === 'external'
        ? `/external/${normalized.field === 'value' ? 'id' : 'system'}`
        : `/${kind}`;
    return { kind: 'problem', field, code: normalized.code, message: normalized.message };
  }
  const { identifier } = normalized;
  return {
    kind: 'identifier',
    identifier,
    key: `${identifier.kind}:${identifier.system}:${identifier.value}`,
  };
}

/** Each named customer's live id (a merged-away id answers its survivor); undefined: nobody. */
async function customerOwners(
  db: Db,
  named: readonly NamedCustomer[],
): Promise<(string | undefined)[]> {
  const identifiers = new Map<string, Identifier>();
  const ids = new Set<string>();
  for (const n of named) {
    if (n?.kind === 'identifier') identifiers.set(n.key, n.identifier);
    if (n?.kind === 'id') ids.add(n.id);
  }
  const wanted = [...identifiers.values()];
  const byKey = new Map<string, string>();
  if (wanted.length > 0) {
    // One join with the batch's identifiers: an OR per identifier grows slow past a few hundred.
    const { rows } = await sql<{
      kind: string;
      system: string;
      value: string;
      customer_id: string;
    }>`
      SELECT i.kind, i.system, i.value, i.customer_id FROM customer_identifiers i
      JOIN unnest(${wanted.map((w) => w.kind)}::text[], ${wanted.map((w) => w.system)}::text[],
        ${wanted.map((w) => w.value)}::text[]) AS k (kind, system, value)
        ON i.kind = k.kind AND i.system = k.system AND i.value = k.value`.execute(db);
    for (const row of rows) byKey.set(`${row.kind}:${row.system}:${row.value}`, row.customer_id);
  }
  const live = new Map<string, string>();
  if (ids.size > 0) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'merged_into'])
      .where('id', 'in', [...ids])
      .execute();
    for (const row of rows) live.set(row.id, row.merged_into ?? row.id);
  }
  return named.map((n) => {
    if (n?.kind === 'identifier') return byKey.get(n.key);
    if (n?.kind === 'id') return live.get(n.id);
    return undefined;
  });
}
