import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

const redacted = `to_jsonb('[redacted]'::text)`;

/**
 * The calculation log kept what tills sent as sent: the customer's phone, card, e-mail or
 * external id and the coupon codes. Logged from now on with them masked (each string
 * `[redacted]`, the shape kept, as `maskJson` does); the rows already kept are masked here the
 * same way. A customer given by `id` keeps it: it is how support finds the calculations.
 * Free text (a manual discount's reason) of those rows is left to the retention to delete.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `UPDATE calculation_log SET request = jsonb_set(request, '{customer}', (
       SELECT jsonb_object_agg(name, CASE
         WHEN name = 'id' THEN value
         WHEN jsonb_typeof(value) = 'string' THEN ${redacted}
         WHEN jsonb_typeof(value) = 'object' THEN (
           SELECT jsonb_object_agg(inner_name, CASE WHEN jsonb_typeof(inner_value) = 'string'
             THEN ${redacted} ELSE inner_value END)
           FROM jsonb_each(value) AS fields (inner_name, inner_value))
         ELSE value END)
       FROM jsonb_each(request -> 'customer') AS entries (name, value)))
     WHERE jsonb_typeof(request -> 'customer') = 'object'
       AND (request -> 'customer') - 'id' <> '{}'::jsonb`,
    `UPDATE calculation_log SET request = jsonb_set(request, '{couponCodes}', (
       SELECT jsonb_agg(CASE WHEN jsonb_typeof(code) = 'string' THEN ${redacted} ELSE code END)
       FROM jsonb_array_elements(request -> 'couponCodes') AS codes (code)))
     WHERE jsonb_typeof(request -> 'couponCodes') = 'array'
       AND jsonb_array_length(request -> 'couponCodes') > 0`,
    `UPDATE calculation_log SET result = jsonb_set(result, '{coupons}', (
       SELECT jsonb_agg(CASE WHEN jsonb_typeof(coupon -> 'code') = 'string'
         THEN jsonb_set(coupon, '{code}', ${redacted}) ELSE coupon END ORDER BY position)
       FROM jsonb_array_elements(result -> 'coupons') WITH ORDINALITY AS coupons (coupon, position)))
     WHERE jsonb_typeof(result -> 'coupons') = 'array'
       AND jsonb_array_length(result -> 'coupons') > 0`,
    `UPDATE calculation_log SET result = jsonb_set(result, '{appliedPromotions}', (
       SELECT jsonb_agg(CASE WHEN jsonb_typeof(applied -> 'couponCode') = 'string'
         THEN jsonb_set(applied, '{couponCode}', ${redacted}) ELSE applied END ORDER BY position)
       FROM jsonb_array_elements(result -> 'appliedPromotions')
         WITH ORDINALITY AS applied_list (applied, position)))
     WHERE jsonb_typeof(result -> 'appliedPromotions') = 'array'
       AND jsonb_array_length(result -> 'appliedPromotions') > 0`,
  ]);
}
