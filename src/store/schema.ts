import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as Date or ISO strings and read as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface CustomersTable {
  id: string;
  number: Generated<number>;
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  city: string | null;
  consents: Json<Record<string, boolean>>;
  special_categories: ColumnType<string[], string[] | undefined, string[]>;
  custom_fields: Json<Record<string, unknown>>;
  merged_into: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type IdentifierKind = 'card' | 'phone' | 'email' | 'external';

export interface CustomerIdentifiersTable {
  kind: IdentifierKind;
  system: ColumnType<string, string | undefined, string>;
  value: string;
  customer_id: string;
  created_at: Timestamp;
}

export interface CustomerMergesTable {
  id: Generated<number>;
  survivor_id: string;
  merged_id: string;
  moved: Json<Record<string, unknown>>;
  actor: string;
  merged_at: Timestamp;
}

export type CustomFieldType = 'string' | 'integer' | 'boolean' | 'date';

export interface CustomFieldDefinitionsTable {
  key: string;
  type: CustomFieldType;
  title_ru: string;
  title_en: string;
  created_at: Timestamp;
}

export interface CategoriesTable {
  id: string;
  name: string;
  parent_id: string | null;
  updated_at: Timestamp;
}

export interface ProductsTable {
  sku: string;
  name: string;
  category_id: string | null;
  brand: string | null;
  attributes: Json<Record<string, string | number | boolean>>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  min_price_minor: number | null;
  no_discount: ColumnType<boolean, boolean | undefined, boolean>;
  no_points_payment: ColumnType<boolean, boolean | undefined, boolean>;
  no_accrual: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export type Channel = 'pos' | 'web' | 'app';

export interface StoresTable {
  id: string;
  name: string;
  region: string;
  time_zone: string;
  channel: Channel;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type Role = 'pos' | 'web' | 'admin' | 'analyst';

export interface ApiKeysTable {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  revoked_at: Date | null;
}

/** What an operator (a person using the console) may do; API keys have their own roles. */
export type OperatorRole = 'admin' | 'marketer' | 'support' | 'analyst';

export interface OperatorsTable {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  /** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, see operators/password-hash.ts. */
  password_hash: string;
  must_change_password: boolean;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OperatorSessionsTable {
  token_hash: string;
  operator_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_key_id: string | null;
  actor_operator_id: ColumnType<string | null, string | null | undefined, string | null>;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export type PromotionStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface PromotionsTable {
  id: string;
  status: PromotionStatus;
  definition: Json<unknown>;
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RulesetVersionsTable {
  version: Generated<number>;
  created_at: Timestamp;
  actor_name: string;
  reason: string;
  settings: Json<unknown>;
  promotions: Json<unknown[]>;
  /** Moves when the settings change, not when a promotion does (migration 0018). */
  settings_revision: ColumnType<number, number | undefined, number>;
}

export type PointsAccountName = 'world' | 'pending' | 'active';
export type PointsLotSource =
  | 'purchase'
  | 'welcome_bonus'
  | 'campaign_bonus'
  | 'adjustment'
  | 'opening_balance';

export interface PointsProgramSettingsTable {
  singleton: ColumnType<boolean, boolean | undefined, never>;
  settings: Json<unknown>;
  /** Counts saves, from 1 (migration 0018); the ETag of the settings. */
  revision: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PointsAccountsTable {
  customer_id: string;
  active: ColumnType<number, number | undefined, number>;
  pending: ColumnType<number, number | undefined, number>;
  debt: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PointsOperationsTable {
  key: string;
  kind: string;
  customer_id: string;
  input_hash: string;
  result: Json<unknown> | null;
  created_at: Timestamp;
}

export interface PointsLotsTable {
  id: string;
  customer_id: string;
  source: PointsLotSource;
  purchase_id: string | null;
  reason: string | null;
  earned_at: Timestamp;
  activates_at: Timestamp;
  expires_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  amount: number;
  remaining: number;
  activated: boolean;
  operation_key: string;
  created_at: Timestamp;
}

export interface PointsEntriesTable {
  id: Generated<number>;
  customer_id: string;
  kind: string;
  from_account: PointsAccountName;
  to_account: PointsAccountName;
  points: number;
  effective_at: Timestamp;
  created_at: Timestamp;
  lot_id: string | null;
  purchase_id: string | null;
  operation_key: string | null;
  reason: string | null;
}

export interface PurchasesTable {
  id: string;
  integration_key_id: string;
  transaction_id: string;
  request_hash: string;
  customer_id: string | null;
  store_id: string;
  business_at: Timestamp;
  offline: ColumnType<boolean, boolean | undefined, boolean>;
  cancelled: ColumnType<boolean, boolean | undefined, boolean>;
  subtotal_minor: number;
  discount_minor: number;
  total_minor: number;
  redeemed_points: number;
  redeemed_money_minor: number;
  paid_minor: number;
  accrued_points: number;
  ruleset_version: string;
  calculation: Json<unknown>;
  response: Json<unknown>;
  created_at: Timestamp;
}

export interface PurchaseLinesTable {
  purchase_id: string;
  line_no: number;
  line_id: string;
  sku: string;
  weighted: boolean;
  quantity: number;
  unit_price_minor: number;
  total_minor: number;
  discount_minor: number;
  redeemed_points: number;
  redeemed_money_minor: number;
  paid_minor: number;
  accrued_points: number;
}

export interface PurchaseReturnsTable {
  id: string;
  purchase_id: string;
  return_id: string;
  request_hash: string;
  kind: 'return' | 'cancel';
  business_at: Timestamp;
  response: Json<unknown>;
  created_at: Timestamp;
}

export interface PurchaseReturnLinesTable {
  return_row_id: string;
  purchase_id: string;
  line_no: number;
  quantity: number;
  take_back_points: number;
  give_back_points: number;
  refund_minor: number;
}

/** One row: moves whenever settings, tiers, campaigns or rule segments change (migration 0017). */
export interface ConfigVersionTable {
  singleton: Generated<boolean>;
  version: number;
}

export interface Database {
  purchases: PurchasesTable;
  purchase_lines: PurchaseLinesTable;
  purchase_returns: PurchaseReturnsTable;
  purchase_return_lines: PurchaseReturnLinesTable;
  promotions: PromotionsTable;
  ruleset_versions: RulesetVersionsTable;
  customers: CustomersTable;
  customer_identifiers: CustomerIdentifiersTable;
  customer_merges: CustomerMergesTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  categories: CategoriesTable;
  products: ProductsTable;
  stores: StoresTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  points_program_settings: PointsProgramSettingsTable;
  points_accounts: PointsAccountsTable;
  points_operations: PointsOperationsTable;
  points_lots: PointsLotsTable;
  points_entries: PointsEntriesTable;
  coupon_series: CouponSeriesTable;
  coupons: CouponsTable;
  coupon_redemptions: CouponRedemptionsTable;
  promotion_usage: PromotionUsageTable;
  promotion_customer_usage: PromotionCustomerUsageTable;
  promotion_usage_entries: PromotionUsageEntriesTable;
  gift_cards: GiftCardsTable;
  gift_card_entries: GiftCardEntriesTable;
  idempotent_batches: IdempotentBatchesTable;
  tier_program: TierProgramTable;
  customer_tiers: CustomerTiersTable;
  customer_tier_history: CustomerTierHistoryTable;
  tier_welcome_bonuses: TierWelcomeBonusesTable;
  config_version: ConfigVersionTable;
}

export type CouponSeriesKind = 'unique' | 'shared';

export interface CouponSeriesTable {
  id: string;
  promotion_id: string;
  name: string;
  kind: CouponSeriesKind;
  prefix: string;
  random_length: number;
  max_uses_per_code: number | null;
  per_customer_uses: number | null;
  valid_from: Date | null;
  valid_to: Date | null;
  store_ids: string[] | null;
  release_on_cancel: boolean;
  created_at: Timestamp;
}

export interface CouponsTable {
  code: string;
  series_id: string;
  customer_id: string | null;
  uses: ColumnType<number, number | undefined, number>;
  max_uses: number | null;
  issued_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The generating batch's batchId; null for issued and promo codes and older codes. */
  batch_id: string | null;
}

export interface CouponRedemptionsTable {
  id: Generated<number>;
  code: string;
  purchase_id: string;
  customer_id: string | null;
  redeemed_at: Timestamp;
  released_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PromotionUsageTable {
  promotion_id: string;
  total_uses: ColumnType<number, number | undefined, number>;
  discount_minor: ColumnType<number, number | undefined, number>;
  points: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PromotionCustomerUsageTable {
  promotion_id: string;
  customer_id: string;
  uses: ColumnType<number, number | undefined, number>;
}

export interface PromotionUsageEntriesTable {
  id: Generated<number>;
  purchase_id: string;
  promotion_id: string;
  customer_id: string | null;
  kind: 'use' | 'release';
  uses: number;
  discount_minor: number;
  points: number;
  created_at: Timestamp;
}

export type GiftCardStatus = 'issued' | 'active' | 'voided';

export interface GiftCardsTable {
  number: string;
  pin_hash: string;
  status: GiftCardStatus;
  nominal_minor: number;
  balance_minor: number;
  expires_at: Date | null;
  selling_purchase_id: string | null;
  /** The till line of the selling purchase; returning it voids the card. */
  selling_line_id: string | null;
  /** The caller's id of the batch that issued the card, under `batch_key_id` (migration 0034). */
  batch_id: string | null;
  /** The API key that sent the batch; the nil id for operators and the command line. */
  batch_key_id: string | null;
  created_at: Timestamp;
  activated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** `expire`: an expired card's remaining balance written off (see expire-gift-cards.ts). */
export type GiftCardEntryKind = 'issue' | 'activation' | 'charge' | 'refund' | 'void' | 'expire';

export interface GiftCardEntriesTable {
  id: Generated<number>;
  card_number: string;
  kind: GiftCardEntryKind;
  amount_minor: number;
  balance_after_minor: number;
  purchase_id: string | null;
  effective_at: Timestamp;
  created_at: Timestamp;
}

export interface TierProgramTable {
  singleton: ColumnType<boolean, boolean | undefined, never>;
  definition: Json<unknown>;
  revision: number;
  updated_at: Timestamp;
}

export interface CustomerTiersTable {
  customer_id: string;
  tier_id: string | null;
  since: Timestamp;
  updated_at: Timestamp;
}

export type TierMoveReason = 'purchase' | 'return' | 'period_end' | 'manual';

export interface CustomerTierHistoryTable {
  id: Generated<number>;
  customer_id: string;
  from_tier_id: string | null;
  to_tier_id: string | null;
  at: Timestamp;
  reason: TierMoveReason;
  metric: number;
  purchase_id: string | null;
  actor_name: string | null;
  note: string | null;
  welcome_bonus_points: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface TierWelcomeBonusesTable {
  customer_id: string;
  tier_id: string;
  points: number;
  granted_at: Timestamp;
  operation_id: string;
}

// Segments (migration 0007): merged into `Database` above.
/** One row: moves whenever settings, tiers, campaigns or rule segments change (migration 0017). */
export interface ConfigVersionTable {
  singleton: Generated<boolean>;
  version: number;
}

export interface Database {
  segments: SegmentsTable;
  segment_recompute_state: SegmentRecomputeStateTable;
  segment_members: SegmentMembersTable;
  customer_purchase_days: CustomerPurchaseDaysTable;
  customer_skus: CustomerSkusTable;
  customer_rfm: CustomerRfmTable;
}

export interface SegmentRecomputeStateTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  /** The programme day of the last walk over every customer. */
  full_pass_day: ColumnType<string | null, string | null | undefined, string | null>;
  /** When that walk started. */
  full_pass_at: Date | null;
  /** When facts last changed in bulk (a history import), to walk again. */
  facts_changed_at: Date | null;
}

export interface SegmentsTable {
  id: string;
  name: string;
  kind: 'rule' | 'static';
  rule: ColumnType<unknown, string | null | undefined, string | null>;
  computed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SegmentMembersTable {
  segment_id: string;
  customer_id: string;
  since: Timestamp;
}

export interface CustomerPurchaseDaysTable {
  customer_id: string;
  day: string;
  spent_minor: number;
  purchase_count: number;
}

export interface CustomerSkusTable {
  customer_id: string;
  sku: string;
  last_day: string;
}

export interface CustomerRfmTable {
  customer_id: string;
  recency: number;
  frequency: number;
  monetary: number;
  /** Days with a purchase up to the scores' day, and the first and last (migration 0047). */
  days: number | null;
  first_day: string | null;
  last_day: string | null;
  computed_at: Timestamp;
}

// Contact campaigns (migration 0008): merged into `Database` above.
/** One row: moves whenever settings, tiers, campaigns or rule segments change (migration 0017). */
export interface ConfigVersionTable {
  singleton: Generated<boolean>;
  version: number;
}

export interface Database {
  campaigns: CampaignsTable;
  campaign_progress: CampaignProgressTable;
  campaign_rewards: CampaignRewardsTable;
  referral_codes: ReferralCodesTable;
  referrals: ReferralsTable;
  customer_actions: CustomerActionsTable;
  abandoned_carts: AbandonedCartsTable;
  outbox_events: OutboxEventsTable;
}

export interface CampaignsTable {
  id: string;
  kind: string;
  status: 'active' | 'paused' | 'archived';
  definition: Json<unknown>;
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignProgressTable {
  campaign_id: string;
  customer_id: string;
  purchase_ids: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: Timestamp;
}

export interface CampaignRewardsTable {
  operation_id: string;
  campaign_id: string;
  customer_id: string;
  occurrence: string;
  period_key: string;
  progress_customer_id: string | null;
  reward: Json<unknown>;
  granted_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ReferralCodesTable {
  customer_id: string;
  code: string;
  created_at: Timestamp;
}

export interface ReferralsTable {
  friend_id: string;
  referrer_id: string;
  created_at: Timestamp;
}

export interface CustomerActionsTable {
  customer_id: string;
  action_id: string;
  type: string;
  at: Timestamp;
  response: Json<unknown>;
}

export interface AbandonedCartsTable {
  cart_id: string;
  customer_id: string;
  total_minor: number | null;
  reported_at: Timestamp;
}

export interface OutboxEventsTable {
  id: Generated<number>;
  kind: string;
  dedupe_key: string;
  payload: Json<unknown>;
  created_at: Timestamp;
}

// Calculation log (migration 0009): merged into `Database` above.
/** One row: moves whenever settings, tiers, campaigns or rule segments change (migration 0017). */
export interface ConfigVersionTable {
  singleton: Generated<boolean>;
  version: number;
}

export interface Database {
  calculation_log: CalculationLogTable;
}

export interface CalculationLogTable {
  id: string;
  created_at: Timestamp;
  api_key_id: string | null;
  store_id: string;
  customer_id: string | null;
  ruleset_version: string;
  request: Json<unknown>;
  result: Json<unknown>;
}

export type IdempotentBatchKind = 'coupon_codes' | 'gift_cards';

export interface IdempotentBatchesTable {
  kind: IdempotentBatchKind;
  /** The API key that sent the batch; the nil UUID for the command line. */
  api_key_id: string;
  /** The coupon series of a batch of codes; '' for gift cards. */
  resource_id: string;
  batch_id: string;
  request: Json<Record<string, string | number | boolean | null>>;
  /** Null only inside the transaction that claimed the batch. */
  result: Json<unknown> | null;
  created_at: Timestamp;
}

// Scheduled jobs (migration 0019): merged into `Database` above.
export interface Database {
  job_schedule: JobScheduleTable;
  job_runs: JobRunsTable;
}

export interface JobScheduleTable {
  name: string;
  next_due_at: Timestamp;
}

export type JobTrigger = 'schedule' | 'call';
export type JobOutcome = 'running' | 'succeeded' | 'failed';

export interface JobRunsTable {
  id: Generated<string>;
  job_name: string;
  trigger: JobTrigger;
  business_time: Timestamp;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  outcome: JobOutcome;
  counts: Json<Record<string, number>> | null;
  error: string | null;
}

// Imported history (migration 0020): merged into `Database` above.
export interface Database {
  history_checks: HistoryChecksTable;
  history_check_lines: HistoryCheckLinesTable;
}

export type HistoryChannel = 'online' | 'offline';

export interface HistoryChecksTable {
  check_id: string;
  content_hash: string;
  store_id: string;
  channel: HistoryChannel;
  business_at: Timestamp;
  customer_id: string | null;
  line_count: number;
  quantity_milli: number;
  total_minor: number;
  discount_minor: number;
  paid_minor: number;
  outlier: boolean;
  imported_at: Timestamp;
  /** Points the check accrued on import; null: none accrued (see migration 0037). */
  accrued_points: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface HistoryCheckLinesTable {
  check_id: string;
  line_no: number;
  sku: string;
  quantity_milli: number;
  price_minor: number;
  discount_minor: number;
  paid_minor: number;
}

// Promotion watch (migration 0022): merged into `Database` above.
export interface Database {
  watch_runs: WatchRunsTable;
}

export interface WatchRunsTable {
  id: Generated<string>;
  analyzed_at: Timestamp;
  promotions: number;
  findings: Json<unknown>;
}

// Backtests (migration 0027): merged into `Database` above.
export interface Database {
  backtest_runs: BacktestRunsTable;
}

export type BacktestStatus = 'queued' | 'running' | 'done' | 'failed';

export interface BacktestRunsTable {
  id: string;
  status: BacktestStatus;
  request: Json<unknown>;
  requested_by: string;
  checks_total: number;
  checks_done: ColumnType<number, number | undefined, number>;
  report: Json<unknown> | null;
  error: string | null;
  lease_until: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

// Programme simulations (migration 0032): merged into `Database` above.
export interface Database {
  simulation_runs: SimulationRunsTable;
}

export interface SimulationRunsTable {
  id: string;
  status: BacktestStatus;
  request: Json<unknown>;
  requested_by: string;
  checks_total: number;
  checks_done: ColumnType<number, number | undefined, number>;
  results: Json<unknown> | null;
  error: string | null;
  lease_until: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

// Outbox and webhooks (migration 0021): merged into `Database` above.
export interface Database {
  domain_events: DomainEventsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export interface DomainEventsTable {
  id: string;
  seq: Generated<number>;
  type: string;
  occurred_at: Timestamp;
  customer_id: string | null;
  payload: Json<unknown>;
  created_at: Timestamp;
  fanned_out: Generated<boolean>;
}

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  event_types: ColumnType<string[], string[], string[]>;
  secret: string;
  active: boolean;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscription_id: string;
  event_id: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_token: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}

// Failed-lookup buckets shared by the nodes (migration 0024): merged into `Database` above.
export interface Database {
  failed_lookup_buckets: FailedLookupBucketsTable;
}

export interface FailedLookupBucketsTable {
  key: string;
  /** When the key's bucket is full again (epoch ms); the key is refused while that is too far. */
  full_at_ms: number;
}

// Events waiting for the NATS stream (migration 0025): merged into `Database` above.
export interface Database {
  stream_publications: StreamPublicationsTable;
}

export interface StreamPublicationsTable {
  event_id: string;
  /** The event's outbox order, so the oldest go first. */
  seq: ColumnType<number, number | bigint | string, never>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_token: string | null;
  last_error: string | null;
}

// Communication history (migration 0026): merged into `Database` above.
export interface Database {
  communication_events: CommunicationEventsTable;
}

export type CommunicationEventKind = 'sent' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed';

export interface CommunicationEventsTable {
  id: string;
  customer_id: string;
  event: CommunicationEventKind;
  channel: string;
  campaign: string | null;
  occurred_at: Timestamp;
  /** The event's date in the programme's zone, `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  input_hash: string;
  recorded_at: Timestamp;
}

// Alerts (migration 0028): merged into `Database` above.
export interface Database {
  alert_rules: AlertRulesTable;
  alert_incidents: AlertIncidentsTable;
  alert_deliveries: AlertDeliveriesTable;
  api_call_counts: ApiCallCountsTable;
}

export interface AlertRulesTable {
  id: string;
  name: string;
  kind: string;
  params: Json<Record<string, unknown>>;
  emails: ColumnType<string[], string[] | undefined, string[]>;
  webhook_url: string | null;
  webhook_secret: string | null;
  language: 'ru' | 'en';
  throttle_minutes: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  revision: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertIncidentsTable {
  id: Generated<number>;
  rule_id: string;
  subject: string;
  opened_at: Timestamp;
  last_notified_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  details: Json<Record<string, string | number>>;
  text_ru: string;
  text_en: string;
}

export type AlertNotice = 'opened' | 'reminder';
export type AlertChannel = 'email' | 'webhook';

export interface AlertDeliveriesTable {
  id: Generated<number>;
  incident_id: number;
  notice: AlertNotice;
  channel: AlertChannel;
  target: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ApiCallCountsTable {
  key_id: string;
  minute: Timestamp;
  calls: number;
  failures: number;
}

// The integration log (migration 0029): merged into `Database` above.
export interface Database {
  integration_log: IntegrationLogTable;
}

export interface IntegrationLogTable {
  id: Generated<number>;
  at: Timestamp;
  request_id: string;
  key_id: string;
  method: string;
  /** The route's pattern (`/v1/customers/:id`); null for a call no route answered. */
  route: string | null;
  /** The URL as the request log writes it: query values and identifying segments masked. */
  url: string;
  status: number;
  latency_us: number;
  customer_id: string | null;
  transaction_id: string | null;
  /** The masked body, cut at the stored size; null without a body. */
  request: string | null;
  request_truncated: boolean;
  response: string | null;
  response_truncated: boolean;
}

// Wallet cards (migration 0030): merged into `Database` above.
export interface Database {
  wallet_passes: WalletPassesTable;
  wallet_registrations: WalletRegistrationsTable;
  wallet_google_objects: WalletGoogleObjectsTable;
}

export interface WalletPassesTable {
  serial: string;
  pass_type_id: string;
  customer_id: string;
  auth_token_hash: string;
  /** Drawn from `wallet_pass_tags` at every change. */
  tag: Generated<number>;
  updated_at: Timestamp;
  push_due_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface WalletRegistrationsTable {
  device_id: string;
  pass_type_id: string;
  serial: string;
  push_token: string;
  created_at: Timestamp;
}

export interface WalletGoogleObjectsTable {
  object_id: string;
  customer_id: string;
  update_due_at: NullableTimestamp;
  created_at: Timestamp;
}

/** Migration 0031: customers switched over from another processing, by their old id. */
export interface Database {
  customer_imports: CustomerImportsTable;
}

export interface CustomerImportsTable {
  /** The old system, as the import named it (`oldcrm`); also the system of the external id. */
  system: string;
  external_id: string;
  customer_id: string;
  /** Hash of the row as imported: the same row again is already there, another is a conflict. */
  input_hash: string;
  imported_at: Timestamp;
}

/** Migration 0038: one row per counted check, kept by triggers (the analytics' source). */
export interface Database {
  analytics_checks: AnalyticsChecksTable;
}

export interface AnalyticsChecksTable {
  /** A live purchase (its id) or an imported check (its check id). */
  live: boolean;
  id: string;
  customer_id: string | null;
  store_id: string;
  channel: HistoryChannel;
  business_at: Timestamp;
  /** After discounts, less what was refunded on it since. */
  revenue_minor: number;
  /** Units; a weighed line counts as one. */
  items: number;
}

/** Migration 0038: each identified customer's first counted check, kept by triggers. */
export interface Database {
  analytics_customers: AnalyticsCustomersTable;
}

export interface AnalyticsCustomersTable {
  customer_id: string;
  first_at: Timestamp;
  /** Migration 0040: the customer's check times in each channel, ascending. */
  offline_at: Date[];
  online_at: Date[];
}

/** Migration 0040: the checks' sums per UTC day (and hour), store and channel, kept by triggers. */
export interface Database {
  analytics_days: AnalyticsDaysTable;
  analytics_hours: Omit<AnalyticsDaysTable, 'day'> & { hour: Timestamp };
}

export interface AnalyticsDaysTable {
  /** The UTC day of the checks' business time. */
  day: string;
  store_id: string;
  channel: HistoryChannel;
  /** The writing connection's process id; 0 once the `analytics-days` job has folded the day. */
  slot: number;
  checks: number;
  identified_checks: number;
  revenue_minor: number;
  items: number;
}

/** Migration 0042: cohort retention kept as counts, and the customers to count again. */
export interface Database {
  analytics_cohorts: AnalyticsCohortsTable;
  analytics_cohort_members: AnalyticsCohortMembersTable;
  analytics_cohort_dirty: { customer_id: string };
  analytics_cohort_state: { single: Generated<boolean>; zone: string | null };
}

export interface AnalyticsCohortsTable {
  /** `all`, or the channel whose checks alone count. */
  channel: 'all' | HistoryChannel;
  /** Months numbered year × 12 + month − 1, in the zone of `analytics_cohort_state`. */
  cohort: number;
  month: number;
  customers: number;
}

/** The months a customer adds to the counts, ascending: the first is their cohort. */
export interface AnalyticsCohortMembersTable {
  customer_id: string;
  every_months: number[];
  offline_months: number[];
  online_months: number[];
}

/** Migration 0041: each customer's purchase days with running totals, kept by triggers. */
export interface Database {
  customer_purchase_totals: CustomerPurchaseTotalsTable;
}

export interface CustomerPurchaseTotalsTable {
  customer_id: string;
  /** The days with a purchase (programme zone), ascending. */
  days: string[];
  /** Up to and including each day: purchases, and money spent net of returns. */
  purchases: string[];
  spent_minor: string[];
}
