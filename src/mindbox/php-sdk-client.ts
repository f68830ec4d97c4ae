/**
 * A test client that calls Perk as Mindbox's PHP SDK calls Mindbox: it builds the URL
 * (`{domain}/v3/operations/{sync|async}?endpointId=…&operation=…[&transactionId=…]
 * [&deviceUUID=…]`), sends the SDK's headers and the JSON body, retries on 500 and 503, maps
 * 400, 401, 403, 404, 409 and 429 to errors of their own, and reads `status` from the body.
 * Used by the tests only.
 */
export interface SdkOptions {
  domain: string;
  endpointId: string;
  secretKey: string;
  /** `SecretKey …` as the SDK sends it now, or the older `Mindbox secretKey="…"`. */
  legacyHeader?: boolean;
  /** Tries on 500 and 503 (the SDK's default is 3). */
  attempts?: number;
}

export interface SdkCall {
  operation: string;
  body: unknown;
  async?: boolean;
  transactionId?: string;
  deviceUUID?: string;
}

/** An HTTP status the SDK turns into an exception of its own; `kind` names the exception. */
export class SdkError extends Error {
  constructor(
    readonly kind: string,
    readonly httpStatus: number,
    readonly body: unknown,
  ) {
    super(`${kind} (HTTP ${httpStatus})`);
  }
}

const exceptions: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  409: 'ConflictException',
  429: 'TooManyRequestsException',
};

// biome-ignore lint/suspicious/noExplicitAny: a test client; tests read answers of every shape.
type AnswerBody = Record<string, any>;

export interface SdkResult {
  httpStatus: number;
  /** The body's `status`, as the SDK's `getResult()->getStatus()`. */
  status: string;
  body: AnswerBody;
  /** What was sent, for tests of the request's shape. */
  sent: { url: string; headers: Record<string, string> };
}

export async function sdkCall(options: SdkOptions, call: SdkCall): Promise<SdkResult> {
  const query = new URLSearchParams({ endpointId: options.endpointId, operation: call.operation });
  if (call.transactionId) query.set('transactionId', call.transactionId);
  if (call.deviceUUID) query.set('deviceUUID', call.deviceUUID);
  const url = `${options.domain}/v3/operations/${call.async ? 'async' : 'sync'}?${query}`;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/json; charset=utf-8',
    Authorization: options.legacyHeader
      ? `Mindbox secretKey="${options.secretKey}"`
      : `SecretKey ${options.secretKey}`,
    'Mindbox-Integration': 'PhpSDK',
    'Mindbox-Integration-Version': '2.0',
  };
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    const answer = await fetch(url, { method: 'POST', headers, body: JSON.stringify(call.body) });
    const text = await answer.text();
    const body = text === '' ? {} : (JSON.parse(text) as AnswerBody);
    if ((answer.status === 500 || answer.status === 503) && attempt < attempts) continue;
    const exception = exceptions[answer.status];
    if (exception) throw new SdkError(exception, answer.status, body);
    if (answer.status >= 500)
      throw new SdkError('MindboxUnavailableException', answer.status, body);
    return { httpStatus: answer.status, status: String(body.status), body, sent: { url, headers } };
  }
}
