/** Why a text cannot be stored and read back as it was sent, or null when it can. */
export interface TextFault {
  code: 'nul_character' | 'lone_surrogate';
  message: string;
}

// A cheap first pass: most strings hold neither a NUL nor any surrogate at all.
const suspect = /[\0\uD800-\uDFFF]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL text refuses the NUL character (U+0000), and a lone UTF-16 surrogate is no Unicode
 * character at all (UTF-8 cannot carry it). Every text that reaches the database, from the API or
 * a CSV file, is checked with this one rule.
 */
export function textFault(value: string): TextFault | null {
  if (!suspect.test(value)) return null;
  if (value.includes('\0')) {
    return { code: 'nul_character', message: 'holds a NUL character (\\u0000)' };
  }
  if (loneSurrogate.test(value)) {
    return { code: 'lone_surrogate', message: 'holds a lone UTF-16 surrogate (not valid Unicode)' };
  }
  return null;
}

/** Every fault among the cells of a CSV row, each naming its column by position. */
export function rowTextFaults(values: readonly string[]): string[] {
  return values.flatMap((value, index) => {
    const fault = textFault(value);
    return fault ? [`column ${index + 1} ${fault.message}`] : [];
  });
}
