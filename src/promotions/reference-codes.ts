import type { FieldProblem } from '../errors.ts';

/**
 * Stable codes of what a promotion names that matches nothing (or a `best-order` group already
 * full). The first five never stop a save
 * (catalogue references and coupon series); the others refuse it (422) unless the promotion is
 * paused or archived.
 */
export const referenceCodes = [
  'unknown_sku',
  'unknown_brand',
  'unknown_category',
  'empty_scope',
  'no_coupon_series',
  'unknown_store',
  'unknown_stacking_group',
  'unknown_segment',
  'unknown_tier',
  'stacking_group_full',
] as const;

export type ReferenceCode = (typeof referenceCodes)[number];

/** A reference that matches nothing, at a JSON pointer into the definition. */
export interface ReferenceProblem extends FieldProblem {
  code: ReferenceCode;
}
