/**
 * What keeps personal data (phones, e-mails, card and gift-card numbers, PINs, coupon codes,
 * passwords, keys) out of the log. Three layers, each for what the one before cannot know:
 * - request lines log the URL with every query value redacted unless its parameter is known to
 *   hold none (ids, cursors, dates), and path segments that carry an identifier redacted;
 * - every logged object has the values of personal-looking keys redacted, and every string in it
 *   scrubbed of e-mails, long digit runs (phones, cards) and the values PostgreSQL quotes in its
 *   errors (`Key (value)=(…)`, `Failing row contains (…)`);
 * - every log message is scrubbed the same way.
 * Headers and bodies are never logged.
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

/** Whether values under `key` are personal or secret wherever they appear (`pin`, `phone`, …). */
export function isPersonalKey(key: string): boolean {
  return personalKeys.has(key.toLowerCase());
}

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
