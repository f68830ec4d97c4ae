/**
 * What keeps personal data (phones, e-mails, card and gift-card numbers, PINs, coupon codes,
 * passwords, keys) out of the log. Three layers, each for what the one before cannot know:
 * - request lines log the URL with every query value redacted unless its parameter is known to
 *   hold none (ids, cursors, dates), and path segments that carry an identifier redacted;
 * - every logged object has the values of personal-looking keys redacted, and every string in it
 *   scrubbed of e-mails, long digit runs (phones, cards) and the values PostgreSQL quotes in its
 *   errors (`Key (value)=(…)`, `Failing row contains (…)`);
 * - every log message is scrubbed the same way.
 * Headers and bodies are never logged. The logs people read back (integration calls, cart
 * calculations) store bodies masked by `maskJson`: personal keys' values and the same scrubbing.
 */
export const REDACTED = '[redacted]';

// Query parameters whose values are ids, cursors, dates, counts or enums; any other parameter,
// a future one too, is taken as personal (lookup's phone, card, email, external; customers' q).
const plainQueryParams = new Set([
  'limit',
  'after',
  'before',
  'from',
  'to',
  'at',
  'actorId',
  'entityType',
  'entityId',
  'categoryId',
  'brand',
  'batchId',
  'system',
  'soonDays',
  'includeSpent',
  'status',
  'mode',
  'customerId',
  'keyId',
  'cursor',
]);

// Keys whose values are personal or secret wherever they appear in a logged object.
const personalKeys = new Set(
  [
    'phone',
    'email',
    'card',
    'cardNumber',
    'number',
    'pin',
    'value',
    'external',
    'identifiers',
    'couponCode',
    'couponCodes',
    'codes',
    'promoCode',
    'referralCode',
    'password',
    'newPassword',
    'currentPassword',
    'oneTimePassword',
    'secret',
    'token',
    'key',
    'authorization',
    'cookie',
    'set-cookie',
    'x-csrf-token',
    'firstName',
    'lastName',
    'middleName',
    'birthDate',
  ].map((key) => key.toLowerCase()),
);

const email = /[^\s@"'<>()[\]{},;:/?&=]+@[^\s@"'<>()[\]{},;:/?&=]+\.[A-Za-z]{2,}/g;
// Ten digits or more, with the separators people write phones and cards with; not inside a word
// or a UUID (a hyphen before, a hex letter beside).
const longNumber = /(?<![\w-])\+?\d(?:[\s().-]*\d){9,}(?![\w-])/g;
const postgresValues = /(\)=\().*?(\)( |$))|(Failing row contains ).*/g;

/**
 * Whether `text` could hold anything `scrubText` redacts: an `@`, ten digits, or PostgreSQL's
 * quoting. Most strings hold none, and one pass over their characters is cheaper than the three
 * patterns (the e-mail one is slowest on long text without spaces).
 */
function mayHoldPersonal(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 64) return true;
    if (code >= 48 && code <= 57 && ++digits === 10) return true;
  }
  return text.includes(')=(') || text.includes('Failing row contains ');
}

/** `text` with every e-mail, phone- or card-like number and PostgreSQL-quoted value redacted. */
export function scrubText(text: string): string {
  if (!mayHoldPersonal(text)) return text;
  return text
    .replace(postgresValues, (_, key, close, _space, row) =>
      row ? `${row}${REDACTED}` : `${key}${REDACTED}${close}`,
    )
    .replace(email, REDACTED)
    .replace(longNumber, REDACTED);
}

/** A request URL fit for the log: see the module's comment. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  if (mark < 0) return redactPath(path);
  return `${redactPath(path)}?${redactQuery(url.slice(mark + 1))}`;
}

function redactPath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, index) => {
      // DELETE /v1/customers/:id/identifiers/:kind/:value names the identifier itself.
      if (index >= 2 && segments[index - 2] === 'identifiers') return REDACTED;
      return scrubbed(segment) ? REDACTED : segment;
    })
    .join('/');
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      if (scrubbed(name)) return REDACTED;
      if (equals < 0) return name;
      const value = pair.slice(equals + 1);
      const plain = plainQueryParams.has(decoded(name)) && !scrubbed(value);
      return `${name}=${plain ? value : REDACTED}`;
    })
    .join('&');
}

/** Whether a URL part, read as sent and decoded, holds something `scrubText` would redact. */
function scrubbed(part: string): boolean {
  const text = decoded(part);
  return scrubText(text) !== text || scrubText(part) !== part;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    return part;
  }
}

// Deep enough for any error or object Perk logs; deeper parts are dropped, not walked.
const maxDepth = 6;

/** `value` with personal keys' values redacted and every string scrubbed; a copy. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = personalKeys.has(key.toLowerCase()) ? REDACTED : redactValue(item, depth + 1);
  }
  return copy;
}

// Codes that hold long digit runs and no personal data: a barcode SKU, a till's transaction id.
// Kept as sent unless they look like an e-mail, so support can read which product or check.
const codeKeys = new Set([
  'sku',
  'skus',
  'lineId',
  'transactionId',
  'originalTransactionId',
  'storeId',
  'promotionId',
  'calculationId',
  'requestId',
]);
const emailLike = /@/;
/** Deep enough for every body Perk takes or gives; deeper parts are dropped, not walked. */
export const MAX_MASKED_DEPTH = 12;

// A string value longer than this is cut before it is scrubbed: the e-mail pattern's cost grows
// with the square of a run without spaces, and no field Perk reads is this long.
const maxScrubbedString = 4_096;

/**
 * `text` cut to `max` characters and scrubbed. A run of digits at the cut is dropped with it, so
 * a phone cut in two never shows its first digits.
 */
function scrubCut(text: string, max: number): string {
  if (text.length <= max) return scrubText(text);
  return scrubText(text.slice(0, max).replace(/[\d\s().+-]+$/, ''));
}

/**
 * A stored body (JSON) with personal keys' values masked and every other string scrubbed, for
 * the logs people read back. A personal value becomes `[redacted]` whole; with `keepShape`, each
 * string in it does and its arrays, objects, numbers and booleans stay, so the body still fits
 * the schema it is served by (`couponCodes: ["[redacted]"]`). A personal key without a value
 * (`couponCode: null`) stays null: it shows that none was given. Copied only where something
 * changed: a value with nothing to mask is answered as it came, so its caller can keep the text
 * it was parsed from.
 */
export function maskJson(value: unknown, options: { keepShape?: boolean } = {}): unknown {
  return maskAt(value, '', 0, options.keepShape === true);
}

function maskAt(value: unknown, key: string, depth: number, keepShape: boolean): unknown {
  if (typeof value === 'string')
    return codeKeys.has(key) && !emailLike.test(value) && value.length <= maxScrubbedString
      ? value
      : scrubCut(value, maxScrubbedString);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASKED_DEPTH) return REDACTED;
  // An array's items are read under the array's key: `skus: ["4607…"]` are codes too.
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const masked = maskAt(item, key, depth + 1, keepShape);
      if (copy === null && masked !== item) copy = value.slice(0, i);
      copy?.push(masked);
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  // Keys, not entries: a pair array a property was a quarter of what masking an answer allocated.
  const names = Object.keys(record);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const item = record[name];
    const masked =
      item === null || !isPersonalAt(key, name)
        ? maskAt(item, name, depth + 1, keepShape)
        : keepShape
          ? redactStrings(item, depth + 1)
          : REDACTED;
    if (copy === null && masked !== item) {
      copy = {};
      for (let j = 0; j < i; j++) copy[names[j] as string] = record[names[j] as string];
    }
    if (copy !== null) copy[name] = masked;
  }
  return copy ?? value;
}

// Keys personal only under another: a coupon's `code` (`coupons: [{ code }]` of a calculation or
// a series), where elsewhere `code` names a reason (`outside_schedule`).
const personalUnder = new Map([['coupons', new Set(['code'])]]);

/** Whether `name`'s value is personal in an object read under `parent` (its array's key). */
function isPersonalAt(parent: string, name: string): boolean {
  return personalKeys.has(name.toLowerCase()) || personalUnder.get(parent)?.has(name) === true;
}

/** `value` with every string in it `[redacted]`, its shape kept. */
function redactStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASKED_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(value))
    copy[name] = redactStrings((value as Record<string, unknown>)[name], depth + 1);
  return copy;
}

/** Masking a batch takes the event loop for at most this long at a time. */
const MASK_SLICE_MS = 1;

/**
 * `items` masked by `mask`, letting requests in every millisecond: a log's batch of 200
 * calculations masked at once held every request behind it for 10–20 ms.
 */
export async function maskInTurns<Item, Masked>(
  items: readonly Item[],
  mask: (item: Item) => Masked,
): Promise<Masked[]> {
  const masked: Masked[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    if (performance.now() - sliceStart >= MASK_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    masked.push(mask(item));
  }
  return masked;
}

interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [property: string]: unknown;
}

/** An error as pino logs one (type, message, stack, own properties, cause), redacted. */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: scrubText(String(error)), stack: '' };
  }
  const logged: LoggedError = {
    ...(redactValue({ ...error }, 1) as Record<string, unknown>),
    type: error.constructor.name,
    message: scrubText(error.message),
    stack: scrubText(error.stack ?? ''),
  };
  if (error.cause !== undefined && depth < 3) logged.cause = serializeError(error.cause, depth + 1);
  return logged;
}

/** What the request line reads of a Fastify request. */
interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number | undefined };
}

/** Pino's `serializers`: Fastify's request and reply lines, and errors, redacted. */
export const logSerializers = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: (error: unknown) => serializeError(error),
};

const serialized = new Set(Object.keys(logSerializers));

/**
 * Pino options that apply the layers above to every line: `serializers`, a `formatters.log` for
 * every other key of a logged object, and a `hooks.logMethod` for messages.
 */
export function redactingLoggerOptions() {
  return {
    serializers: logSerializers,
    formatters: {
      log(object: Record<string, unknown>) {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(object)) {
          if (serialized.has(key)) out[key] = value;
          else out[key] = personalKeys.has(key.toLowerCase()) ? REDACTED : redactValue(value);
        }
        return out;
      },
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void): void {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)),
        );
      },
    },
  };
}
