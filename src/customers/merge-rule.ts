import { type CustomerProfile, consentChannels } from './profile.ts';

const scalarFields = [
  'firstName',
  'lastName',
  'middleName',
  'gender',
  'birthDate',
  'city',
] as const;

/**
 * The survivor's profile after another profile of the same person is merged into it.
 *
 * The rule: **the survivor's answer wins wherever it has one; the merged profile only fills
 * gaps**. The survivor is the profile the operator chose to keep, so its data is taken as the
 * more trusted.
 * - first/last/middle name, gender, birth date, city: the survivor's value, or the merged
 *   profile's where the survivor's is empty;
 * - consents, per channel (sms, email, push): the survivor's recorded answer, else the merged
 *   profile's. A recorded refusal (`false`) is an answer and is kept: a merge never turns a
 *   "no" into a "yes";
 * - special categories: the union, survivor's first. Each was granted on evidence (a pension
 *   certificate, an employee badge) that a merge does not take away;
 * - custom fields, per key: the survivor's value, else the merged profile's.
 *
 * Returns the combined profile and `filled`, the paths taken from the merged profile
 * (`birthDate`, `consents.sms`, `specialCategories.student`, `customFields.shoeSize`).
 */
export function combineProfiles(
  survivor: CustomerProfile,
  merged: CustomerProfile,
): { profile: CustomerProfile; filled: string[] } {
  const profile: CustomerProfile = {
    ...survivor,
    consents: { ...survivor.consents },
    customFields: { ...survivor.customFields },
  };
  const filled: string[] = [];
  for (const field of scalarFields) {
    if (survivor[field] === null && merged[field] !== null) {
      Object.assign(profile, { [field]: merged[field] });
      filled.push(field);
    }
  }
  for (const channel of consentChannels) {
    const answer = merged.consents[channel];
    if (survivor.consents[channel] === undefined && answer !== undefined) {
      profile.consents[channel] = answer;
      filled.push(`consents.${channel}`);
    }
  }
  const newCategories = merged.specialCategories.filter(
    (category) => !survivor.specialCategories.includes(category),
  );
  profile.specialCategories = [...survivor.specialCategories, ...newCategories];
  filled.push(...newCategories.map((category) => `specialCategories.${category}`));
  for (const [key, value] of Object.entries(merged.customFields)) {
    if (!(key in survivor.customFields)) {
      profile.customFields[key] = value;
      filled.push(`customFields.${key}`);
    }
  }
  return { profile, filled };
}
