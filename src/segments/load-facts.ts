import { sql } from 'kysely';
import { getProgramSettings } from '../points/program-settings-store.ts';
import type { Db } from '../store/database.ts';
import type {
  BoughtSku,
  CommunicationDay,
  CouponUseDay,
  CustomerFacts,
  PurchaseDay,
} from './customer-facts.ts';
import { allFacts, type FactFamily } from './purchase-dependence.ts';

/**
 * Loads the facts of the given customers in up to six indexed reads (profiles, purchase days,
 * SKUs with their products' category and brand, RFM scores, messages and coupon uses by day in
 * the programme's zone), keyed by customer id; a family not in `needed` is not read and stays
 * empty. Merged-away and unknown ids are absent from the answer.
 */
export async function loadFacts(
  db: Db,
  customerIds: readonly string[],
  needed: ReadonlySet<FactFamily> = allFacts,
): Promise<Map<string, CustomerFacts>> {
  const facts = new Map<string, CustomerFacts>();
  if (customerIds.length === 0) return facts;
  const ids = sql<string>`any(${[...customerIds]}::uuid[])`;
  const { timeZone } = await getProgramSettings(db);
  const none = Promise.resolve([]);
  const noRows = Promise.resolve({ rows: [] });
  const [profiles, days, skus, scores, messages, coupons] = await Promise.all([
    db
      .selectFrom('customers')
      .select([
        'id',
        'gender',
        'birth_date',
        'city',
        'consents',
        'special_categories',
        'custom_fields',
      ])
      .where('id', '=', ids)
      .where('merged_into', 'is', null)
      .execute(),
    needed.has('days')
      ? db.selectFrom('customer_purchase_days').selectAll().where('customer_id', '=', ids).execute()
      : none,
    needed.has('skus') ? boughtSkus(db, customerIds) : none,
    needed.has('rfm')
      ? db.selectFrom('customer_rfm').selectAll().where('customer_id', '=', ids).execute()
      : none,
    needed.has('communications')
      ? sql<CommunicationDay & { customer_id: string }>`
      SELECT customer_id, event, channel, campaign, day::text AS day, count(*)::int AS count
      FROM communication_events WHERE customer_id = ${ids}
      GROUP BY 1, 2, 3, 4, 5`.execute(db)
      : noRows,
    needed.has('couponUses')
      ? sql<CouponUseDay & { customer_id: string }>`
      SELECT r.customer_id, c.series_id AS "seriesId",
        (r.redeemed_at AT TIME ZONE ${timeZone})::date::text AS day, count(*)::int AS count
      FROM coupon_redemptions r JOIN coupons c ON c.code = r.code
      WHERE r.customer_id = ${ids} AND r.released_at IS NULL
      GROUP BY 1, 2, 3`.execute(db)
      : noRows,
  ]);
  const history = new Map<string, PurchaseDay[]>();
  const bought = new Map<string, BoughtSku[]>();
  const told = new Map<string, CommunicationDay[]>();
  const used = new Map<string, CouponUseDay[]>();
  for (const row of profiles) {
    history.set(row.id, []);
    bought.set(row.id, []);
    told.set(row.id, []);
    used.set(row.id, []);
    facts.set(row.id, {
      customerId: row.id,
      gender: row.gender,
      birthDate: row.birth_date,
      city: row.city,
      consents: row.consents ?? {},
      specialCategories: row.special_categories ?? [],
      customFields: row.custom_fields ?? {},
      days: history.get(row.id) ?? [],
      skus: bought.get(row.id) ?? [],
      rfm: null,
      communications: told.get(row.id) ?? [],
      couponUses: used.get(row.id) ?? [],
    });
  }
  for (const { customer_id, ...day } of messages.rows) told.get(customer_id)?.push(day);
  for (const { customer_id, ...day } of coupons.rows) used.get(customer_id)?.push(day);
  for (const row of days) {
    const day = { day: row.day, spentMinor: row.spent_minor, purchaseCount: row.purchase_count };
    history.get(row.customer_id)?.push(day);
  }
  for (const row of skus) {
    const sku = {
      sku: row.sku,
      lastDay: row.last_day,
      categories: row.categories,
      brand: row.brand,
    };
    bought.get(row.customer_id)?.push(sku);
  }
  for (const row of scores) {
    const customer = facts.get(row.customer_id);
    if (customer)
      customer.rfm = { recency: row.recency, frequency: row.frequency, monetary: row.monetary };
  }
  return facts;
}

/**
 * The customers' SKUs with the brand and the category lineage (the product's category and its
 * ancestors) of each, walked in SQL so a purchase transaction reads only the categories it needs.
 */
async function boughtSkus(db: Db, customerIds: readonly string[]) {
  const { rows } = await sql<{
    customer_id: string;
    sku: string;
    last_day: string;
    brand: string | null;
    categories: string[];
  }>`
    WITH RECURSIVE bought AS (
      SELECT s.customer_id, s.sku, s.last_day::text AS last_day, p.brand, p.category_id
      FROM customer_skus s LEFT JOIN products p ON p.sku = s.sku
      WHERE s.customer_id = any(${[...customerIds]}::uuid[])
    ), lineage (sku, category_id) AS (
      SELECT DISTINCT sku, category_id FROM bought WHERE category_id IS NOT NULL
      UNION
      SELECT l.sku, c.parent_id FROM lineage l JOIN categories c ON c.id = l.category_id
      WHERE c.parent_id IS NOT NULL
    )
    SELECT b.customer_id, b.sku, b.last_day, b.brand,
      coalesce((SELECT array_agg(l.category_id) FROM lineage l WHERE l.sku = b.sku), '{}') AS categories
    FROM bought b`.execute(db);
  return rows;
}
