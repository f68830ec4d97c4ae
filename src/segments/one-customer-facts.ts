import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type {
  BoughtSku,
  CommunicationDay,
  CouponUseDay,
  CustomerFacts,
  PurchaseDay,
  RfmScores,
} from './customer-facts.ts';

/**
 * One customer's facts (as `loadFacts` reads them for many) and which of `segmentIds` it is
 * stored as a member of, in one statement: what a commit or return needs to re-evaluate the
 * customer; coupon days in `timeZone` (the programme's). Null for an unknown or merged-away id.
 */
export async function loadCustomerFacts(
  db: Db,
  customerId: string,
  segmentIds: readonly string[],
  timeZone: string,
): Promise<{ facts: CustomerFacts; memberOf: string[] } | null> {
  const { rows } = await sql<{
    gender: 'male' | 'female' | null;
    birth_date: string | null;
    city: string | null;
    consents: Record<string, boolean> | null;
    special_categories: string[] | null;
    custom_fields: Record<string, unknown> | null;
    days: PurchaseDay[];
    skus: BoughtSku[];
    rfm: RfmScores | null;
    communications: CommunicationDay[];
    coupon_uses: CouponUseDay[];
    member_of: string[];
  }>`
    SELECT c.gender, c.birth_date, c.city, c.consents, c.special_categories, c.custom_fields,
      coalesce((SELECT json_agg(json_build_object('day', d.day::text,
          'spentMinor', d.spent_minor, 'purchaseCount', d.purchase_count))
        FROM customer_purchase_days d WHERE d.customer_id = c.id), '[]') AS days,
      coalesce((WITH RECURSIVE bought AS (
          SELECT s.sku, s.last_day::text AS last_day, p.brand, p.category_id
          FROM customer_skus s LEFT JOIN products p ON p.sku = s.sku
          WHERE s.customer_id = c.id
        ), lineage (sku, category_id) AS (
          SELECT DISTINCT sku, category_id FROM bought WHERE category_id IS NOT NULL
          UNION
          SELECT l.sku, k.parent_id FROM lineage l JOIN categories k ON k.id = l.category_id
          WHERE k.parent_id IS NOT NULL
        )
        SELECT json_agg(json_build_object('sku', b.sku, 'lastDay', b.last_day, 'brand', b.brand,
          'categories', coalesce((SELECT json_agg(l.category_id) FROM lineage l
            WHERE l.sku = b.sku), '[]')))
        FROM bought b), '[]') AS skus,
      (SELECT json_build_object('recency', r.recency, 'frequency', r.frequency,
          'monetary', r.monetary)
        FROM customer_rfm r WHERE r.customer_id = c.id) AS rfm,
      coalesce((SELECT json_agg(json_build_object('event', e.event, 'channel', e.channel,
          'campaign', e.campaign, 'day', e.day, 'count', e.count))
        FROM (SELECT event, channel, campaign, day::text AS day, count(*) AS count
          FROM communication_events WHERE customer_id = c.id GROUP BY 1, 2, 3, 4) e), '[]')
        AS communications,
      coalesce((SELECT json_agg(json_build_object('seriesId', u.series_id, 'day', u.day,
          'count', u.count))
        FROM (SELECT k.series_id, (r.redeemed_at AT TIME ZONE ${timeZone})::date::text AS day,
            count(*) AS count
          FROM coupon_redemptions r JOIN coupons k ON k.code = r.code
          WHERE r.customer_id = c.id AND r.released_at IS NULL GROUP BY 1, 2) u), '[]')
        AS coupon_uses,
      coalesce((SELECT array_agg(m.segment_id ORDER BY m.segment_id) FROM segment_members m
        WHERE m.customer_id = c.id AND m.segment_id = any(${[...segmentIds]}::text[])), '{}')
        AS member_of
    FROM customers c WHERE c.id = ${customerId} AND c.merged_into IS NULL`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return {
    facts: {
      customerId,
      gender: row.gender,
      birthDate: row.birth_date,
      city: row.city,
      consents: row.consents ?? {},
      specialCategories: row.special_categories ?? [],
      customFields: row.custom_fields ?? {},
      days: row.days.map((d) => ({ ...d, spentMinor: Number(d.spentMinor) })),
      skus: row.skus,
      rfm: row.rfm,
      communications: row.communications,
      couponUses: row.coupon_uses,
    },
    memberOf: row.member_of,
  };
}
