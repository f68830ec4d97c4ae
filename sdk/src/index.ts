import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './perk-api.ts';

export type { components, paths } from './perk-api.ts';

/** The API's named shapes, e.g. `Schemas['CartCalculation']`. */
export type Schemas = components['schemas'];

/** A client of every Perk route, typed by path, method, parameters, body and answer. */
export type PerkClient = Client<paths>;

export interface PerkClientOptions {
  /** Where Perk listens, e.g. `https://loyalty.shop.example` (no trailing `/v1`). */
  baseUrl: string;
  /** An API key (`perk_…`), created with `perk keys create` or `POST /v1/keys`. */
  apiKey: string;
  /** Another `fetch` (a proxy agent, a test double); the global one by default. */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every call (a call's own `headers` add to them). */
  headers?: Record<string, string>;
}

/**
 * A Perk client that sends `Authorization: Bearer <apiKey>` with every call. Each call answers
 * `{ data, error, response }` as openapi-fetch does: `data` on a 2xx, else `error`, Perk's
 * problem+json (see {@link PerkProblem} and {@link ok} to throw instead).
 */
export function createPerkClient(options: PerkClientOptions): PerkClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Perk's answer to a refused call (RFC 9457 problem+json). */
export type Problem = Schemas['Problem'];

/**
 * A refused call as an exception: the HTTP status, Perk's stable `code` and every field at fault
 * (`problem.errors`). Quote `requestId` when reporting a problem.
 */
export class PerkProblem extends Error {
  override readonly name = 'PerkProblem';

  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.detail ?? problem.title}`);
  }

  get code(): string {
    return this.problem.code;
  }

  get requestId(): string {
    return this.problem.requestId;
  }
}

/**
 * The answer's data, or a {@link PerkProblem} thrown for a refused call:
 * `const receipt = await ok(perk.POST('/v1/purchases', { body }))`.
 */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw new PerkProblem(response.status, asProblem(error, response));
}

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'code' in error) return error as Problem;
  // Not Perk's problem shape (a proxy's error page, say): described by its status.
  const title = response.statusText || `HTTP ${response.status}`;
  return {
    type: 'about:blank',
    title,
    status: response.status,
    code: `http_${response.status}`,
    detail: title,
    instance: new URL(response.url || 'http://unknown/').pathname,
    requestId: response.headers.get('x-request-id') ?? '',
  };
}
