/** Money and purchases of one calendar day (programme zone), net of returns and cancellations. */
export interface PurchaseDay {
  day: string;
  spentMinor: number;
  purchaseCount: number;
}

/** A SKU the customer has bought and kept (not all returned), with its catalogue facts. */
export interface BoughtSku {
  sku: string;
  lastDay: string;
  /** The product's category and all its ancestors, so a parent category matches. */
  categories: readonly string[];
  brand: string | null;
}

export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
}

/** Messages of one kind, channel and mailing on one day (programme zone), as reported. */
export interface CommunicationDay {
  event: 'sent' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed';
  channel: string;
  campaign: string | null;
  day: string;
  count: number;
}

/** Coupons of one series the customer used on one day (programme zone), not released. */
export interface CouponUseDay {
  seriesId: string;
  day: string;
  count: number;
}

/** Everything a rule can ask about one customer, loaded once and evaluated in memory. */
export interface CustomerFacts {
  customerId: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  city: string | null;
  consents: Readonly<Record<string, boolean>>;
  specialCategories: readonly string[];
  customFields: Readonly<Record<string, unknown>>;
  /** Days with purchases, in any order. */
  days: readonly PurchaseDay[];
  skus: readonly BoughtSku[];
  /** Null when the customer was not active in the last RFM window. */
  rfm: RfmScores | null;
  communications: readonly CommunicationDay[];
  couponUses: readonly CouponUseDay[];
}
