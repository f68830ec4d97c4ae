import { createHash } from 'node:crypto';
import { localDate } from '../calendar/time-zone.ts';
import type { CustomerReference } from '../carts/customer-reference.ts';
import { identifierOwners } from '../customers/identifier-owners.ts';
import { normalizeIdentifier } from '../customers/identifiers.ts';
import { conflict, ProblemCollector } from '../errors.ts';
import { getProgramSettings } from '../points/program-settings-store.ts';
import { refreshCustomerSegments } from '../segments/on-purchase-changed.ts';
import type { Db } from '../store/database.ts';
import type { CommunicationEventKind } from '../store/schema.ts';

/** One event of a message to a customer, as a mailing system reports it. */
export interface CommunicationInput {
  /** The sender's own id of the event: a report sent again is recognised by it. */
  id: string;
  customer: CustomerReference;
  event: CommunicationEventKind;
  /** email, sms, push, viber… as the sender names it. */
  channel: string;
  /** The mailing, as the sender names it. */
  campaign?: string | undefined;
  at: string;
}

export interface RecordedCommunications {
  recorded: number;
  /** Reported before with the same content: nothing written again. */
  alreadyThere: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records a batch of message events, all or nothing: every customer must exist (named by id or
 * by one identifier; a merged-away id counts for its survivor), or the batch is refused with
 * every event at fault (`unknown_customer`, `customer_needs_one_identifier`, identifier codes,
 * `event_in_future`). An id reported before with the same content is skipped; with other
 * content it is 409 `event_conflict`. The rule segments of the customers touched are
 * re-evaluated at once, so "opened our offers" holds from the next cart.
 */
export async function recordCommunications(
  db: Db,
  events: readonly CommunicationInput[],
  now: Date,
  context: { defaultCountry: string; futureToleranceSeconds: number },
): Promise<RecordedCommunications> {
  const problems = new ProblemCollector();
  const customers = await resolveCustomers(db, events, context.defaultCountry, problems);
  const latest = now.getTime() + context.futureToleranceSeconds * 1000;
  events.forEach((event, i) => {
    if (Date.parse(event.at) > latest)
      problems.add(`/events/${i}/at`, 'event_in_future', 'is later than now');
  });
  problems.throwIfAny();
  const { timeZone } = await getProgramSettings(db);
  const rows = events.map((event, i) => ({
    id: event.id,
    customer_id: customers[i] as string,
    event: event.event,
    channel: event.channel,
    campaign: event.campaign ?? null,
    occurred_at: new Date(event.at),
    day: localDate(new Date(event.at), timeZone),
    input_hash: hashOf(customers[i] as string, event),
    recorded_at: now,
  }));
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('communication_events')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    const fresh = new Set(inserted.map((row) => row.id));
    const repeats = rows.filter((row) => !fresh.has(row.id));
    if (repeats.length > 0) {
      const stored = await trx
        .selectFrom('communication_events')
        .select(['id', 'input_hash'])
        .where(
          'id',
          'in',
          repeats.map((row) => row.id),
        )
        .execute();
      const hashes = new Map(stored.map((row) => [row.id, row.input_hash]));
      const changed = repeats.find((row) => hashes.get(row.id) !== row.input_hash);
      if (changed) {
        throw conflict(
          'event_conflict',
          `Event "${changed.id}" was reported before with other content`,
          `/events/${rows.indexOf(changed)}/id`,
        );
      }
    }
    const touched = [...new Set(rows.filter((row) => fresh.has(row.id)).map((r) => r.customer_id))];
    for (const customerId of touched) await refreshCustomerSegments(trx, customerId, now, timeZone);
    return { recorded: fresh.size, alreadyThere: repeats.length };
  });
}

function hashOf(customerId: string, event: CommunicationInput): string {
  const content = [
    customerId,
    event.event,
    event.channel,
    event.campaign ?? '',
    new Date(event.at).toISOString(),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Each event's customer id (the survivor for a merged-away one), problems added for the rest. */
async function resolveCustomers(
  db: Db,
  events: readonly CommunicationInput[],
  defaultCountry: string,
  problems: ProblemCollector,
): Promise<(string | undefined)[]> {
  const byId = new Map<number, string>();
  const byIdentifier: {
    index: number;
    identifier: Parameters<typeof identifierOwners>[1][number];
  }[] = [];
  events.forEach(({ customer }, index) => {
    const field = `/events/${index}/customer`;
    const given = (['id', 'card', 'phone', 'email', 'external'] as const).filter(
      (k) => customer[k] !== undefined,
    );
    const [kind] = given;
    if (given.length !== 1 || kind === undefined) {
      problems.add(
        field,
        'customer_needs_one_identifier',
        'name exactly one of id, card, phone, email, external',
      );
      return;
    }
    if (kind === 'id') {
      if (uuid.test(customer.id as string)) byId.set(index, (customer.id as string).toLowerCase());
      else problems.add(`${field}/id`, 'invalid_customer_id', 'is not a UUID');
      return;
    }
    const input =
      kind === 'external'
        ? { kind, system: customer.external?.system ?? '', value: customer.external?.id ?? '' }
        : { kind, value: customer[kind] as string };
    const normalized = normalizeIdentifier(input, defaultCountry);
    if (normalized.ok) byIdentifier.push({ index, identifier: normalized.identifier });
    else problems.add(`${field}/${kind}`, normalized.code, normalized.message);
  });
  const resolved: (string | undefined)[] = events.map(() => undefined);
  const owners = await identifierOwners(
    db,
    byIdentifier.map((entry) => entry.identifier),
  );
  byIdentifier.forEach(({ index }, i) => {
    resolved[index] = owners[i];
  });
  const ids = [...new Set(byId.values())];
  const found =
    ids.length === 0
      ? []
      : await db
          .selectFrom('customers')
          .select(['id', 'merged_into'])
          .where('id', 'in', ids)
          .execute();
  const survivors = new Map(found.map((row) => [row.id, row.merged_into ?? row.id]));
  for (const [index, id] of byId) resolved[index] = survivors.get(id);
  resolved.forEach((id, index) => {
    const named = byId.has(index) || byIdentifier.some((entry) => entry.index === index);
    if (named && id === undefined)
      problems.add(`/events/${index}/customer`, 'unknown_customer', 'no such customer');
  });
  return resolved;
}
