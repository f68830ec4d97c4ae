import type { FastifyError } from 'fastify';
import { type FieldProblem, PerkError } from '../errors.ts';

/** One message of a Mindbox `ValidationError`: what is wrong, and where in the body. */
export interface ValidationMessage {
  message: string;
  location: string;
}

/** A Mindbox failure answer with the HTTP status it goes with. */
export type MindboxFailure =
  | {
      httpStatus: 200;
      body: { status: 'ValidationError'; validationMessages: ValidationMessage[] };
    }
  | {
      httpStatus: number;
      body: {
        status: 'ProtocolError' | 'InternalServerError';
        errorMessage: string;
        errorId: string;
        httpStatusCode: number;
      };
    };

// Perk's field pointers as the Mindbox body names the same thing.
const locations: readonly [perk: RegExp, mindbox: string][] = [
  [/^\/lines(\/\d+)?.*$/, '/order/lines$1'],
  [/^\/customer(\/.*)?$/, '/customer'],
  [/^\/identifiers(\/\d+)?.*$/, '/customer'],
  [/^\/couponCodes(\/\d+)?$/, '/order/coupons$1'],
  [/^\/redeemPoints$/, '/order/bonusPoints'],
  [/^\/storeId$/, '/order/area'],
  [/^\/at$/, '/order/executionDateTimeUtc'],
  [/^\/expectedTotalMinor$/, '/order/totalPrice'],
  [/^\/transactionId$/, 'transactionId'],
];

/** Where a Perk field pointer is in the Mindbox body. */
export function mindboxLocation(field: string | undefined): string {
  if (field === undefined) return '/';
  for (const [perk, mindbox] of locations)
    if (perk.test(field)) return field.replace(perk, mindbox);
  return field;
}

// Refusals of a retried write with another body: the protocol's, not the order's.
const protocolConflicts = new Set(['transaction_conflict', 'return_conflict']);

const protocolStatus: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  precondition_failed: 412,
  rate_limited: 429,
  unavailable: 503,
};

/**
 * Any error as Mindbox answers it. Refusals of the order or the customer (Perk's 400, 404, 409
 * and 422) are a `ValidationError` with HTTP 200 and every field at fault; credentials,
 * permissions, a repeated transaction with another body, overload and malformed calls are a
 * `ProtocolError` with its status; anything else is an `InternalServerError` (500), whose
 * `errorId` is the request id the log line carries.
 */
export function mindboxFailure(error: unknown, requestId: string): MindboxFailure {
  if (error instanceof PerkError) {
    const status = protocolStatus[error.kind];
    if (status !== undefined || protocolConflicts.has(error.code))
      return protocolError(status ?? 409, `${error.code}: ${error.message}`, requestId);
    return validationError(messagesOf(error));
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  if (status < 500) return protocolError(status, fastifyError.message, requestId);
  return {
    httpStatus: 500,
    body: {
      status: 'InternalServerError',
      errorMessage: 'Internal error; it has been logged',
      errorId: requestId,
      httpStatusCode: 500,
    },
  };
}

export function validationError(validationMessages: ValidationMessage[]): MindboxFailure {
  return { httpStatus: 200, body: { status: 'ValidationError', validationMessages } };
}

export function protocolError(status: number, message: string, requestId: string): MindboxFailure {
  return {
    httpStatus: status,
    body: {
      status: 'ProtocolError',
      errorMessage: message,
      errorId: requestId,
      httpStatusCode: status,
    },
  };
}

function messagesOf(error: PerkError): ValidationMessage[] {
  const problems: readonly FieldProblem[] =
    error.problems.length > 0
      ? error.problems
      : [{ field: error.field ?? '/', code: error.code, message: error.message }];
  return problems.map((p) => ({
    message: `${p.code}: ${p.message}`,
    location: mindboxLocation(p.field),
  }));
}
