import { ProblemCollector } from '../errors.ts';
import { type ParsedAmount, parseDecimal } from './decimal-amount.ts';

type Json = Record<string, unknown>;

/**
 * Reads fields of a Mindbox body that arrives as plain JSON, collecting every problem with its
 * location so one `ValidationError` names them all (`throwIfAny`).
 */
export class BodyReader {
  readonly problems = new ProblemCollector();

  /** The object at `value`, or an empty one (noting the problem when something else was sent). */
  object(value: unknown, location: string, required = false): Json {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Json;
    if (value !== undefined || required)
      this.problems.add(location, 'invalid', 'must be an object');
    return {};
  }

  array(value: unknown, location: string, maxItems: number): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problems.add(location, 'invalid', 'must be an array');
      return [];
    }
    if (value.length > maxItems) {
      this.problems.add(location, 'invalid', `has more than ${maxItems} items`);
      return [];
    }
    return value;
  }

  /** Non-empty text up to `maxLength`; numbers are taken as their text (ids often come as numbers). */
  text(value: unknown, location: string, maxLength = 200): string | undefined {
    if (value === undefined || value === null) return undefined;
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text === 'string' && text.trim() !== '' && text.length <= maxLength)
      return text.trim();
    this.problems.add(location, 'invalid', `must be text of 1 to ${maxLength} characters`);
    return undefined;
  }

  /** A decimal read by `parse`; undefined when absent or refused. */
  amount(value: unknown, location: string, parse: (v: unknown) => ParsedAmount) {
    if (value === undefined || value === null) return undefined;
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    this.problems.add(location, 'invalid_amount', parsed.message);
    return undefined;
  }

  /** A whole number of points (Mindbox sends them as numbers, sometimes with ".0"). */
  points(value: unknown, location: string, max: number): number | undefined {
    return this.amount(value, location, (v) => {
      const parsed = parseDecimal(typeof v === 'string' ? v.replace(/\.0+$/, '') : v, 0, max);
      return parsed.ok
        ? parsed
        : { ok: false, message: `whole points 0..${max}: ${parsed.message}` };
    });
  }

  /** The first text value of an `ids` object (`{ website: "SKU-1" }` → "SKU-1"), with its key. */
  firstId(ids: Json, location: string): { key: string; value: string } | undefined {
    for (const [key, raw] of Object.entries(ids)) {
      const value = this.text(raw, `${location}/${key}`);
      if (value !== undefined) return { key, value };
    }
    return undefined;
  }
}
