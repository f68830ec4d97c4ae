import { type LocalTime, localTimeAt } from '../../calendar/local-time.ts';
import type { CalculationContext } from '../model/context.ts';

/** What eligibility needs of the context, prepared once per calculation. */
export interface EvaluationEnv {
  readonly context: CalculationContext;
  readonly nowMs: number;
  /** True when the context carries use counters for some promotion. */
  readonly hasUsage: boolean;
  /** Local time in the store's zone, computed on first use. */
  localTime(): LocalTime;
  /** The customer's segments as a set (empty when anonymous), built on first use. */
  segments(): ReadonlySet<string>;
}

export function evaluationEnv(context: CalculationContext): EvaluationEnv {
  const nowMs = Date.parse(context.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not an instant: ${context.now}`);
  let cached: LocalTime | undefined;
  let segments: ReadonlySet<string> | undefined;
  let hasUsage = false;
  for (const _ in context.usage) {
    hasUsage = true;
    break;
  }
  return {
    context,
    nowMs,
    hasUsage,
    localTime() {
      cached ??= localTimeAt(nowMs, context.store.timeZone);
      return cached;
    },
    segments() {
      segments ??= new Set(context.customer?.segmentIds ?? []);
      return segments;
    },
  };
}
