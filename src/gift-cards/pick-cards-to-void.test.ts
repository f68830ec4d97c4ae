import { describe, expect, it } from 'vitest';
import { pickCardsToVoid, type SoldCard, type VoidScope } from './pick-cards-to-void.ts';

const card = (number: string, lineId: string | null, balanceMinor = 100_000): SoldCard => ({
  number,
  lineId,
  nominalMinor: 100_000,
  balanceMinor,
  expiredMinor: 0,
});
const returning = (...lines: [string, number][]): VoidScope => ({
  kind: 'return',
  lines: lines.map(([lineId, units], i) => ({ lineId, units, field: `/lines/${i}/quantity` })),
});

const sold = [
  card('9000000000000003', 'cards'),
  card('9000000000000001', 'cards', 90_000),
  card('9000000000000002', 'cards'),
  card('9000000000000004', 'box'),
  card('9000000000000000', null),
];

describe('pickCardsToVoid', () => {
  it.each([
    {
      name: 'one unit takes the unspent card with the lowest number',
      scope: returning(['cards', 1]),
      numbers: ['9000000000000002'],
    },
    {
      name: 'two units take both unspent cards, by number',
      scope: returning(['cards', 2]),
      numbers: ['9000000000000002', '9000000000000003'],
    },
    {
      name: 'each returned line takes its own cards only',
      scope: returning(['box', 1], ['cards', 1]),
      numbers: ['9000000000000004', '9000000000000002'],
    },
    {
      name: 'more units than cards left take the cards left',
      scope: returning(['box', 3]),
      numbers: ['9000000000000004'],
    },
    {
      name: 'a line that sold no card takes none',
      scope: returning(['tea', 2]),
      numbers: [],
    },
  ])('$name', ({ scope, numbers }) => {
    const pick = pickCardsToVoid(sold, scope);
    expect(pick).toEqual({ ok: true, cards: expect.any(Array) });
    if (pick.ok) expect(pick.cards.map((c) => c.number)).toEqual(numbers);
  });

  it('refuses when the units reach a card spent from, at the field that asked for them', () => {
    expect(pickCardsToVoid(sold, returning(['box', 1], ['cards', 3]))).toEqual({
      ok: false,
      spent: sold[1],
      field: '/lines/1/quantity',
    });
  });

  it('a cancel takes every card, tied to a line or not, by number', () => {
    const whole = sold.filter((c) => c.balanceMinor === c.nominalMinor);
    const pick = pickCardsToVoid(whole, { kind: 'cancel' });
    expect(pick.ok && pick.cards.map((c) => c.number)).toEqual([
      '9000000000000000',
      '9000000000000002',
      '9000000000000003',
      '9000000000000004',
    ]);
    expect(pickCardsToVoid(sold, { kind: 'cancel' })).toEqual({
      ok: false,
      spent: sold[1],
      field: '/id',
    });
  });
});

describe('pickCardsToVoid after expiry', () => {
  it('takes back a card whose balance lapsed unspent, and still refuses one spent before', () => {
    const lapsed = { ...card('9000000000000005', 'cards', 0), expiredMinor: 100_000 };
    const spentThenLapsed = { ...card('9000000000000006', 'box', 0), expiredMinor: 70_000 };
    expect(pickCardsToVoid([lapsed], returning(['cards', 1]))).toEqual({
      ok: true,
      cards: [lapsed],
    });
    expect(pickCardsToVoid([spentThenLapsed], returning(['box', 1]))).toEqual({
      ok: false,
      spent: spentThenLapsed,
      field: '/lines/0/quantity',
    });
  });
});
