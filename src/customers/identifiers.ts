import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ProblemCollector } from '../errors.ts';
import type { IdentifierKind } from '../store/schema.ts';

export const identifierKinds: readonly IdentifierKind[] = ['card', 'phone', 'email', 'external'];

/** An identifier as a client writes it: any formatting, `system` only for external ids. */
export interface IdentifierInput {
  kind: IdentifierKind;
  value: string;
  system?: string | undefined;
}

/** An identifier in its one canonical form; `system` is '' for every kind but `external`. */
export interface Identifier {
  kind: IdentifierKind;
  system: string;
  value: string;
}

/** Why an identifier was refused: a stable code, a message and the sub-field at fault. */
export interface IdentifierProblem {
  code: string;
  message: string;
  /** `value` or `system`, relative to the identifier object. */
  field: 'value' | 'system';
}

export type NormalizedIdentifier =
  | { ok: true; identifier: Identifier }
  | ({ ok: false } & IdentifierProblem);

const cardPattern = /^[A-Z0-9]{4,32}$/;
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const systemPattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * Brings an identifier to its canonical form so that every spelling of one card, phone or
 * e-mail finds the same customer:
 * - phone → E.164 (`8 (912) 345-67-89` with country RU → `+79123456789`), else `invalid_phone`;
 * - e-mail → trimmed, lower-cased, else `invalid_email`;
 * - card → spaces and dashes removed, upper-cased, 4..32 of [A-Z0-9], else `invalid_card`;
 * - external → value trimmed (1..200 chars, case kept: it is another system's key, else
 *   `invalid_external_id`), system trimmed and lower-cased (`missing_system`, `invalid_system`).
 * A `system` on any other kind is `system_not_allowed`.
 * @param defaultCountry ISO 3166 alpha-2 country assumed for phones without an international prefix.
 */
export function normalizeIdentifier(
  input: IdentifierInput,
  defaultCountry: string,
): NormalizedIdentifier {
  if (input.kind === 'external') return normalizeExternal(input);
  if (input.system !== undefined && input.system !== '') {
    return refuse('system_not_allowed', `only external ids carry a system`, 'system');
  }
  const value = normalizeValue(input.kind, input.value, defaultCountry);
  if (value === null) return refuse(`invalid_${input.kind}`, invalidMessage[input.kind], 'value');
  return { ok: true, identifier: { kind: input.kind, system: '', value } };
}

const invalidMessage: Record<IdentifierKind, string> = {
  phone: 'is not a valid phone number',
  email: 'is not a valid e-mail address',
  card: 'must be 4 to 32 letters A-Z and digits (spaces and dashes are ignored)',
  external: 'must be 1 to 200 characters',
};

function normalizeValue(kind: IdentifierKind, raw: string, defaultCountry: string): string | null {
  switch (kind) {
    case 'phone': {
      const phone = parsePhoneNumberFromString(raw, defaultCountry as CountryCode);
      return phone?.isValid() ? phone.number : null;
    }
    case 'email': {
      const email = raw.trim().toLowerCase();
      return email.length <= 254 && emailPattern.test(email) ? email : null;
    }
    case 'card': {
      const card = raw.replace(/[\s-]/g, '').toUpperCase();
      return cardPattern.test(card) ? card : null;
    }
    case 'external': {
      const id = raw.trim();
      return id.length >= 1 && id.length <= 200 ? id : null;
    }
  }
}

function normalizeExternal(input: IdentifierInput): NormalizedIdentifier {
  const system = (input.system ?? '').trim().toLowerCase();
  if (system === '') return refuse('missing_system', 'an external id needs its system', 'system');
  if (!systemPattern.test(system)) {
    return refuse('invalid_system', 'must be a name like "shopify" ([a-z0-9_.-])', 'system');
  }
  const value = normalizeValue('external', input.value, '');
  if (value === null) return refuse('invalid_external_id', invalidMessage.external, 'value');
  return { ok: true, identifier: { kind: 'external', system, value } };
}

function refuse(
  code: string,
  message: string,
  field: IdentifierProblem['field'],
): NormalizedIdentifier {
  return { ok: false, code, message, field };
}

/** True when both denote the same identifier (both must be normalised). */
export function sameIdentifier(a: Identifier, b: Identifier): boolean {
  return a.kind === b.kind && a.system === b.system && a.value === b.value;
}

/** Orders identifiers card, phone, email, external, then by system and value: a stable answer. */
export function compareIdentifiers(a: Identifier, b: Identifier): number {
  const byKind = identifierKinds.indexOf(a.kind) - identifierKinds.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  const x = `${a.system}\u0000${a.value}`;
  const y = `${b.system}\u0000${b.value}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The public form: `system` only where it means something. */
export function identifierView(identifier: Identifier): IdentifierInput {
  return identifier.kind === 'external'
    ? { kind: identifier.kind, system: identifier.system, value: identifier.value }
    : { kind: identifier.kind, value: identifier.value };
}

/**
 * Normalises a list of identifiers, adding every refusal to `problems` under
 * `${pointer}/${index}/value|system`; the same identifier twice is `duplicate_identifier`.
 * Returns the normalised identifiers that passed.
 */
export function normalizeIdentifierList(
  inputs: readonly IdentifierInput[],
  defaultCountry: string,
  problems: ProblemCollector,
  pointer: string,
): Identifier[] {
  const accepted: Identifier[] = [];
  inputs.forEach((input, index) => {
    const result = normalizeIdentifier(input, defaultCountry);
    if (!result.ok) {
      problems.add(`${pointer}/${index}/${result.field}`, result.code, result.message);
    } else if (accepted.some((other) => sameIdentifier(other, result.identifier))) {
      problems.add(`${pointer}/${index}/value`, 'duplicate_identifier', 'is listed twice');
    } else {
      accepted.push(result.identifier);
    }
  });
  return accepted;
}
