import { assertNonNegativeInteger } from './integers.ts';
import { drawInOrder, type LotDraw } from './lots.ts';

/**
 * Which lots get back `points` a return gives back to the customer. The points go back to the
 * lots the purchase burned, keeping their original expiry (a return never extends the life of
 * points), last burned first: those are the longest-lived, so the customer keeps the most time
 * to spend them. If a lot has expired meanwhile, its restored points go at the next expiry run.
 *
 * @param burned - the purchase's redemption draws in burn order, less earlier restorations
 * @throws RangeError when more is given back than was burned (a bug upstream)
 */
export function planRestore(burned: readonly LotDraw[], points: number): LotDraw[] {
  assertNonNegativeInteger('points', points);
  const total = burned.reduce((sum, draw) => sum + draw.points, 0);
  if (points > total) throw new RangeError(`cannot restore ${points} of ${total} burned points`);
  const lastFirst = [...burned]
    .reverse()
    .map((draw) => ({ lotId: draw.lotId, remaining: draw.points }));
  return drawInOrder(lastFirst, points);
}
