import { type Reason, reason } from '../explain/reason.ts';
import type { ScopeReader } from '../mechanics/mechanic.ts';
import { linesInScope, totalUnits } from '../mechanics/scope-lines.ts';
import type { CartConditions } from '../promotion/promotion-schema.ts';

/**
 * Cart conditions, checked on the running cart (amounts after the promotions applied before), so
 * a minimum subtotal counts what the customer would actually pay.
 */
export function checkCartConditions(
  conditions: CartConditions | undefined,
  reader: ScopeReader,
): Reason | null {
  if (conditions === undefined) return null;
  const { minSubtotal, minQuantity, mustContain } = conditions;
  if (mustContain !== undefined && linesInScope(reader, mustContain).length === 0) {
    return reason('required_product_missing');
  }
  if (minSubtotal !== undefined) {
    const subtotal = linesInScope(reader, minSubtotal.scope).reduce(
      (s, l) => s + l.currentMinor,
      0,
    );
    if (subtotal < minSubtotal.amountMinor) {
      return reason('threshold_not_met', {
        missingMinor: minSubtotal.amountMinor - subtotal,
        thresholdMinor: minSubtotal.amountMinor,
      });
    }
  }
  if (minQuantity !== undefined) {
    const units = totalUnits(linesInScope(reader, minQuantity.scope));
    if (units < minQuantity.quantity) {
      return reason('min_quantity_not_met', { missingUnits: minQuantity.quantity - units });
    }
  }
  return null;
}
