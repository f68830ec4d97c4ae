type Json = Record<string, unknown>;

/**
 * The groups of the reference, in the order it shows them. Routes name their group by the key
 * (`tags: ['points']`); the document shows the name. A route with a key not listed here keeps it
 * as it is, and the document test says to add it.
 */
export const operationTags: readonly { keys: string[]; name: string; description: string }[] = [
  {
    keys: ['customers'],
    name: 'Customers',
    description:
      'Profiles with their identifiers (card, phone, e-mail, external ids), lookup in any written form, merges of two profiles of one person, custom profile fields',
  },
  {
    keys: ['points'],
    name: 'Points',
    description:
      'A customer’s balance (active, pending, debt), lots and ledger entries, manual credits and debits, and the programme’s points rules',
  },
  {
    keys: ['purchases'],
    name: 'Purchases',
    description:
      'Commit a paid check (points spent and accrued in one transaction, idempotent by the till’s transactionId), offline checks, returns and cancels, receipts and traces',
  },
  {
    keys: ['carts', 'calculations'],
    name: 'Calculations',
    description:
      'Price a cart before payment — discounts per line, bonus points, points the customer may pay with, and why each promotion applied or not — and read back logged calculations',
  },
  {
    keys: ['promotions'],
    name: 'Promotions',
    description:
      'Promotions as data (who, where, when, which cart, which mechanic, how they stack), the mechanics with their forms, and the ruleset’s stacking groups, limits and rounding',
  },
  {
    keys: ['watch'],
    name: 'Promotion watch',
    description:
      'Conflicts between promotions, promotions that can never fire and margin risks, found over the whole ruleset with example carts; also on every promotion save and activation; backtests of a draft on past checks; alert rules, their incidents and notices by e-mail and webhook',
  },
  {
    keys: ['analytics'],
    name: 'Analytics',
    description:
      'Customers, checks and revenue of a period over live purchases and imported history, overall, per channel and per store',
  },
  {
    keys: ['coupons'],
    name: 'Coupons',
    description:
      'Coupon series of unique codes and shared promo codes: generate, export as CSV, issue to a customer, check at the till',
  },
  {
    keys: ['gift-cards'],
    name: 'Gift cards',
    description:
      'Issue and activate gift cards, their balance by number and PIN, their statement. Numbers and PINs travel only in bodies',
  },
  {
    keys: ['segments'],
    name: 'Segments',
    description:
      'Groups of customers by a rule (profile, purchases, RFM) or a static list uploaded as CSV; preview, members, why a customer is in or out',
  },
  {
    keys: ['tiers'],
    name: 'Tiers',
    description:
      'The tier programme (thresholds, period, benefits), a customer’s tier and progress, moves by hand and at period end',
  },
  {
    keys: ['campaigns'],
    name: 'Campaigns',
    description:
      'Contact campaigns (birthday, registration, purchase streaks, actions, abandoned carts, referrals), customers’ progress, and events for the mailing system',
  },
  {
    keys: ['catalogue'],
    name: 'Catalogue',
    description:
      'Categories and products with the facts promotions select by (brand, tags, attributes, minimum price, exclusions)',
  },
  {
    keys: ['history'],
    name: 'History',
    description:
      'Past checks of another system, imported line by line so segments, RFM and tier metrics count them; outliers flagged apart',
  },
  {
    keys: ['stores'],
    name: 'Stores',
    description: 'Stores with their region, time zone (local dates and hours) and channel',
  },
  {
    keys: ['access', 'integration-log'],
    name: 'Access',
    description:
      'API keys by role (pos, web, admin, analyst), the audit log of changes, and the integration log of every call made with a key',
  },
  {
    keys: ['operators', 'session'],
    name: 'Operators',
    description:
      'People of the console: accounts with roles, their login session (cookie and CSRF token) and passwords',
  },
  {
    keys: ['jobs'],
    name: 'Jobs',
    description:
      'The scheduled jobs (birthday bonuses, point activation and expiry, segment recompute, tier period end, gift-card expiry, log retention): their schedule and last run, and a run now for a business time',
  },
  {
    keys: ['webhooks'],
    name: 'Webhooks',
    description:
      'Events (purchases, returns, points, tiers, coupons, abandoned carts) sent to the retailer’s URLs from a transactional outbox, signed with HMAC-SHA256, retried with backoff, parked after the last try and replayable',
  },
  {
    keys: ['operations'],
    name: 'Health',
    description: 'Liveness and readiness probes for the orchestrator; no key needed',
  },
];

/** The document with each operation's group shown by name and the groups listed in order. */
export function withTags<T extends object>(document: T): T {
  const doc = document as Json & { paths?: Record<string, Record<string, Json>> };
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          Array.isArray(operation.tags)
            ? {
                ...operation,
                tags: [...new Set(operation.tags.map((key: string) => nameOf(key)))],
              }
            : operation,
        ]),
      ),
    ]),
  );
  const tags = operationTags.map(({ name, description }) => ({ name, description }));
  return { ...doc, tags, paths } as T;
}

function nameOf(key: string): string {
  return operationTags.find((tag) => tag.keys.includes(key))?.name ?? key;
}
