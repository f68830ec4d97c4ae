import type {
  LineState,
  MechanicInput,
  MechanicSettings,
  UsageLimits,
} from '../mechanics/mechanic.ts';
import type { CalculationContext } from '../model/context.ts';
import type { LineIndex } from '../ruleset/line-index.ts';
import {
  type ProductSelector,
  type SelectorMatcher,
  selectorMatcher,
} from '../selector/product-selector.ts';

/**
 * What a mechanic and the cart conditions see of one evaluation. Lines in a selector's scope: for
 * the promotion's indexed selector only the lines the ruleset index matched can qualify, so only
 * those are tested, a large saving with many promotions. When `observed` is given, every line
 * whose running amount the evaluation could read is recorded in it (-1: all lines), so a caller
 * can tell whether the result still holds on a changed cart.
 *
 * One instance per calculation, re-aimed at each evaluation with `prepare` rather than created per
 * evaluation (this runs for every candidate, and mechanics never keep their input). A class: the
 * methods and the `lines` getter are shared on the prototype.
 */
export class EvaluationInput<Args> implements MechanicInput<Args> {
  args!: Args;
  limits!: UsageLimits;
  private running: readonly LineState[] = [];
  private indexScope: ProductSelector | null = null;
  private indexMatcher: SelectorMatcher | null = null;
  private ordinal = 0;
  private observed: number[] | null = null;

  constructor(
    readonly context: CalculationContext,
    readonly settings: MechanicSettings,
    private readonly index: LineIndex,
    /** The lines the ruleset index matched per slot, as bits (see `Candidates`). */
    private readonly hitBits: Int32Array,
    private readonly words: number,
  ) {}

  /** Aims the input at one evaluation; returns it for chaining. */
  prepare(
    args: Args,
    limits: UsageLimits,
    running: readonly LineState[],
    indexScope: ProductSelector | null,
    indexMatcher: SelectorMatcher | null,
    ordinal: number,
    observed: number[] | null,
  ): this {
    this.args = args;
    this.limits = limits;
    this.running = running;
    this.indexScope = indexScope;
    this.indexMatcher = indexMatcher;
    this.ordinal = ordinal;
    this.observed = observed;
    return this;
  }

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
    const isIndexScope = scope === this.indexScope;
    const { matches } =
      isIndexScope && this.indexMatcher !== null ? this.indexMatcher : selectorMatcher(scope);
    const { index, hitBits, words } = this;
    const slot = isIndexScope ? this.ordinal : (index.secondarySlots.get(scope) ?? -1);
    // The index reports only matching lines for an exact slot: no test again.
    const exact = slot !== -1 && index.exact[slot] === 1;
    let found: LineState[] = [];
    if (slot === -1 || index.keyed[slot] !== 1) {
      for (const s of lines) if (matches(s.line)) found.push(s);
    } else if (words === 1) {
      const hits = hitBits[slot] as number;
      if (hits !== 0 && (hits & (hits - 1)) === 0) {
        // The common case of one matched line: no array grown by pushing, and for a selector of
        // product facts (most are) no second test of what the index already matched.
        const s = lines[31 - Math.clz32(hits)];
        if (s !== undefined && (exact || matches(s.line))) {
          this.observed?.push(s.index);
          return [s];
        }
        return [];
      }
      // Sized by the hits, then cut to the matches: no outgrown copies left behind.
      found = new Array<LineState>(bitCount(hits));
      let count = 0;
      for (let rest = hits; rest !== 0; rest &= rest - 1) {
        const s = lines[31 - Math.clz32(rest & -rest)];
        if (s !== undefined && (exact || matches(s.line))) found[count++] = s;
      }
      // Setting the length is a call into the runtime: only when some hit did not match.
      if (count !== found.length) found.length = count;
    } else {
      // A cart of more than 32 lines: its slot's words in turn, each word's lines ascending.
      for (let word = 0; word < words; word += 1) {
        for (let rest = hitBits[slot * words + word] as number; rest !== 0; rest &= rest - 1) {
          const s = lines[word * 32 + 31 - Math.clz32(rest & -rest)];
          if (s !== undefined && (exact || matches(s.line))) found.push(s);
        }
      }
    }
    const observed = this.observed;
    if (observed !== null) for (const s of found) observed.push(s.index);
    return found;
  }
}

/** The number of set bits of a 32-bit word. */
function bitCount(word: number): number {
  const pairs = word - ((word >>> 1) & 0x55555555);
  const nibbles = (pairs & 0x33333333) + ((pairs >>> 2) & 0x33333333);
  return Math.imul((nibbles + (nibbles >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
