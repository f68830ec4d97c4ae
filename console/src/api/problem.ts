/** An RFC 9457 problem as Perk answers it: a stable code, and every field at fault. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  field?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** Thrown by the console's calls when the API refuses; carries the problem it answered. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value;
}

/** The data of an openapi-fetch answer, or a ProblemError with what the API refused. */
export function dataOf<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || answer.data === undefined) {
    const { error, response } = answer;
    throw new ProblemError(
      isProblem(error)
        ? error
        : { status: response.status, code: 'http_error', detail: response.statusText },
    );
  }
  return answer.data;
}

/** A JSON pointer (`/mechanic/percentBp`) as a form field's name path (`['mechanic', 'percentBp']`). */
export function namePath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^[0-9]+$/.test(key) ? Number(key) : key;
    });
}

/** Every field problem of a refusal, the top one included once. */
export function fieldProblems(
  problem: Problem,
): { field: string; code: string; message: string }[] {
  const listed = problem.errors ?? [];
  if (problem.field && !listed.some((error) => error.field === problem.field)) {
    return [{ field: problem.field, code: problem.code, message: problem.detail }, ...listed];
  }
  return listed;
}
