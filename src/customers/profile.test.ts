import { describe, expect, it } from 'vitest';
import { ProblemCollector } from '../errors.ts';
import { applyProfilePatch, type CustomerProfile, emptyProfile, sameProfile } from './profile.ts';

const rules = {
  definitions: new Map([
    ['shoeSize', 'integer'],
    ['vegan', 'boolean'],
    ['weddingDay', 'date'],
    ['nickname', 'string'],
  ] as const),
  // 23:00 UTC on 1 March is already 2 March at UTC+14.
  now: new Date('2024-03-01T23:00:00Z'),
};

function apply(current: CustomerProfile, patch: Parameters<typeof applyProfilePatch>[1]) {
  const problems = new ProblemCollector();
  const profile = applyProfilePatch(current, patch, rules, problems);
  return { profile, problems: problems.problems.map((p) => [p.field, p.code]) };
}

describe('applyProfilePatch', () => {
  it('trims text, clears with null or blank, and merges consents and custom fields by key', () => {
    const current: CustomerProfile = {
      ...emptyProfile,
      firstName: 'Ivan',
      lastName: 'Petrov',
      consents: { sms: true, push: false },
      customFields: { shoeSize: 42, vegan: true },
    };
    const { profile, problems } = apply(current, {
      firstName: '  Ivan  ',
      lastName: null,
      city: '   ',
      birthDate: '2024-03-02',
      consents: { sms: null, email: true },
      specialCategories: ['pensioner', 'pensioner', 'student'],
      customFields: { vegan: null, weddingDay: '2010-06-12' },
    });
    expect(problems).toEqual([]);
    expect(profile).toEqual({
      ...emptyProfile,
      firstName: 'Ivan',
      birthDate: '2024-03-02',
      consents: { email: true, push: false },
      specialCategories: ['pensioner', 'student'],
      customFields: { shoeSize: 42, weddingDay: '2010-06-12' },
    });
  });

  it('reports every problem at once', () => {
    const { problems } = apply(emptyProfile, {
      birthDate: '2024-03-03',
      specialCategories: ['ok', 'Not-Ok'],
      customFields: { shoeSize: 42.5, colour: 'red', weddingDay: '2010-02-30', nickname: 7 },
    });
    expect(problems).toEqual([
      ['/birthDate', 'birth_date_in_future'],
      ['/specialCategories/1', 'invalid_special_category'],
      ['/customFields/shoeSize', 'custom_field_wrong_type'],
      ['/customFields/colour', 'unknown_custom_field'],
      ['/customFields/weddingDay', 'custom_field_wrong_type'],
      ['/customFields/nickname', 'custom_field_wrong_type'],
    ]);
  });

  it.each(['2001-02-29', '1980-13-01', '17.05.1980', '1899-12-31'])(
    'refuses the birth date %s as not real',
    (birthDate) => {
      expect(apply(emptyProfile, { birthDate }).problems).toEqual([
        ['/birthDate', 'invalid_birth_date'],
      ]);
    },
  );
});

describe('sameProfile', () => {
  it('ignores the order of keys and categories', () => {
    const a = {
      ...emptyProfile,
      consents: { sms: true, email: false },
      specialCategories: ['a', 'b'],
    };
    const b = {
      ...emptyProfile,
      consents: { email: false, sms: true },
      specialCategories: ['b', 'a'],
    };
    expect(sameProfile(a, b)).toBe(true);
    expect(sameProfile(a, { ...b, city: 'Tver' })).toBe(false);
  });
});
