import { describe, expect, it } from 'vitest';
import { combineProfiles } from './merge-rule.ts';
import { type CustomerProfile, emptyProfile } from './profile.ts';

const survivor: CustomerProfile = {
  ...emptyProfile,
  firstName: 'Ivan',
  city: 'Moscow',
  consents: { sms: false },
  specialCategories: ['employee'],
  customFields: { shoeSize: 42 },
};
const merged: CustomerProfile = {
  ...emptyProfile,
  firstName: 'Vanya',
  lastName: 'Petrov',
  birthDate: '1980-05-17',
  city: 'Tver',
  consents: { sms: true, email: true },
  specialCategories: ['pensioner', 'employee'],
  customFields: { shoeSize: 43, pet: 'cat' },
};

describe('combineProfiles', () => {
  it("keeps the survivor's answers and fills only its gaps from the merged profile", () => {
    expect(combineProfiles(survivor, merged)).toEqual({
      profile: {
        firstName: 'Ivan',
        lastName: 'Petrov',
        middleName: null,
        gender: null,
        birthDate: '1980-05-17',
        city: 'Moscow',
        consents: { sms: false, email: true },
        specialCategories: ['employee', 'pensioner'],
        customFields: { shoeSize: 42, pet: 'cat' },
      },
      filled: [
        'lastName',
        'birthDate',
        'consents.email',
        'specialCategories.pensioner',
        'customFields.pet',
      ],
    });
  });

  it('changes nothing when the merged profile is empty', () => {
    expect(combineProfiles(survivor, emptyProfile)).toEqual({ profile: survivor, filled: [] });
  });

  it('does not change its inputs', () => {
    const before = JSON.stringify([survivor, merged]);
    combineProfiles(survivor, merged);
    expect(JSON.stringify([survivor, merged])).toBe(before);
  });
});
