import { invalid } from '../errors.ts';

/**
 * Refuses `points` unless it is a whole number of points ≥ `least` (1 unless told):
 * `invalid_points` (400) at `field`.
 */
export function requirePoints(points: number, field = '/points', least = 1): void {
  if (!Number.isSafeInteger(points) || points < least) {
    throw invalid(
      'invalid_points',
      `points must be a whole number ≥ ${least}, got ${points}`,
      field,
    );
  }
}

/** Refuses an empty or blank text: `required` (400) at `field`. */
export function requireText(value: string, field: string): void {
  if (value.trim() === '') throw invalid('required', `${field.slice(1)} must not be blank`, field);
}
