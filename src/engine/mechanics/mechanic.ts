import type { TSchema } from 'typebox';
import type { Reason } from '../explain/reason.ts';
import type { CartLine } from '../model/cart.ts';
import type { CalculationContext } from '../model/context.ts';
import type { ProductSelector } from '../selector/product-selector.ts';

export interface ArgsProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** A cart line as a mechanic sees it: the input line and its running amount. */
export interface LineState {
  readonly index: number;
  readonly line: CartLine;
  /** Whole units, or 1 for a weighed item. */
  readonly units: number;
  readonly weighted: boolean;
  readonly regularMinor: number;
  /** The line's amount after the promotions applied so far. */
  readonly currentMinor: number;
}

/** The promotion's unit and repeat limits as written in its definition (absent: none). */
export interface LimitsAsWritten {
  readonly maxUnitsPerCheck?: number | undefined;
  readonly maxRepeats?: number | undefined;
}

export interface UsageLimits {
  readonly maxUnits: number | null;
  readonly maxRepeats: number | null;
}

export interface MechanicSettings {
  readonly pointValueMinor: number;
  readonly manualDiscountLimitsBp: Readonly<Record<string, number>>;
}

/** The running cart's lines, and those a selector picks, in cart order. */
export interface ScopeReader {
  readonly lines: readonly LineState[];
  /** A fresh array on every call (the caller may keep or change it). */
  inScope(scope: ProductSelector | undefined): LineState[];
}

export interface MechanicInput<Args> extends ScopeReader {
  readonly args: Args;
  readonly limits: UsageLimits;
  readonly context: CalculationContext;
  readonly settings: MechanicSettings;
}

export interface LinePoints {
  readonly index: number;
  readonly points: number;
}

export interface GiftGrant {
  readonly sku: string;
  readonly quantity: number;
  readonly regularPriceMinor: number;
  readonly priceMinor: number;
}

export interface MechanicReward {
  readonly applied: true;
  /** The line discounts: entries `discountsFrom..discountsTo` of the flat store (line-discounts.ts). */
  readonly discountsFrom: number;
  readonly discountsTo: number;
  /**
   * True when the discount is one amount split over the lines: what a line cannot take (minimum
   * price, line limit) may move to the others. Per-unit discounts are not moved.
   */
  readonly splittable: boolean;
  readonly points: readonly LinePoints[];
  readonly gifts: readonly GiftGrant[];
  /** Extra advice for the customer, e.g. how much is missing to the next tier. */
  readonly hint: Reason | undefined;
}

export type MechanicOutcome = MechanicReward | { readonly applied: false; readonly reason: Reason };

/**
 * A configurable operation: a stable code, the schema of its arguments (`{kind, ...args}`) and one
 * pure function. `indexScope` names the selector a cart must touch for the mechanic to possibly
 * apply (null: any cart), so a ruleset can skip promotions that cannot touch a cart.
 */
export interface Mechanic<Args extends { kind: string } = { kind: string }> {
  readonly code: Args['kind'];
  readonly argsSchema: TSchema;
  readonly description: string;
  indexScope(args: Args): ProductSelector | null;
  /**
   * Rules of its args the schema cannot say and the engine relies on (e.g. tiers ascending);
   * paths relative to the mechanic. Checked on save and when a ruleset is compiled.
   */
  check?(args: Args): ArgsProblem[];
  /**
   * Save-time rules: limits the mechanic would promise and never honour (max repeats on a reward
   * given once per check). Paths from the definition's root. Checked only on save, so a definition
   * stored before a newer rule existed still compiles (the engine ignores such a limit).
   */
  limitRules?(args: Args, limits: LimitsAsWritten): ArgsProblem[];
  apply(input: MechanicInput<Args>): MechanicOutcome;
}
