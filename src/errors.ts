/** What went wrong, independent of transport; the API maps each kind to one HTTP status. */
export type ErrorKind =
  | 'invalid'
  /** Well-formed, but refers to things that do not exist or breaks a rule of the data (422). */
  | 'unprocessable'
  | 'not_found'
  | 'conflict'
  /** A conditional write (If-Match) whose revision is no longer current (412). */
  | 'precondition_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  /** The node is past its capacity for now; try again after the answer's Retry-After (503). */
  | 'unavailable';

export interface FieldProblem {
  /** JSON pointer to the field at fault, e.g. `/identifiers/0/value`. */
  field: string;
  code: string;
  message: string;
}

/**
 * An expected refusal with a stable machine `code` (snake_case) and, where one field is at
 * fault, its JSON pointer. Thrown by services, answered by the API as problem+json.
 */
export class PerkError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly field: string | undefined;
  readonly problems: FieldProblem[];
  readonly details: Record<string, unknown>;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    options: { field?: string; problems?: FieldProblem[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'PerkError';
    this.kind = kind;
    this.code = code;
    this.field = options.field ?? options.problems?.[0]?.field;
    this.problems =
      options.problems ?? (options.field ? [{ field: options.field, code, message }] : []);
    this.details = options.details ?? {};
  }
}

export const invalid = (
  code: string,
  message: string,
  field?: string,
  details?: Record<string, unknown>,
) =>
  new PerkError('invalid', code, message, {
    ...(field ? { field } : {}),
    ...(details ? { details } : {}),
  });

export const notFound = (code: string, message: string, field?: string) =>
  new PerkError('not_found', code, message, field ? { field } : {});

export const conflict = (
  code: string,
  message: string,
  field?: string,
  details?: Record<string, unknown>,
) =>
  new PerkError('conflict', code, message, {
    ...(field ? { field } : {}),
    ...(details ? { details } : {}),
  });

/**
 * Refuses a conditional write (If-Match) made against an older revision than `current`: 412
 * `precondition_failed`, answering the current revision so the client can read it again. Without
 * an expected revision (no If-Match) any revision passes.
 */
export function checkRevision(what: string, current: number, expected: number | undefined): void {
  if (expected === undefined || expected === current) return;
  throw new PerkError(
    'precondition_failed',
    'precondition_failed',
    `The ${what} is at revision ${current}, not ${expected}; read it again and reapply the change`,
    { field: '/revision', details: { currentRevision: current } },
  );
}

/** Collects every problem of an input, then refuses once with all of them. */
export class ProblemCollector {
  readonly problems: FieldProblem[] = [];

  add(field: string, code: string, message: string): void {
    this.problems.push({ field, code, message });
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const first = this.problems[0] as FieldProblem;
    const code = this.problems.length === 1 ? first.code : 'validation_failed';
    const message =
      this.problems.length === 1 ? first.message : `${this.problems.length} fields are invalid`;
    throw new PerkError('invalid', code, message, { problems: this.problems });
  }
}
