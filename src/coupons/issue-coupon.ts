import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict, notFound } from '../errors.ts';
import { recordEvents } from '../outbox/record-events.ts';
import type { Db } from '../store/database.ts';
import { findSeries } from './coupon-series.ts';
import { randomCodes } from './random-codes.ts';

/**
 * Issues a new code of a unique series to a customer (a campaign reward, a birthday gift): the code
 * is bound to that customer and valid for nobody else. A fresh code is generated rather than an
 * unissued one handed out, since unissued codes may already be printed or exported. Call it
 * inside the caller's transaction (e.g. the campaign's) so the reward and the code land together.
 * Refusals: `coupon_series_not_found`, `customer_not_found` (404), `shared_series_has_one_code`.
 */
export async function issueCoupon(
  db: Db,
  actor: Actor,
  input: { seriesId: string; customerId: string; now: Date },
): Promise<{ code: string; seriesId: string; customerId: string }> {
  const series = await findSeries(db, input.seriesId);
  if (series.kind === 'shared') {
    throw conflict('shared_series_has_one_code', 'A promo code series issues no personal codes');
  }
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', input.customerId)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  if (!customer) {
    throw notFound('customer_not_found', `No customer "${input.customerId}"`, '/customerId');
  }
  for (;;) {
    const [code] = randomCodes(series.prefix, series.random_length, 1) as [string];
    const inserted = await db
      .insertInto('coupons')
      .values({
        code,
        series_id: series.id,
        customer_id: input.customerId,
        max_uses: series.max_uses_per_code,
        issued_at: input.now,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    // A collision is as likely as a random guess; draw again rather than fail.
    if (inserted.numInsertedOrUpdatedRows === 0n) continue;
    await recordAudit(db, actor, {
      action: 'coupon.issue',
      entityType: 'coupon_series',
      entityId: series.id,
      after: { customerId: input.customerId, codeEnd: code.slice(-4) },
    });
    await recordEvents(
      db,
      [
        {
          type: 'coupon.issued',
          occurredAt: input.now,
          customerId: input.customerId,
          payload: { seriesId: series.id, code },
        },
      ],
      input.now,
    );
    return { code, seriesId: series.id, customerId: input.customerId };
  }
}
