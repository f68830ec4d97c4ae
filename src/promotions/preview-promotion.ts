import {
  type CalculateCartDeps,
  type CalculateCartRequest,
  type CartCalculation,
  calculateCart,
} from '../carts/calculate-cart.ts';
import type { Explanation } from '../engine/model/calculation.ts';
import type { PromotionDefinition } from '../engine/promotion/promotion-schema.ts';
import { validatePromotion } from '../engine/promotion/validate-promotion.ts';
import { compileRuleset, type Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import { refuseDefinition } from './definition-problems.ts';

export interface PreviewRequest {
  /** The promotion as being edited: unsaved, in any status. */
  definition: unknown;
  /** A sample cart, priced as `POST /v1/carts/calculate` prices one. */
  cart: Omit<CalculateCartRequest, 'explain'>;
}

export interface PromotionPreview {
  /**
   * The cart priced by the active ruleset with the draft in it (in place of the stored promotion
   * of its id); its explanations are the applied promotions' and the draft's.
   */
  calculation: Omit<CartCalculation, 'cartLines'>;
  /** The same cart by the active ruleset as it stands, for comparison. */
  current: { totalMinor: number; discountMinor: number; bonusPoints: number };
  /** What the draft did on this cart, and why. */
  promotion: {
    promotionId: string;
    applied: boolean;
    discountMinor: number;
    points: number;
    explanation: Explanation | null;
  };
}

/**
 * Prices a sample cart with an unsaved promotion, writing nothing: the draft is checked as a save
 * checks it (refused with every problem at once, 400, fields under `/definition`), then compiled
 * into the current ruleset as if active, and the cart is priced by that ruleset and by the current
 * one. Usage limits and budgets count as they stand for the stored promotion of the same id.
 * Refusals of the cart are those of `calculateCart`.
 */
export async function previewPromotion(
  deps: CalculateCartDeps,
  request: PreviewRequest,
  apiKeyId: string | null,
): Promise<PromotionPreview> {
  const validated = validatePromotion(request.definition);
  if (!validated.ok) refuseDefinition(validated.problems, '/definition');
  const draft = validated.definition;
  const current = await deps.rulesets.current();
  const cart = { ...request.cart, explain: 'all' as const };
  const [withDraft, asStands] = await Promise.all([
    calculateCart(deps, cart, { apiKeyId, ruleset: withDraftIn(current, draft) }),
    calculateCart(deps, request.cart, { apiKeyId, ruleset: current }),
  ]);
  const { cartLines: _, ...calculation } = withDraft;
  const explanation = calculation.explanations.find((e) => e.promotionId === draft.id) ?? null;
  const applied = calculation.appliedPromotions.find((p) => p.promotionId === draft.id);
  return {
    calculation: {
      ...calculation,
      // Every promotion was explained so as to reach the draft; the rest add nothing here.
      explanations: calculation.explanations.filter((e) => e.applied || e.promotionId === draft.id),
    },
    current: {
      totalMinor: asStands.totalMinor,
      discountMinor: asStands.discountMinor,
      bonusPoints: asStands.bonusPoints,
    },
    promotion: {
      promotionId: draft.id,
      applied: applied !== undefined,
      discountMinor: applied?.discountMinor ?? 0,
      points: applied?.points ?? 0,
      explanation,
    },
  };
}

/** The ruleset with the draft, as active, in place of the promotion of its id. */
function withDraftIn(ruleset: Ruleset, draft: PromotionDefinition): Ruleset {
  const others = ruleset.promotions
    .map((p) => p.definition)
    .filter((definition) => definition.id !== draft.id);
  // The stored definitions were checked when compiled; the draft just now.
  return compileRuleset(
    [...others, { ...draft, status: 'active' }],
    `${ruleset.version}+draft`,
    ruleset.settings,
    true,
  );
}
