/**
 * Perk's promotion engine: pure, deterministic calculation of promotions over a cart.
 * The API layer validates input with the exported schemas, compiles a ruleset once per
 * version of the promotions, and calls `calculate` per cart.
 */
export { calculate } from './calculate/calculate.ts';
export type { LocalizedText } from './explain/messages.ts';
export type { Reason, ReasonCode, ReasonParams } from './explain/reason.ts';
export { type MechanicArgs, MechanicArgsSchema } from './mechanics/mechanic-args.ts';
export { mechanics } from './mechanics/registry.ts';
export type * from './model/calculation.ts';
export { type Cart, type CartLine, CartLineSchema, CartSchema } from './model/cart.ts';
export {
  type CalculationContext,
  CalculationContextSchema,
  type CouponEntry,
  type ManualDiscountRequest,
  type PromotionUsage,
} from './model/context.ts';
export { allocate, allocateCapped } from './money/allocate.ts';
export { formatMoney } from './money/format-money.ts';
export type { Problem } from './promotion/problem.ts';
export {
  type PromotionDefinition,
  PromotionDefinitionSchema,
} from './promotion/promotion-schema.ts';
export { type ValidationResult, validatePromotion } from './promotion/validate-promotion.ts';
export { compileRuleset, type Ruleset } from './ruleset/compile-ruleset.ts';
export {
  defaultRulesetSettings,
  type RulesetSettings,
  RulesetSettingsSchema,
} from './ruleset/ruleset-settings.ts';
export { type ProductSelector, ProductSelectorSchema } from './selector/product-selector.ts';
