import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calculation } from '../model/calculation.ts';
import { type CartLine, lineAmountAt } from '../model/cart.ts';
import { mulDivFloor } from '../money/rounding.ts';
import { compileRuleset } from '../ruleset/compile-ruleset.ts';
import type { RulesetSettings } from '../ruleset/ruleset-settings.ts';
import { cartArb, pointValueArb, promotionsArb, settingsArb } from '../testing/arbitraries.ts';
import { context } from '../testing/fixtures.ts';
import { calculate } from './calculate.ts';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function checkInvariants(cart: CartLine[], settings: RulesetSettings, result: Calculation): void {
  expect(sum(result.lines.map((l) => l.totalMinor))).toBe(result.totalMinor);
  expect(result.subtotalMinor - result.discountMinor).toBe(result.totalMinor);
  expect(result.bonusPoints).toBe(sum(result.lines.map((l) => l.bonusPoints)));
  expect(result.roundingMinor).toBe(sum(result.lines.map((l) => l.roundingMinor)));
  for (const out of result.lines) {
    expect(out.totalMinor).toBeGreaterThanOrEqual(0);
    expect(out.roundingMinor).toBeGreaterThanOrEqual(0);
    if (out.gift) expect(out.roundingMinor).toBe(0);
    expect(sum(out.promotions.map((p) => p.discountMinor)) + out.roundingMinor).toBe(
      out.discountMinor,
    );
    expect(out.regularTotalMinor - out.discountMinor).toBe(out.totalMinor);
    if (out.quantity !== null) expect(out.unitPriceMinor * out.quantity).toBe(out.totalMinor);
  }
  for (const input of cart) {
    const parts = result.lines.filter((l) => l.lineId === input.lineId);
    const total = sum(parts.map((p) => p.totalMinor));
    const rounding = sum(parts.map((p) => p.roundingMinor));
    const regular = lineAmountAt(input, input.unitPriceMinor);
    expect(sum(parts.map((p) => p.regularTotalMinor))).toBe(regular);
    if (input.noDiscount) expect(total).toBe(regular);
    // The promotion limits hold for promotions; rounding is not one.
    expect(regular - total - rounding).toBeLessThanOrEqual(
      mulDivFloor(regular, settings.maxLineDiscountBp, 10_000),
    );
    const floor = lineAmountAt(input, input.minPriceMinor ?? 0);
    expect(total).toBeGreaterThanOrEqual(Math.min(floor, regular));
    for (const part of parts) {
      if (part.quantity !== null)
        expect(part.unitPriceMinor).toBeGreaterThanOrEqual(
          Math.min(input.minPriceMinor ?? 0, input.unitPriceMinor),
        );
    }
  }
  const cartSubtotal = sum(cart.map((l) => lineAmountAt(l, l.unitPriceMinor)));
  const cartDiscount = sum(result.lines.filter((l) => !l.gift).map((l) => l.discountMinor));
  expect(cartDiscount - result.roundingMinor).toBeLessThanOrEqual(
    mulDivFloor(cartSubtotal, settings.maxCheckDiscountBp, 10_000),
  );
  checkRounding(cart, settings, result);
}

/** The total is a multiple of the step unless every line is held at its floor or no-discount. */
function checkRounding(cart: CartLine[], settings: RulesetSettings, result: Calculation): void {
  const step = settings.roundTotalDownToMinor ?? 0;
  if (step <= 1) {
    expect(result.roundingMinor).toBe(0);
    return;
  }
  expect(result.roundingMinor).toBeLessThan(step);
  if (result.totalMinor % step === 0) return;
  for (const input of cart) {
    const total = sum(
      result.lines.filter((l) => l.lineId === input.lineId).map((l) => l.totalMinor),
    );
    if (!input.noDiscount)
      expect(total).toBeLessThanOrEqual(lineAmountAt(input, input.minPriceMinor ?? 0));
  }
}

describe('calculate properties', () => {
  it('totals add up, prices stay at or above minimum and zero, limits hold, lines are receipt-safe', () => {
    fc.assert(
      fc.property(
        cartArb,
        promotionsArb,
        settingsArb,
        pointValueArb,
        (cart, promotions, settings, pointValueMinor) => {
          const ruleset = compileRuleset(promotions, 'prop', settings);
          const calculation = calculate({ lines: cart }, context({ pointValueMinor }), ruleset);
          checkInvariants(cart, settings, calculation);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the same input gives the same bytes, even from a freshly compiled ruleset', () => {
    fc.assert(
      fc.property(cartArb, promotionsArb, settingsArb, (cart, promotions, settings) => {
        const first = calculate(
          { lines: cart },
          context(),
          compileRuleset(promotions, 'prop', settings),
        );
        const again = calculate(
          structuredClone({ lines: cart }),
          context(),
          compileRuleset(structuredClone(promotions), 'prop', settings),
        );
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      }),
      { numRuns: 200 },
    );
  });
});
