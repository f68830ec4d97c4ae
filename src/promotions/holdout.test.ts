import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRuleset } from '../engine/ruleset/compile-ruleset.ts';
import { defaultRulesetSettings } from '../engine/ruleset/ruleset-settings.ts';
import { promo } from '../engine/testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { cartCustomerContext, holdoutBucket, holdoutBucketSql, isHeldOut } from './holdout.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 300_000);
afterAll(() => database.close());

// Buckets worked out by hand from md5: 0x62578290 = 1 649 902 224, 0x2214f326 = 571 798 310,
// 0x3ed0fc9b = 1 053 883 547, each modulo 10 000.
const known = [
  { promotionId: 'p1', customerId: 'c1', bucket: 2224 },
  { promotionId: 'spring-10', customerId: '00000000-0000-0000-0000-000000000001', bucket: 8310 },
  { promotionId: 'coffee', customerId: 'd3b07384-d113-4ec6-a0e1-6f1b1e2c3a4b', bucket: 3547 },
];

describe('control-group bucket', () => {
  it.each(known)('$promotionId:$customerId → $bucket in TypeScript and SQL', async (k) => {
    expect(holdoutBucket(k.promotionId, k.customerId)).toBe(k.bucket);
    const { rows } = await sql<{ bucket: number }>`
      SELECT ${holdoutBucketSql(k.promotionId, sql`${k.customerId}`)} AS bucket`.execute(
      database.db,
    );
    expect(rows).toEqual([{ bucket: k.bucket }]);
  });

  it('holds out 996 of 10 000 customers at 10%, the same ones in SQL and TypeScript', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `c-${i + 1}`);
    const inTs = ids.filter((id) => isHeldOut('p', id, 1000));
    // 10% of 10 000 is 1 000 ± 30 (one standard deviation): 996 is well within.
    expect(inTs.length).toBe(996);
    const { rows } = await sql<{ id: string }>`
      SELECT 'c-' || i AS id FROM generate_series(1, 10000) i
      WHERE ${holdoutBucketSql('p', sql`'c-' || i`)} < 1000 ORDER BY i`.execute(database.db);
    expect(rows.map((r) => r.id)).toEqual(inTs);
  });

  it('holds out nobody at 0 and a bucket exactly below the share', () => {
    expect(isHeldOut('p1', 'c1', 0)).toBe(false);
    expect(isHeldOut('p1', 'c1', 2224)).toBe(false);
    expect(isHeldOut('p1', 'c1', 2225)).toBe(true);
  });
});

describe('the engine context of a cart customer', () => {
  const tenOff = { kind: 'percent-off' as const, scope: {}, percentBp: 1000 };
  const ruleset = compileRuleset(
    [
      // c1's bucket is 2 224: held out of p1 at 30%, not of p2 at 20%.
      promo('p1', tenOff, { holdoutShareBp: 3000 }),
      promo('p2', tenOff, { holdoutShareBp: 2000 }),
      promo('plain', tenOff),
    ],
    'v1',
    defaultRulesetSettings,
  );

  it('names the promotions whose control group holds the customer out', () => {
    expect(holdoutBucket('p2', 'c1')).toBeGreaterThanOrEqual(2000);
    expect(cartCustomerContext(ruleset, 'c1', ['vip'], 'gold')).toEqual({
      id: 'c1',
      segmentIds: ['vip'],
      tierId: 'gold',
      heldOutPromotionIds: ['p1'],
    });
  });

  it('adds nothing when no control group holds the customer out', () => {
    const plain = compileRuleset([promo('plain', tenOff)], 'v1', defaultRulesetSettings);
    expect(cartCustomerContext(plain, 'c1', [], null)).toEqual({
      id: 'c1',
      segmentIds: [],
      tierId: null,
    });
  });
});
