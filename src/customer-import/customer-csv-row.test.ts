import { describe, expect, it } from 'vitest';
import { parseCustomerHeader, parseCustomerRow } from './customer-csv-row.ts';

const header = parseCustomerHeader([
  'external_id',
  'phone',
  'card',
  'First_Name',
  'gender',
  'birth_date',
  'consent_sms',
  'field:shoeSize:number',
  'field:vegan:boolean',
  'field:shop',
  'tier',
  'points',
  'valid_until',
  'activates_on',
]);

describe('a customers CSV row', () => {
  it('reads identifiers, profile, custom fields by type, tier and a lot', () => {
    const values = [
      ' C-1 ',
      '8 912 345-67-89',
      '2000 0001 | 2000 0002',
      'Вера',
      'female',
      '01.04.1990',
      'yes',
      '38',
      '0',
      'msk',
      'gold',
      '1200',
      '31.12.2030',
      '2030-06-01',
    ];
    expect(parseCustomerRow(header, values, false)).toEqual({
      ok: true,
      externalId: 'C-1',
      row: {
        externalId: 'C-1',
        identifiers: [
          { kind: 'phone', value: '8 912 345-67-89' },
          { kind: 'card', value: '2000 0001' },
          { kind: 'card', value: '2000 0002' },
        ],
        firstName: 'Вера',
        gender: 'female',
        birthDate: '1990-04-01',
        consents: { sms: true },
        customFields: { shoeSize: 38, vegan: false, shop: 'msk' },
        tierId: 'gold',
      },
      lot: { points: 1200, validUntil: '2030-12-31', activatesOn: '2030-06-01' },
    });
  });

  it('tells "never" from an empty valid_until, and a row without points has no lot', () => {
    const row = (points: string, validUntil: string) =>
      parseCustomerRow(
        header,
        ['C-2', '', '', '', '', '', '', '', '', '', '', points, validUntil, ''],
        false,
      );
    expect(row('300', 'never')).toMatchObject({ lot: { points: 300, validUntil: null } });
    expect(row('300', '')).toMatchObject({ lot: { points: 300 } });
    expect(row('300', '')).not.toHaveProperty('lot.validUntil');
    expect(row('', '')).toMatchObject({ ok: true, lot: null });
  });

  it('names every bad cell, and a further row may hold only a lot', () => {
    const bad = ['C-3', '', '', '', 'f', '', 'maybe', 'big', '', '', '', '1.5', '', ''];
    expect(parseCustomerRow(header, bad, false)).toEqual({
      ok: false,
      externalId: 'C-3',
      reason:
        'points: must be a whole number; gender: must be male or female; consent_sms: must be true/false, 1/0 or yes/no; field:shoeSize:number: must be a number',
    });
    const further = ['C-3', '', '', 'Вера', '', '', '', '', '', 'msk', '', '10', '', ''];
    expect(parseCustomerRow(header, further, true)).toEqual({
      ok: false,
      externalId: 'C-3',
      reason:
        'first_name, field:shop: a further row of customer C-3 holds only another lot (points, valid_until, activates_on)',
    });
    const dates = ['C-3', '', '', '', '', '', '', '', '', '', '', '', '2030-01-01', ''];
    expect(parseCustomerRow(header, dates, false)).toMatchObject({
      ok: false,
      reason: 'points: a lot with dates needs its points',
    });
  });

  it('refuses a header without external_id, with an unknown or a repeated column', () => {
    expect(() => parseCustomerHeader(['phone'])).toThrow('the column "external_id" is required');
    expect(() => parseCustomerHeader(['external_id', 'nickname'])).toThrow(
      'unknown column "nickname"',
    );
    expect(() => parseCustomerHeader(['external_id', 'Phone', 'phone'])).toThrow(
      'column "phone" appears twice',
    );
  });
});
