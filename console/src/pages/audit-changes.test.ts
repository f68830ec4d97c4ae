import { describe, expect, it } from 'vitest';
import { changesOf, entityNameOf, shortId } from './audit-changes';

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
        key: 'thresholdMinor',
        before: 100_000,
        after: 150_000,
      },
      { field: 'channels', key: 'channels', before: ['offline'], after: ['offline', 'online'] },
      {
        field: 'title',
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
      { field: 'reason', key: 'reason', before: undefined, after: 'Жалоба' },
      { field: 'delta', key: 'delta', before: undefined, after: 100 },
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
});
