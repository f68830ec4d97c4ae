import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { changesOf, entityNameOf, fieldLabel, shortId, unitOf } from './audit-changes';

describe('an audit entry as people read it', () => {
  it('lists each changed value at its path, not the whole state', () => {
    const before = {
      name: 'Молоко −15%',
      rules: [{ thresholdMinor: 100_000, discountBp: 1_500 }],
      channels: ['offline'],
      title: { ru: 'Скидка', en: 'Discount' },
    };
    const after = {
      name: 'Молоко −15%',
      rules: [{ thresholdMinor: 150_000, discountBp: 1_500 }],
      channels: ['offline', 'online'],
      title: { ru: 'Скидка', en: 'Sale' },
    };
    expect(changesOf({ entityType: 'promotion', before, after })).toEqual([
      {
        field: 'rules › 1 › thresholdMinor',
        path: ['rules', '1', 'thresholdMinor'],
        key: 'thresholdMinor',
        before: 100_000,
        after: 150_000,
      },
      {
        field: 'channels',
        path: ['channels'],
        key: 'channels',
        before: ['offline'],
        after: ['offline', 'online'],
      },
      {
        field: 'title',
        path: ['title'],
        key: 'title',
        before: { ru: 'Скидка', en: 'Discount' },
        after: { ru: 'Скидка', en: 'Sale' },
      },
    ]);
  });

  it('a creation lists every value it set; null and missing are the same', () => {
    expect(
      changesOf({
        entityType: 'customer',
        before: null,
        after: { reason: 'Жалоба', delta: 100, note: null },
      }),
    ).toEqual([
      { field: 'reason', path: ['reason'], key: 'reason', before: undefined, after: 'Жалоба' },
      { field: 'delta', path: ['delta'], key: 'delta', before: undefined, after: 100 },
    ]);
  });

  it.each([
    [{ after: { name: 'Москва' } }, 'Москва'],
    [{ after: { name: { ru: 'Золото', en: 'Gold' } } }, 'Gold'],
    [{ before: { definition: { name: 'Молоко' } }, after: null }, 'Молоко'],
    [{ after: { firstName: 'Анна', lastName: 'Петрова' } }, 'Петрова Анна'],
    [{ after: { survivor: { firstName: 'Иван' }, mergedId: 'x' } }, 'Иван'],
    [{ after: { operationId: 'op', reason: 'Жалоба' } }, null],
  ])('names %j as %s', (states, name) => {
    expect(entityNameOf({ entityType: 'x', before: undefined, ...states }, 'en')).toBe(name);
  });

  it('shows a UUID by its start, other ids whole', () => {
    expect(shortId('0b6f3c1e-2a4d-4c1b-9f0e-1234567890ab')).toBe('0b6f3c1e…');
    expect(shortId('1C:store-7')).toBe('1C:store-7');
  });

  it('names the fields of a promotion, a tier programme and the points settings in the operator’s language', async () => {
    const ru = await createI18n('ru');
    const en = await createI18n('en');
    const labels = (language: typeof ru) => (key: string) =>
      language.exists(`auditFields.${key}`) ? language.t(`auditFields.${key}`) : undefined;
    const promotion = {
      entityType: 'promotion',
      before: {
        mechanic: { kind: 'percent-off', percentBp: 1000 },
        stacking: { priority: 1 },
        audience: { tierIds: ['gold'] },
        limits: { budgetMinor: 500_000 },
        vendorExtra: 1,
      },
      after: {
        mechanic: { kind: 'amount-off', percentBp: 1500 },
        stacking: { priority: 2 },
        audience: { tierIds: ['gold', 'silver'] },
        limits: { budgetMinor: 600_000 },
        vendorExtra: 2,
      },
    };
    const changes = changesOf(promotion);
    expect(changes.map((change) => fieldLabel(change, labels(ru)))).toEqual([
      'Механика',
      'Механика › Скидка',
      'Совмещение › Приоритет',
      'Аудитория › Уровни',
      'Ограничения › Бюджет',
      // A field the console has no label for: the API's path is shown instead.
      null,
    ]);
    expect(changes.map((change) => fieldLabel(change, labels(en)))).toEqual([
      'Mechanic',
      'Mechanic › Discount',
      'Stacking › Priority',
      'Audience › Tiers',
      'Limits › Budget',
      null,
    ]);
    expect(changes.map((change) => unitOf(promotion, change))).toEqual([
      'number',
      'percent',
      'number',
      'number',
      'money',
      'number',
    ]);

    const tiers = {
      entityType: 'tier_program',
      before: { metric: 'spent_minor', tiers: [{ id: 'base' }, { threshold: 100_000 }] },
      after: { metric: 'spent_minor', tiers: [{ id: 'base' }, { threshold: 150_000 }] },
    };
    const [threshold] = changesOf(tiers);
    expect(threshold && fieldLabel(threshold, labels(ru))).toBe('Уровни › 2 › Порог');
    expect(threshold && unitOf(tiers, threshold)).toBe('money');
    const purchases = { ...tiers, after: { ...tiers.after, metric: 'purchase_count' } };
    expect(threshold && unitOf(purchases, threshold)).toBe('number');

    const settings = {
      entityType: 'points_settings',
      before: { accrualRateBpByTier: { gold: 500 }, expiry: { count: 12 } },
      after: { accrualRateBpByTier: { gold: 700 }, expiry: { count: 6 } },
    };
    const [rate, expiry] = changesOf(settings);
    expect(rate && fieldLabel(rate, labels(ru))).toBe('Ставка начисления по уровням › gold');
    expect(rate && unitOf(settings, rate)).toBe('percent');
    expect(expiry && fieldLabel(expiry, labels(en))).toBe('Expiry › Expire after');
  });
});
