/**
 * Identifiers of catalogue entries (SKUs, category ids) share the API's `Id` rule, so a code that
 * loads through CSV can also be addressed in a URL.
 */
export const codePattern = /^[A-Za-z0-9._:-]{1,100}$/;
export const codeRule = 'must be 1–100 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"';

/** Attribute names: letters of any script, digits, `_`, `.` and `-` (no `:`, which CSV headers use). */
export const attributeNamePattern = /^[\p{L}\p{N}_.-]{1,100}$/u;

export const maxNameLength = 200;
