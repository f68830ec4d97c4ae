import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorKind, type FieldProblem, PerkError } from '../errors.ts';

const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  rate_limited: 429,
  unavailable: 503,
};

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  /** The request's id, as in its `x-request-id` header and every log line of it. */
  requestId: string;
  field?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** The one mapping from any error to an RFC 9457 problem document. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof PerkError) {
    return problem(statusOf[error.kind], error.code, error.message, request, {
      ...(error.field ? { field: error.field } : {}),
      ...(error.problems.length > 0 ? { errors: error.problems } : {}),
      ...error.details,
    });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const location = fastifyError.validationContext ?? 'body';
    const errors = fastifyError.validation.map((issue) => describeIssue(issue, location));
    const first = errors[0] as FieldProblem;
    const code = errors.length === 1 ? first.code : 'validation_failed';
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return problem(400, code, detail, request, { field: first.field, errors });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 500)
    return problem(500, 'internal_error', 'Internal error; it has been logged', request);
  return problem(status, fastifyCode(fastifyError), fastifyError.message, request);
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

function problem(
  status: number,
  code: string,
  detail: string,
  request: FastifyRequest,
  extra: object = {},
): Problem {
  return {
    type: `/problems/${code}`,
    title: titleOf(code),
    status,
    code,
    detail,
    instance: request.url,
    requestId: request.id,
    ...extra,
  };
}

function titleOf(code: string): string {
  const text = code.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

// Keywords whose failure has a more telling code than `invalid_value`.
const keywordCodes: Record<string, string> = {
  type: 'wrong_type',
  minimum: 'out_of_range',
  maximum: 'out_of_range',
  exclusiveMinimum: 'out_of_range',
  exclusiveMaximum: 'out_of_range',
  maxItems: 'too_many_items',
  minItems: 'too_few_items',
};

function describeIssue(issue: AjvIssue, location: string): FieldProblem & { location: string } {
  const base = issue.instancePath || '';
  if (issue.keyword === 'required') {
    const field = `${base}/${String(issue.params.missingProperty)}`;
    return { location, field, code: 'missing_field', message: 'is required' };
  }
  if (issue.keyword === 'additionalProperties') {
    const field = `${base}/${String(issue.params.additionalProperty)}`;
    return { location, field, code: 'unknown_field', message: 'is not a known field' };
  }
  const code = keywordCodes[issue.keyword] ?? 'invalid_value';
  return { location, field: base || '/', code, message: issue.message ?? 'is invalid' };
}

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_NOT_FOUND: 'route_not_found',
};

function fastifyCode(error: FastifyError): string {
  if (error.code && fastifyCodes[error.code]) return fastifyCodes[error.code] as string;
  if (error instanceof SyntaxError) return 'malformed_json';
  return 'bad_request';
}
