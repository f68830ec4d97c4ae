import { onCustomerRegistered } from '../campaigns/on-customer-registered.ts';
import { referencedId } from '../carts/customer-reference.ts';
import { createCustomer } from '../customers/create-customer.ts';
import { getCustomer } from '../customers/find-customer.ts';
import { PerkError } from '../errors.ts';
import { listPointsEntries } from '../points/list-points.ts';
import { getPointsBalance } from '../points/points-balance.ts';
import { refreshCustomerSegments } from '../segments/on-purchase-changed.ts';
import { BodyReader } from './body-reader.ts';
import {
  customerReference,
  identifierInputs,
  profileFields,
  readCustomer,
} from './mindbox-customer.ts';
import type { MindboxCall, MindboxDeps } from './mindbox-deps.ts';
import { balanceType } from './order-answer.ts';

type Json = Record<string, unknown>;

const notFound = { status: 'Success', customer: { processingStatus: 'NotFound' } };
const historyPageMax = 100;
const expiringSoonDays = 30;

/** The live customer a call's `customer` names, or null when nobody does. */
async function customerIdOf(deps: MindboxDeps, call: MindboxCall): Promise<string | null> {
  const reader = new BodyReader();
  const customer = readCustomer(reader, call.body.customer ?? {});
  const reference = customerReference(customer);
  if (!reference)
    reader.problems.add('/customer', 'customer_required', 'Name the customer by one of its ids');
  reader.problems.throwIfAny();
  const { db, defaultCountry } = deps.commit;
  const found = await referencedId(db, reference, defaultCountry);
  if (found.kind === 'anonymous' || found.id === undefined) return null;
  try {
    // A customer merged away answers as the one it was merged into.
    return (await getCustomer(db, found.id)).customer.id;
  } catch (error) {
    if (error instanceof PerkError && error.code === 'customer_not_found') return null;
    throw error;
  }
}

/** CheckCustomer: whether the customer exists, and its Perk id as `ids.mindboxId`. */
export async function checkCustomer(deps: MindboxDeps, call: MindboxCall): Promise<Json> {
  const id = await customerIdOf(deps, call);
  if (id === null) return notFound;
  return { status: 'Success', customer: { processingStatus: 'Found', ids: { mindboxId: id } } };
}

/**
 * GetCustomerPoints: the balance as one Mindbox balance type, `Main`: available (spendable
 * now, net of debt), blocked (earned, not yet spendable) and their total.
 */
export async function customerPoints(deps: MindboxDeps, call: MindboxCall): Promise<Json> {
  const id = await customerIdOf(deps, call);
  if (id === null) return notFound;
  const now = deps.commit.now().getTime();
  const balance = await getPointsBalance(deps.commit.db, id, now, expiringSoonDays);
  return {
    status: 'Success',
    customer: { processingStatus: 'Found', ids: { mindboxId: id } },
    balances: [
      {
        systemName: 'Main',
        balanceType,
        available: balance.active,
        blocked: balance.pending,
        total: balance.active + balance.pending,
      },
    ],
  };
}

/**
 * GetCustomerBalanceHistory: the newest points entries (`page.itemsPerPage`, at most 100), each
 * a signed change: earned points come in (blocked until they activate), spent, expired and
 * taken-back points go out.
 */
export async function balanceHistory(deps: MindboxDeps, call: MindboxCall): Promise<Json> {
  const reader = new BodyReader();
  const page = reader.object(call.body.page, '/page');
  const limit = reader.points(page.itemsPerPage ?? 50, '/page/itemsPerPage', historyPageMax) || 1;
  reader.problems.throwIfAny();
  const id = await customerIdOf(deps, call);
  if (id === null) return notFound;
  const { items } = await listPointsEntries(deps.commit.db, id, { limit });
  return {
    status: 'Success',
    customer: { processingStatus: 'Found', ids: { mindboxId: id } },
    balanceChanges: items.map((entry) => ({
      changeAmount: entry.to === 'world' ? -entry.points : entry.points,
      isAvailable: entry.to === 'active' || entry.from === 'active',
      dateTimeUtc: entry.effectiveAt,
      comment: entry.reason ?? entry.kind,
      balanceType,
      ...(entry.purchaseId ? { order: { ids: { mindboxId: entry.purchaseId } } } : {}),
    })),
  };
}

/**
 * RegisterCustomer: creates the customer with every identifier it carries (card, phone, e-mail,
 * the shop's own ids) and its names and birth date, as POST /v1/customers does — a repeat of
 * the same registration answers the same customer.
 */
export async function registerCustomer(deps: MindboxDeps, call: MindboxCall): Promise<Json> {
  const reader = new BodyReader();
  const customer = readCustomer(reader, call.body.customer ?? {});
  const identifiers = customer ? identifierInputs(customer) : [];
  if (identifiers.length === 0)
    reader.problems.add(
      '/customer',
      'identifier_required',
      'Send a phone, an e-mail, a card or an id',
    );
  const profile = profileFields(reader, call.body.customer);
  reader.problems.throwIfAny();
  const { customer: created, created: isNew } = await createCustomer(
    deps.commit.db,
    call.actor,
    { identifiers, ...profile },
    { defaultCountry: deps.commit.defaultCountry, now: deps.commit.now() },
  );
  // As `POST /v1/customers` does: registration campaigns (idempotent by operation ids, so a
  // repeat gives nothing twice) and the profile rules of segments, at once.
  await onCustomerRegistered(deps.commit.db, {
    customerId: created.id,
    now: deps.commit.now().getTime(),
  });
  if (isNew) await refreshCustomerSegments(deps.commit.db, created.id, deps.commit.now());
  return {
    status: 'Success',
    customer: {
      processingStatus: isNew ? 'Created' : 'AlreadyExists',
      ids: { mindboxId: created.id },
    },
  };
}
