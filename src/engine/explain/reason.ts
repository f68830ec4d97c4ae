/**
 * Stable machine codes of why a promotion applied, did not, or applied only in part. Codes are
 * part of the API: never rename one; new situations get new codes.
 */
export type ReasonCode =
  | 'applied'
  | 'not_active'
  | 'outside_validity'
  | 'outside_schedule'
  | 'wrong_store'
  | 'wrong_channel'
  | 'anonymous_not_allowed'
  | 'not_in_segment'
  | 'excluded_segment'
  | 'wrong_tier'
  | 'held_out'
  | 'coupon_required'
  | 'coupon_invalid'
  | 'limit_reached'
  | 'threshold_not_met'
  | 'next_tier'
  | 'min_quantity_not_met'
  | 'required_product_missing'
  | 'no_eligible_lines'
  | 'product_excluded'
  | 'no_benefit'
  | 'capped_by_min_price'
  | 'capped_by_line_limit'
  | 'capped_by_check_limit'
  | 'budget_exhausted'
  | 'suppressed_by'
  | 'best_order'
  | 'no_manual_request'
  | 'manual_role_not_allowed'
  | 'manual_limit_exceeded'
  | 'no_base_accrual';

/** Values a message template may use: amounts end in `Minor`, percentages in `Bp`. */
export type ReasonParams = Readonly<Record<string, string | number>>;

export interface Reason {
  readonly code: ReasonCode;
  readonly params: ReasonParams;
}

// Most refusals carry no params and repeat across promotions and calculations: share one object
// per code (reasons are immutable), which also lets explanations find their text by identity.
const plain = new Map<ReasonCode, Reason>();
const NO_PARAMS: ReasonParams = Object.freeze({});

export function reason(code: ReasonCode, params?: ReasonParams): Reason {
  if (params !== undefined) return { code, params };
  let shared = plain.get(code);
  if (shared === undefined) {
    shared = Object.freeze({ code, params: NO_PARAMS });
    plain.set(code, shared);
  }
  return shared;
}
