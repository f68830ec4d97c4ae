import { MAX_MASKED_DEPTH, maskInTurns, maskJson, redactUrl } from '../api/log-redaction.ts';

/**
 * One call made with an API key, as the response hook takes it: references only, so the call
 * costs no copying or masking; `maskCalls` does that work when the batch is written.
 */
export interface IntegrationCall {
  at: Date;
  requestId: string;
  keyId: string;
  method: string;
  /** The route's pattern; null when no route answered (404). */
  route: string | null;
  /** The URL as sent, query string included. */
  url: string;
  status: number;
  latencyUs: number;
  params: unknown;
  /** The parsed body (JSON), the text, or the bytes; undefined without one. */
  body: unknown;
  /** The body's length as sent (Content-Length), 0 without one. */
  bodyLength: number;
  /** The answer as sent: serialized JSON or text; anything else (a stream) is not kept. */
  response: unknown;
  /**
   * Set when the route answered a value with nothing to mask ({@link cleanAnswer}): the ids the
   * call is filed under, read from that value. The answer's text is then stored as sent.
   */
  cleanAnswer?: CleanAnswer | undefined;
  /** The answer's length in characters, 0 when it is not text. */
  responseLength: number;
}

/** A call as the log stores it: personal data masked, bodies cut to the stored size. */
export interface MaskedCall {
  at: Date;
  requestId: string;
  keyId: string;
  method: string;
  route: string | null;
  url: string;
  status: number;
  latencyUs: number;
  customerId: string | null;
  transactionId: string | null;
  request: string | null;
  requestTruncated: boolean;
  response: string | null;
  responseTruncated: boolean;
}

/** Characters of a request or an answer kept (16 KiB of ASCII); the rest is cut, and marked. */
export const MAX_STORED_BODY = 16_384;
/**
 * A body longer than this is not kept at all, nor held while it waits: masking it would cost
 * too much, and cutting JSON text first would leave values under personal keys (a PIN) where
 * the text mask cannot know them.
 */
export const MAX_MASKED_BODY = 262_144;

interface StoredBody {
  text: string | null;
  truncated: boolean;
}

function cut(text: string): StoredBody {
  return text.length > MAX_STORED_BODY
    ? { text: text.slice(0, MAX_STORED_BODY), truncated: true }
    : { text, truncated: false };
}

function tooLong(length: number): StoredBody {
  return { text: `[${length} characters or bytes, too long to mask: not kept]`, truncated: true };
}

/**
 * A body masked and cut. Only JSON is kept, masked by its keys and strings: Perk's other bodies
 * are CSV lists of identifiers (a static segment) or codes (a coupon export), personal or secret
 * line by line where no key says which, so of them only the length is kept.
 */
function storedBody(body: unknown, parsed: unknown): StoredBody {
  if (body === undefined || body === null || body === '') return { text: null, truncated: false };
  if (parsed !== undefined) {
    const masked = maskJson(parsed);
    // Nothing to mask in an answer: the text as sent, not a second serialization of it.
    return cut(masked === parsed && typeof body === 'string' ? body : JSON.stringify(masked));
  }
  const length = Buffer.isBuffer(body) ? body.length : String(body).length;
  return { text: `[${length} characters or bytes, not JSON: not kept]`, truncated: true };
}

/** The JSON a body holds: the parsed request body itself, or an answer's text parsed. */
function parsedJson(body: unknown, isText: boolean): unknown {
  if (body === undefined || body === null) return undefined;
  if (!isText) return typeof body === 'object' && !Buffer.isBuffer(body) ? body : undefined;
  if (typeof body !== 'string' || body.length > MAX_MASKED_BODY) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const name of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  return at;
}

const firstUuid = (...candidates: unknown[]): string | null =>
  (candidates.find((c) => typeof c === 'string' && uuid.test(c)) as string | undefined) ?? null;

/**
 * The customer a call concerns: the `:id` of a customer route or the one a customer route
 * created, the request's `customer.id` or `customerId`, else the answer's (a calculation or a
 * purchase found by card or phone names the customer it found). Only UUIDs: an identifier never
 * lands in the column.
 */
function customerOf(call: IntegrationCall, request: unknown, response: unknown): string | null {
  const route = call.route ?? '';
  return firstUuid(
    route.startsWith('/v1/customers/:id') ? field(call.params, 'id') : undefined,
    route === '/v1/customers' ? field(response, 'id') : undefined,
    field(request, 'customer', 'id'),
    field(request, 'customerId'),
    field(response, 'customer', 'id'),
    field(response, 'customerId'),
  );
}

function transactionOf(call: IntegrationCall, request: unknown, response: unknown): string | null {
  const found = [
    field(call.params, 'transactionId'),
    field(request, 'transactionId'),
    field(response, 'transactionId'),
  ].find((c) => typeof c === 'string' && c.length > 0 && c.length <= 200);
  return (found as string | undefined) ?? null;
}

/** Whether `value` is made of plain objects, arrays, dates and primitives only, as JSON is. */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date) return true;
  if (depth >= MAX_MASKED_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const name of Object.keys(value))
    if (!isPlainJson((value as Record<string, unknown>)[name], depth + 1)) return false;
  return true;
}

/** What the log reads of an answer with nothing to mask: the ids it files the call under. */
export interface CleanAnswer {
  id: unknown;
  customerId: unknown;
  customer: { id: unknown };
  transactionId: unknown;
}

/**
 * The ids of `answered`, the value a route answered before it was serialized, when it holds
 * nothing to mask and is plain JSON (so its text shows nothing its keys do not); else undefined.
 * Read as the call ends, so the log keeps a few ids rather than the answer's objects.
 */
export function cleanAnswer(answered: unknown): CleanAnswer | undefined {
  if (answered === null || typeof answered !== 'object') return undefined;
  if (!isPlainJson(answered) || maskJson(answered) !== answered) return undefined;
  return {
    id: field(answered, 'id'),
    customerId: field(answered, 'customerId'),
    customer: { id: field(answered, 'customer', 'id') },
    transactionId: field(answered, 'transactionId'),
  };
}

/**
 * The answer and what is stored of it: an answer with nothing to mask (most) as its text, without
 * parsing it again; any other parsed from its text, so what is masked is what was sent.
 */
function storedAnswer(call: IntegrationCall): { response: unknown; body: StoredBody } {
  if (call.responseLength > MAX_MASKED_BODY)
    return { response: undefined, body: tooLong(call.responseLength) };
  if (typeof call.response !== 'string')
    return { response: undefined, body: { text: null, truncated: false } };
  if (call.cleanAnswer) return { response: call.cleanAnswer, body: cut(call.response) };
  const response = parsedJson(call.response, true);
  return { response, body: storedBody(call.response, response) };
}

/** What the log stores of `call`: see the module's types. */
export function maskCall(call: IntegrationCall): MaskedCall {
  const bodyTooLong = call.bodyLength > MAX_MASKED_BODY;
  const request = bodyTooLong ? undefined : parsedJson(call.body, typeof call.body === 'string');
  const requestBody = bodyTooLong ? tooLong(call.bodyLength) : storedBody(call.body, request);
  const { response, body: responseBody } = storedAnswer(call);
  return {
    at: call.at,
    requestId: call.requestId,
    keyId: call.keyId,
    method: call.method,
    route: call.route,
    url: redactUrl(call.url),
    status: call.status,
    latencyUs: call.latencyUs,
    customerId: customerOf(call, request, response),
    transactionId: transactionOf(call, request, response),
    request: requestBody.text,
    requestTruncated: requestBody.truncated,
    response: responseBody.text,
    responseTruncated: responseBody.truncated,
  };
}

/** `calls` masked ({@link maskCall}) in turns that let requests in between ({@link maskInTurns}). */
export function maskCalls(calls: readonly IntegrationCall[]): Promise<MaskedCall[]> {
  return maskInTurns(calls, maskCall);
}
