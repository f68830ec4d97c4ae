/** An active gift card a purchase sold, with the till line that sold it (null: not tied to one). */
export interface SoldCard {
  number: string;
  lineId: string | null;
  nominalMinor: number;
  balanceMinor: number;
  /** Written off by expiry (`expire` entries): lapsed, not spent, so the card may still go back. */
  expiredMinor: number;
}

/** Whole units of one till line coming back in a return, and the request field that asks it. */
export interface ReturnedUnits {
  lineId: string;
  units: number;
  field: string;
}

/** A cancel takes back the whole purchase; a return only the units it names. */
export type VoidScope = { kind: 'cancel' } | { kind: 'return'; lines: readonly ReturnedUnits[] };

export type VoidPick =
  | { ok: true; cards: SoldCard[] }
  | { ok: false; spent: SoldCard; field: string };

/**
 * Which of a purchase's active sold cards go back with a return or cancel. A cancel takes every
 * one, tied to a line or not. A return of k units of a line takes k of the cards that line sold
 * (all that are left when fewer are): unspent cards first, then by card number, so every node and
 * every retry picks the same cards and a partly spent card is kept while an unspent one can go.
 * A picked card that was spent from cannot be taken back: the pick is refused, naming it.
 */
export function pickCardsToVoid(cards: readonly SoldCard[], scope: VoidScope): VoidPick {
  const isSpent = (card: SoldCard) => card.balanceMinor + card.expiredMinor < card.nominalMinor;
  const picked: { card: SoldCard; field: string }[] =
    scope.kind === 'cancel'
      ? [...cards].sort(byNumber).map((card) => ({ card, field: '/id' }))
      : scope.lines.flatMap(({ lineId, units, field }) =>
          cards
            .filter((card) => card.lineId === lineId)
            .sort((a, b) => Number(isSpent(a)) - Number(isSpent(b)) || byNumber(a, b))
            .slice(0, units)
            .map((card) => ({ card, field })),
        );
  const spent = picked.find(({ card }) => isSpent(card));
  if (spent) return { ok: false, spent: spent.card, field: spent.field };
  return { ok: true, cards: picked.map(({ card }) => card) };
}

function byNumber(a: SoldCard, b: SoldCard): number {
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}
