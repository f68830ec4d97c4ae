import { type ErrorKind, type FieldProblem, PerkError } from '../errors.ts';
import { describeHolder, type LockHolder } from '../store/data-dir-lock.ts';

const kindOfStatus: Record<number, ErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The server could not be reached at all (refused, reset, timed out). */
export class ServerUnreachable extends Error {
  constructor(
    message: string,
    /** The network error's code or message, e.g. ECONNREFUSED. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * The API of the running server that holds the embedded database, called as the command line
 * (with the server's local credential). Refusals come back as the `PerkError` the server threw.
 */
export class ServerApi {
  constructor(
    readonly url: string,
    private readonly secret: string,
    readonly holder: LockHolder,
  ) {}

  async call<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown) {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.secret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ServerUnreachable(
        `${describeHolder(this.holder)} stopped answering at ${this.url} (${reason})`,
        reason,
      );
    }
    const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok) return answer as T;
    const kind = kindOfStatus[response.status];
    const detail = String(answer?.detail ?? response.statusText);
    if (!kind)
      throw new Error(`the server answered ${response.status} to ${method} ${path}: ${detail}`);
    throw new PerkError(kind, String(answer?.code ?? 'refused'), detail, {
      problems: Array.isArray(answer?.errors) ? (answer.errors as FieldProblem[]) : [],
    });
  }
}
