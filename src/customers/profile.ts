import { isCalendarDate, latestDateOnEarth } from '../calendar/day-number.ts';
import type { ProblemCollector } from '../errors.ts';
import type { CustomFieldType } from '../store/schema.ts';
import { type CustomFieldValue, customFieldProblem } from './custom-field-value.ts';

export type Gender = 'male' | 'female';
export const consentChannels = ['sms', 'email', 'push'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
/** Answers the customer gave per channel; a channel never asked is absent (no consent). */
export type Consents = Partial<Record<ConsentChannel, boolean>>;

export interface CustomerProfile {
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  gender: Gender | null;
  /** `YYYY-MM-DD`. */
  birthDate: string | null;
  city: string | null;
  consents: Consents;
  /** Such as `pensioner`, `employee`, `disabled`, `student`; each `^[a-z][a-z0-9_]*$`. */
  specialCategories: string[];
  customFields: Record<string, CustomFieldValue>;
}

/**
 * A partial change: an absent field stays, `null` clears it. `consents` and `customFields` are
 * merged key by key (RFC 7396 style: a `null` key removes that answer or value);
 * `specialCategories` is replaced as a whole.
 */
export interface ProfilePatch {
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
  gender?: Gender | null;
  birthDate?: string | null;
  city?: string | null;
  consents?: Partial<Record<ConsentChannel, boolean | null>> | null;
  specialCategories?: string[] | null;
  customFields?: Record<string, CustomFieldValue | null> | null;
}

export const emptyProfile: CustomerProfile = {
  firstName: null,
  lastName: null,
  middleName: null,
  gender: null,
  birthDate: null,
  city: null,
  consents: {},
  specialCategories: [],
  customFields: {},
};

export interface ProfileRules {
  /** Custom field keys the retailer defined, with their types. */
  definitions: ReadonlyMap<string, CustomFieldType>;
  now: Date;
}

const textFields = ['firstName', 'lastName', 'middleName', 'city'] as const;
const categoryPattern = /^[a-z][a-z0-9_]{0,49}$/;

/**
 * Applies a patch to a profile, adding every problem to `problems` (the caller refuses once):
 * `invalid_birth_date` (not a real date), `birth_date_in_future`, `invalid_special_category`,
 * `unknown_custom_field`, `custom_field_wrong_type`. Text is trimmed; blank text clears.
 * The result is meaningful only when no problem was added.
 */
export function applyProfilePatch(
  current: CustomerProfile,
  patch: ProfilePatch,
  rules: ProfileRules,
  problems: ProblemCollector,
): CustomerProfile {
  const next: CustomerProfile = { ...current };
  for (const field of textFields) {
    const value = patch[field];
    if (value !== undefined) next[field] = value?.trim() || null;
  }
  if (patch.gender !== undefined) next.gender = patch.gender;
  if (patch.birthDate !== undefined) {
    next.birthDate = checkBirthDate(patch.birthDate, rules.now, problems, '/birthDate');
  }
  if (patch.consents !== undefined) next.consents = mergeConsents(current.consents, patch.consents);
  if (patch.specialCategories !== undefined) {
    next.specialCategories = checkCategories(
      patch.specialCategories ?? [],
      problems,
      '/specialCategories',
    );
  }
  if (patch.customFields !== undefined) {
    next.customFields = mergeCustomFields(current.customFields, patch.customFields, rules, {
      problems,
      pointer: '/customFields',
    });
  }
  return next;
}

/** True when both profiles say the same thing (order of keys and categories aside). */
export function sameProfile(a: CustomerProfile, b: CustomerProfile): boolean {
  return canonical(a) === canonical(b);
}

function canonical(profile: CustomerProfile): string {
  const sortedEntries = (record: object) =>
    Object.entries(record).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify({
    firstName: profile.firstName,
    lastName: profile.lastName,
    middleName: profile.middleName,
    gender: profile.gender,
    birthDate: profile.birthDate,
    city: profile.city,
    consents: sortedEntries(profile.consents),
    specialCategories: [...profile.specialCategories].sort(),
    customFields: sortedEntries(profile.customFields),
  });
}

function checkBirthDate(
  value: string | null,
  now: Date,
  problems: ProblemCollector,
  field: string,
): string | null {
  if (value === null) return null;
  if (!isCalendarDate(value) || value < '1900-01-01') {
    problems.add(field, 'invalid_birth_date', 'must be a real date YYYY-MM-DD from 1900 on');
  } else if (value > latestDateOnEarth(now)) {
    problems.add(field, 'birth_date_in_future', 'must not be in the future');
  }
  return value;
}

function mergeConsents(current: Consents, patch: ProfilePatch['consents']): Consents {
  if (patch === null || patch === undefined) return {};
  const next: Consents = { ...current };
  for (const channel of consentChannels) {
    const answer = patch[channel];
    if (answer === null) delete next[channel];
    else if (answer !== undefined) next[channel] = answer;
  }
  return next;
}

function checkCategories(values: string[], problems: ProblemCollector, pointer: string): string[] {
  values.forEach((value, index) => {
    if (!categoryPattern.test(value)) {
      problems.add(
        `${pointer}/${index}`,
        'invalid_special_category',
        'must be a lower-case code such as "pensioner" ([a-z][a-z0-9_]*)',
      );
    }
  });
  return [...new Set(values)];
}

function mergeCustomFields(
  current: Record<string, CustomFieldValue>,
  patch: ProfilePatch['customFields'],
  rules: ProfileRules,
  at: { problems: ProblemCollector; pointer: string },
): Record<string, CustomFieldValue> {
  if (patch === null || patch === undefined) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const field = `${at.pointer}/${key}`;
    const type = rules.definitions.get(key);
    if (type === undefined) {
      at.problems.add(field, 'unknown_custom_field', `no custom field "${key}" is defined`);
    } else if (value === null) {
      delete next[key];
    } else {
      const problem = customFieldProblem(type, value);
      if (problem) at.problems.add(field, 'custom_field_wrong_type', problem);
      else next[key] = value;
    }
  }
  return next;
}
