import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { fieldOf } from '../pages/promotion/promotion-form';
import { placeWarnings, warningText } from './server-warnings';

const body = {
  id: 'misses',
  couponRequired: true,
  conditions: { mustContain: { skus: ['BREAD', 'NO-SUCH-SKU'] } },
  audience: { tierIds: ['gold'] },
  stacking: { groupId: 'weekend' },
  mechanic: { kind: 'cross-discount', trigger: { brands: ['Borges', 'Nobrand'] } },
};

// The form's fields as antd registers them (a product scope is one control).
const registered = new Set(
  [
    ['couponRequired'],
    ['conditions', 'mustContain'],
    ['audience', 'tierIds'],
    ['mechanic', 'trigger'],
  ].map((name) => JSON.stringify(name)),
);

const warnings = [
  { field: '/conditions/mustContain/skus/1', code: 'unknown_sku', message: 'No product…' },
  { field: '/mechanic/trigger/brands/1', code: 'unknown_brand', message: 'No product of brand…' },
  { field: '/couponRequired', code: 'no_coupon_series', message: 'The promotion needs…' },
  { field: '/audience/tierIds/0', code: 'unknown_tier', message: 'No tier "gold"…' },
  { field: '/stacking/groupId', code: 'stacking_group_full', message: 'Group full' },
];

describe('warnings of a saved promotion', () => {
  it('are put at the control that draws the field they name, in Russian, with the value named', async () => {
    const { t } = await createI18n('ru');
    expect(placeWarnings(warnings, body, t, registered, fieldOf)).toEqual({
      fields: [
        {
          name: ['conditions', 'mustContain'],
          warnings: ['Товара с артикулом «NO-SUCH-SKU» сейчас нет в каталоге'],
        },
        {
          name: ['mechanic', 'trigger'],
          warnings: ['Товаров бренда «Nobrand» сейчас нет в каталоге'],
        },
        {
          name: ['couponRequired'],
          warnings: [
            'Акции нужен купон, а ни одна серия купонов ещё не выдаёт для неё кодов: пока такой серии нет, акция ни к кому не применится',
          ],
        },
        { name: ['audience', 'tierIds'], warnings: ['Уровня «gold» нет в программе уровней'] },
      ],
      // No field draws the stacking group here, so it goes to the alert.
      unplaced: ['В группе «weekend» уже столько активных акций, сколько касса может перебрать'],
    });
  });

  it('read in English, and a code the console has no words for keeps the server’s text', async () => {
    const { t } = await createI18n('en');
    expect(warningText(warnings[3] as (typeof warnings)[number], body, t)).toBe(
      'No tier «gold» in the tier programme',
    );
    expect(
      warningText({ field: '/mechanic/scope', code: 'empty_scope', message: 'x' }, body, t),
    ).toBe('No product of the catalogue matches this today (price conditions aside)');
    expect(warningText({ field: '/id', code: 'brand_new_code', message: 'As said' }, body, t)).toBe(
      'As said',
    );
  });
});
