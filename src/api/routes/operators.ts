import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import {
  createOperator,
  getOperator,
  listOperators,
  resetOperatorPassword,
  updateOperator,
} from '../../operators/operators.ts';
import type { PasswordHasher } from '../../operators/password-hash.ts';
import type { AppDeps } from '../app.ts';
import { OperatorRoleSchema, problemResponses, Uuid } from '../schemas.ts';

const Operator = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: OperatorRoleSchema,
    active: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { 'x-perk-component': 'Operator' },
);

const WithOneTimePassword = Type.Object({
  operator: Operator,
  oneTimePassword: Type.Union([Type.String(), Type.Null()], {
    description: 'Shown only in this answer; the operator replaces it at first login',
  }),
});

// Lengths and formats are the service's rules (operator-input.ts), so each is answered with its
// own code; the schema only bounds the input.
const Email = Type.String({ maxLength: 1000 });
const Name = Type.String({ maxLength: 1000 });

export const operatorRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { passwords: PasswordHasher }
> = async (app, { db, passwords }) => {
  app.post(
    '/v1/operators',
    {
      config: { roles: permissions.operators },
      schema: {
        tags: ['operators'],
        description:
          'The operator logs in at the console with POST /v1/session. A one-time password must be replaced at first login. An e-mail already used is 409 operator_email_taken. Audited.',
        summary: 'Create an operator; without a password, a one-time password is made',
        body: Type.Object(
          {
            email: Email,
            name: Name,
            role: OperatorRoleSchema,
            password: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: WithOneTimePassword, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOperator({ db, passwords }, request.actor, request.body)),
  );
  app.get(
    '/v1/operators',
    {
      config: { roles: permissions.operators },
      schema: {
        tags: ['operators'],
        description:
          'Every console operator with role, whether active, lock-out and last login. Passwords are never shown.',
        summary: 'List operators, active or not, by e-mail',
        response: { 200: Type.Object({ items: Type.Array(Operator) }) },
      },
    },
    async () => ({ items: await listOperators(db) }),
  );
  app.get(
    '/v1/operators/:id',
    {
      config: { roles: permissions.operators },
      schema: {
        tags: ['operators'],
        description: '404 operator_not_found for an unknown id.',
        summary: 'One operator',
        params: Type.Object({ id: Uuid }),
        response: { 200: Operator, ...problemResponses },
      },
    },
    async (request) => getOperator(db, request.params.id),
  );
  app.patch(
    '/v1/operators/:id',
    {
      config: { roles: permissions.operators },
      schema: {
        tags: ['operators'],
        description:
          "Fields absent stay. A new role takes effect on the next call of each session; active: false ends the operator's sessions. The last active admin cannot be demoted or deactivated. Audited.",
        summary: 'Change e-mail, name or role, or deactivate (active: false ends the sessions)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            email: Type.Optional(Email),
            name: Type.Optional(Name),
            role: Type.Optional(OperatorRoleSchema),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Operator, ...problemResponses },
      },
    },
    async (request) => updateOperator(db, request.actor, request.params.id, request.body),
  );
  app.post(
    '/v1/operators/:id/password',
    {
      config: { roles: permissions.operators },
      schema: {
        tags: ['operators'],
        description:
          'Answers the one-time password once; hand it to the operator, who must replace it at the next login. Audited.',
        summary: 'Reset the password to a one-time one; sessions end and a lock-out is lifted',
        params: Type.Object({ id: Uuid }),
        response: { 200: WithOneTimePassword, ...problemResponses },
      },
    },
    async (request) => resetOperatorPassword({ db, passwords }, request.actor, request.params),
  );
};
