/** What one model under one scenario did in one month; amounts in kopecks, points whole. */
export interface MonthFigures {
  /** Identified checks replayed (copies included). */
  checks: number;
  /** Their value before any programme cost: the scenario's checks. */
  salesMinor: number;
  discountMinor: number;
  pointsAccrued: number;
  /** Welcome bonuses: the model's at a first check, and tiers' on reaching them. */
  pointsBonus: number;
  pointsRedeemed: number;
  redeemedMinor: number;
  pointsExpired: number;
  /** Money identified customers paid: sales less discount less points spent. */
  paidMinor: number;
  /** Customers at the month's end per tier rank + 1 (index 0: no tier). */
  customersByRank: number[];
}

/** The running figures of one model × scenario, month by month, and customers replayed. */
export class ReplayTally {
  readonly months: MonthFigures[];
  customers = 0;
  newCustomers = 0;
  /**
   * Checks of the period replayed so far, over every customer: the series the frequency change is
   * spread over. Within one customer's few checks, any increase would repeat their first check.
   */
  frequencySeries = 0;

  constructor(monthCount: number, tierCount: number) {
    this.months = Array.from({ length: monthCount }, () => ({
      checks: 0,
      salesMinor: 0,
      discountMinor: 0,
      pointsAccrued: 0,
      pointsBonus: 0,
      pointsRedeemed: 0,
      redeemedMinor: 0,
      pointsExpired: 0,
      paidMinor: 0,
      customersByRank: new Array<number>(tierCount + 1).fill(0),
    }));
  }
}
