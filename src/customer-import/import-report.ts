/** A fault of one row: its index in the call, the field at fault within the row, a stable code. */
export interface ImportConflict {
  row: number;
  /** JSON pointer relative to the row, e.g. `/identifiers/0/value`. */
  field: string;
  code: string;
  message: string;
  /** The earlier row of the same call that holds the same id or identifier. */
  otherRow?: number;
}

/** What an import did, or (dry run) would do. */
export interface CustomerImportReport {
  dryRun: boolean;
  rows: number;
  /** Customers created (dry run: that would be). */
  created: number;
  /** Rows imported before with the same content: nothing changes for them. */
  alreadyThere: number;
  /** Opening points of the created customers. */
  openingPoints: number;
  conflicts: ImportConflict[];
}
