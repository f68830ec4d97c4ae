import type { CustomerReference } from '../carts/customer-reference.ts';
import type { IdentifierInput } from '../customers/identifiers.ts';
import type { BodyReader } from './body-reader.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Mindbox `customer` read once: every identifier it carries, as Perk names them. */
export interface MindboxCustomer {
  /** Perk's customer id, sent back by Mindbox clients as `ids.mindboxId`. */
  mindboxId: string | undefined;
  card: string | undefined;
  phone: string | undefined;
  email: string | undefined;
  /** The shop's own ids (`ids.websiteID`…), each an external identifier of that system. */
  external: { system: string; id: string }[];
}

/** Reads `customer`: `ids` (any keys), `discountCard.ids.number`, `mobilePhone`, `email`. */
export function readCustomer(reader: BodyReader, value: unknown): MindboxCustomer | undefined {
  if (value === undefined || value === null) return undefined;
  const customer = reader.object(value, '/customer');
  const ids = reader.object(customer.ids, '/customer/ids');
  const card = reader.object(customer.discountCard, '/customer/discountCard');
  const external: MindboxCustomer['external'] = [];
  let mindboxId: string | undefined;
  for (const [key, raw] of Object.entries(ids)) {
    const id = reader.text(raw, `/customer/ids/${key}`);
    if (id === undefined) continue;
    if (key !== 'mindboxId') external.push({ system: key, id });
    else if (uuidPattern.test(id)) mindboxId = id.toLowerCase();
    else reader.problems.add('/customer/ids/mindboxId', 'invalid', 'is not a Perk customer id');
  }
  return {
    mindboxId,
    card: reader.text(
      reader.object(card.ids, '/customer/discountCard/ids').number,
      '/customer/discountCard/ids/number',
    ),
    phone: reader.text(customer.mobilePhone, '/customer/mobilePhone', 40),
    email: reader.text(customer.email, '/customer/email', 254),
    external,
  };
}

/**
 * The one identifier Perk finds the customer by: Perk's id, else the card, the phone, the e-mail,
 * then the shop's first own id — the order of how surely each names one person. Undefined when
 * the customer carries none (priced as anonymous).
 */
export function customerReference(
  customer: MindboxCustomer | undefined,
): CustomerReference | undefined {
  if (!customer) return undefined;
  if (customer.mindboxId) return { id: customer.mindboxId };
  if (customer.card) return { card: customer.card };
  if (customer.phone) return { phone: customer.phone };
  if (customer.email) return { email: customer.email };
  const [external] = customer.external;
  return external ? { external } : undefined;
}

/** Every identifier the customer carries, for registering it. */
export function identifierInputs(customer: MindboxCustomer): IdentifierInput[] {
  const inputs: IdentifierInput[] = [];
  if (customer.card) inputs.push({ kind: 'card', value: customer.card });
  if (customer.phone) inputs.push({ kind: 'phone', value: customer.phone });
  if (customer.email) inputs.push({ kind: 'email', value: customer.email });
  for (const { system, id } of customer.external)
    inputs.push({ kind: 'external', system, value: id });
  return inputs;
}

/** The profile fields of a Mindbox customer Perk keeps (names and birth date). */
export function profileFields(reader: BodyReader, value: unknown) {
  const customer = reader.object(value, '/customer');
  const birthDate = reader.text(customer.birthDate, '/customer/birthDate', 10);
  return {
    ...optional('firstName', reader.text(customer.firstName, '/customer/firstName')),
    ...optional('lastName', reader.text(customer.lastName, '/customer/lastName')),
    ...optional('middleName', reader.text(customer.middleName, '/customer/middleName')),
    ...optional('birthDate', birthDate),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
