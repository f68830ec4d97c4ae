/** What customer operations need from outside: configuration and the clock. */
export interface CustomerContext {
  /** ISO 3166 alpha-2 country assumed for phone numbers without an international prefix. */
  defaultCountry: string;
  now: Date;
}
