import type { OperatorRole, Role } from '../store/schema.ts';

export const operatorRoles: readonly OperatorRole[] = ['admin', 'marketer', 'support', 'analyst'];

/**
 * Who may call a route: API-key roles (integrations: tills, web shops) and operator roles (people
 * in the console) are listed apart, since `admin` and `analyst` keys keep exactly the access they
 * had before operators existed. The console reads the names of its operator's permissions to hide
 * what it may not do; the API refuses it anyway.
 */
export interface Permission {
  readonly name: string;
  readonly keys: readonly Role[];
  readonly operators: readonly OperatorRole[];
  /** Usable by an operator who must still replace a one-time password (the session routes). */
  readonly beforePasswordChange?: true;
}

const allKeys = ['pos', 'web', 'admin', 'analyst'] as const;
const sellingKeys = ['pos', 'web', 'admin'] as const;
const adminKey = ['admin'] as const;
const everyone = operatorRoles;
const marketing = ['admin', 'marketer'] as const;
const supportDesk = ['admin', 'support'] as const;
const adminOperator = ['admin'] as const;

const define = (
  name: string,
  keys: readonly Role[],
  operators: readonly OperatorRole[],
): Permission => ({ name, keys, operators });

/** Every permission set, defined once; routes name one in `config: { roles }`. */
export const permissions = {
  /** Programme and reference data: stores, catalogue, promotions, ruleset, tiers, segments, campaigns, coupon series, mechanics; checking a coupon or a gift card's balance. */
  read: define('read', allKeys, everyone),
  /** Customers and all that hangs off them: profile, points, purchases and traces, tier, campaign progress, segment membership, the mailing events. */
  customersRead: define('customers.read', allKeys, everyone),
  customersWrite: define('customers.write', sellingKeys, supportDesk),
  customersMerge: define('customers.merge', adminKey, supportDesk),
  pointsAdjust: define('points.adjust', adminKey, supportDesk),
  tierAssign: define('tiers.assign', adminKey, supportDesk),
  /** Non-purchase actions (joined a group…) reported for a customer; every key role always could. */
  actionsReport: define('actions.report', allKeys, supportDesk),
  /** A customer's wallet card (Apple's pass, Google's link): it carries the card number and a device token. */
  walletIssue: define('customers.wallet', sellingKeys, supportDesk),
  /** Calculating a cart changes nothing: the why explorer and the promotion preview use it. */
  cartsCalculate: define('carts.calculate', sellingKeys, everyone),
  calculationsRead: define('calculations.read', ['admin', 'analyst'], everyone),
  /** Every call integrations made, masked: support reads what a till sent; marketing has no need. */
  integrationLogRead: define('integration-log.read', adminKey, supportDesk),
  purchasesWrite: define('purchases.write', sellingKeys, adminOperator),
  /** The Mindbox API v3 compatible endpoint: a shop's site module prices, commits and registers. */
  mindbox: define('mindbox', sellingKeys, []),
  abandonedCarts: define('carts.abandoned', ['web', 'admin'], adminOperator),
  /** Message events reported by the retailer's mailing systems (sent, opened…). */
  communicationsReport: define('communications.report', ['web', 'admin'], marketing),
  giftCardStatement: define('gift-cards.statement', adminKey, supportDesk),
  promotionsWrite: define('promotions.write', adminKey, marketing),
  segmentsWrite: define('segments.write', adminKey, marketing),
  tiersWrite: define('tiers.write', adminKey, marketing),
  campaignsWrite: define('campaigns.write', adminKey, marketing),
  couponsWrite: define('coupons.write', adminKey, marketing),
  giftCardsWrite: define('gift-cards.write', adminKey, marketing),
  catalogueWrite: define('catalogue.write', adminKey, adminOperator),
  /** Trying a draft promotion on past checks: writes only the run and its report. */
  backtests: define('watch.backtest', ['admin', 'analyst'], ['admin', 'marketer', 'analyst']),
  /** Figures over customers, checks and revenue (analytics): no personal data, no change. */
  analytics: define('analytics.read', ['admin', 'analyst'], ['admin', 'marketer', 'analyst']),
  /** Alert rules and their history: read by marketers too, changed by admins and analysts. */
  alertsRead: define('watch.alerts.read', ['admin', 'analyst'], ['admin', 'marketer', 'analyst']),
  alertsWrite: define('watch.alerts.write', ['admin', 'analyst'], ['admin', 'analyst']),
  /** Loading another system's past checks (and, when switching, its customers). */
  historyImport: define('history.import', adminKey, adminOperator),
  storesWrite: define('stores.write', adminKey, adminOperator),
  settingsWrite: define('settings.write', adminKey, adminOperator),
  keys: define('keys', adminKey, adminOperator),
  operators: define('operators', adminKey, adminOperator),
  auditRead: define('audit.read', adminKey, everyone),
  /** Scheduled jobs: their schedule and last runs, and running one now at a business time. */
  jobs: define('jobs', adminKey, adminOperator),
  /** Webhook subscriptions (their secrets sign deliveries), deliveries and replays. */
  webhooks: define('webhooks', adminKey, adminOperator),
  session: { ...define('session', [], everyone), beforePasswordChange: true },
} as const satisfies Record<string, Permission>;

/** The names of the permissions an operator's role holds, for the console to hide what it may not do. */
export function permissionsOf(role: OperatorRole): string[] {
  return Object.values(permissions)
    .filter((permission: Permission) => permission.operators.includes(role))
    .map((permission) => permission.name);
}
