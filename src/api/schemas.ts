import { type TSchema, Type } from 'typebox';

/** Shared pieces of request and response schemas. */
export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' });
export const Uuid = Type.String({ format: 'uuid' });
export const ChannelSchema = Type.Union([
  Type.Literal('pos'),
  Type.Literal('web'),
  Type.Literal('app'),
]);
export const RoleSchema = Type.Union([
  Type.Literal('pos'),
  Type.Literal('web'),
  Type.Literal('admin'),
  Type.Literal('analyst'),
]);
export const OperatorRoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('marketer'),
  Type.Literal('support'),
  Type.Literal('analyst'),
]);
export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });

/** A customer's history listed newest first, a page at a time (see store/history-page.ts). */
export const HistoryPageQuery = Type.Object(
  {
    limit: Limit,
    before: Type.Optional(Type.String({ description: 'nextBefore of the previous page' })),
  },
  { additionalProperties: false },
);

export function historyPage<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextBefore: Type.Union([Type.String(), Type.Null()]),
  });
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine code, e.g. identifier_taken' }),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String({
      description: 'The x-request-id of the call; every log line of the call carries it as reqId',
    }),
    field: Type.Optional(Type.String({ description: 'JSON pointer to the field at fault' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          { field: Type.String(), code: Type.String(), message: Type.String() },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  {
    additionalProperties: true,
    description: 'RFC 9457 problem details',
    'x-perk-component': 'Problem',
  },
);

/** Every route answers its refusals with problem+json; listed once so the OpenAPI document shows it. */
export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  412: ProblemSchema,
  422: ProblemSchema,
};
