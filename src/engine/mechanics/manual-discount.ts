import { type Static, Type } from 'typebox';
import { reason } from '../explain/reason.ts';
import { allocate } from '../money/allocate.ts';
import { mulDivFloor } from '../money/rounding.ts';
import { ProductSelectorSchema } from '../selector/product-selector.ts';
import { describeArgs, scopeText } from './describe-args.ts';
import { addLineDiscount, nextDiscount } from './line-discounts.ts';
import type { LineState, Mechanic } from './mechanic.ts';
import { discountReward, refuse } from './outcome.ts';
import { discountableInScope, isReason } from './scope-lines.ts';
import { percentOffLines } from './unit-picking.ts';

const bareArgs = Type.Object(
  { kind: Type.Literal('manual-discount'), scope: Type.Optional(ProductSelectorSchema) },
  { additionalProperties: false },
);

export const ManualDiscountArgsSchema = describeArgs(bareArgs, {
  name: { ru: 'Ручная скидка кассира', en: 'Manual cashier discount' },
  description: {
    ru: 'Кассир даёт скидку в пределах лимита своей роли, указав причину',
    en: "A cashier's discount within the role's limit, with a reason",
  },
  example: { kind: 'manual-discount' },
  fields: {
    scope: scopeText(
      { categoryIds: ['clothes'] },
      {
        ru: 'Необязательно: на какие позиции кассир может дать скидку; без выборки — на весь чек',
        en: 'Optional: which lines the cashier may discount; without it, the whole cart',
      },
    ),
  },
});

export type ManualDiscountArgs = Static<typeof ManualDiscountArgsSchema>;

/**
 * A cashier's discount (percent or amount, with a reason) on the lines in scope, refused when it
 * exceeds the ruleset's limit for the cashier's role. The request comes with the context.
 */
export const manualDiscount: Mechanic<ManualDiscountArgs> = {
  code: 'manual-discount',
  argsSchema: ManualDiscountArgsSchema,
  description: "A cashier's discount within the role's limit",
  indexScope: (args) => args.scope ?? null,
  apply(input) {
    const { args, context, settings } = input;
    const request = context.manualDiscount;
    if (request === undefined) return refuse(reason('no_manual_request'));
    const role = request.cashierRole;
    const limitBp = settings.manualDiscountLimitsBp[role];
    if (limitBp === undefined || limitBp === 0)
      return refuse(reason('manual_role_not_allowed', { role }));
    const eligible = discountableInScope(input, args.scope);
    if (isReason(eligible)) return refuse(eligible);
    const base = eligible.reduce((sum, s) => sum + s.currentMinor, 0);
    const wantedBp = request.percentBp ?? 0;
    const wantedMinor = request.amountMinor ?? 0;
    if (wantedBp > limitBp || wantedMinor > mulDivFloor(base, limitBp, 10_000)) {
      return refuse(reason('manual_limit_exceeded', { role, limitBp }));
    }
    const from = nextDiscount();
    if (request.percentBp !== undefined) {
      percentOffLines(eligible, wantedBp);
      return discountReward(from, { splittable: false });
    }
    const shares = allocate(
      wantedMinor,
      eligible.map((s) => s.currentMinor),
    );
    for (let k = 0; k < eligible.length; k += 1) {
      addLineDiscount((eligible[k] as LineState).index, shares[k] ?? 0);
    }
    return discountReward(from, { splittable: true });
  },
};
