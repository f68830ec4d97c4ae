import type {
  LineState,
  MechanicInput,
  MechanicSettings,
  UsageLimits,
} from '../mechanics/mechanic.ts';
import type { CalculationContext } from '../model/context.ts';
import { type ProductSelector, selectorMatcher } from '../selector/product-selector.ts';
import type { CartLineIndex } from './cart-line-index.ts';

/**
 * What a mechanic and the cart conditions see of one evaluation. Lines in a selector's scope: for
 * the promotion's indexed selector only the lines the ruleset index matched can qualify, so only
 * those are tested, a large saving with many promotions. When `observed` is given, every line
 * whose running amount the evaluation could read is recorded in it (-1: all lines), so a caller
 * can tell whether the result still holds on a changed cart.
 *
 * A class rather than an object literal: one allocation per evaluation, with the methods and the
 * `lines` getter shared on the prototype (a getter in a literal is slow to create).
 */
export class EvaluationInput<Args> implements MechanicInput<Args> {
  constructor(
    readonly args: Args,
    readonly limits: UsageLimits,
    readonly context: CalculationContext,
    readonly settings: MechanicSettings,
    private readonly running: readonly LineState[],
    private readonly lineIndex: CartLineIndex,
    private readonly indexScope: ProductSelector | null,
    private readonly hits: readonly number[] | undefined,
    private readonly observed: number[] | null,
  ) {}

  get lines(): readonly LineState[] {
    this.observed?.push(-1);
    return this.running;
  }

  inScope(scope: ProductSelector | undefined): LineState[] {
    const lines = this.running;
    if (scope === undefined) {
      this.observed?.push(-1);
      return [...lines];
    }
    const { matches } = selectorMatcher(scope);
    const found: LineState[] = [];
    const hits = this.hits;
    if (scope !== this.indexScope || hits === undefined) {
      const candidates = this.lineIndex.candidates(scope);
      if (candidates === null) {
        for (const s of lines) if (matches(s.line)) found.push(s);
      } else {
        for (const i of candidates) {
          const s = lines[i];
          if (s !== undefined && matches(s.line)) found.push(s);
        }
      }
    } else if (hits.length === 1) {
      // The common case of one matched line: no array grown by pushing.
      const s = lines[hits[0] as number];
      if (s !== undefined && matches(s.line)) {
        this.observed?.push(s.index);
        return [s];
      }
      return [];
    } else {
      for (const i of hits) {
        const s = lines[i];
        if (s !== undefined && matches(s.line)) found.push(s);
      }
    }
    const observed = this.observed;
    if (observed !== null) for (const s of found) observed.push(s.index);
    return found;
  }
}
