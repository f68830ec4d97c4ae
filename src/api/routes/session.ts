import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { permissions, permissionsOf } from '../../access/permissions.ts';
import { PerkError } from '../../errors.ts';
import { changeOwnPassword, type Locked, login } from '../../operators/login.ts';
import type { PasswordHasher } from '../../operators/password-hash.ts';
import { csrfTokenFor, endSession, hashToken } from '../../operators/sessions.ts';
import type { AppDeps } from '../app.ts';
import { type ConsoleSession, secureCookie, sessionCookie } from '../auth.ts';
import { OperatorRoleSchema, ProblemSchema, problemResponses, Uuid } from '../schemas.ts';

const SessionView = Type.Object(
  {
    operator: Type.Object({
      id: Uuid,
      email: Type.String(),
      name: Type.String(),
      role: OperatorRoleSchema,
    }),
    permissions: Type.Array(Type.String(), {
      description:
        'Names of the permissions the role holds (see GET /v1/session), to hide controls',
    }),
    mustChangePassword: Type.Boolean({
      description: 'Only the session routes answer until POST /v1/session/password',
    }),
    csrfToken: Type.String({ description: 'Send it in X-CSRF-Token with every unsafe call' }),
    expiresAt: Type.String({ format: 'date-time', description: 'The latest the session can last' }),
  },
  { 'x-perk-component': 'Session' },
);

// Only a bound against abuse here; the length rules are the service's (operator-input.ts).
const Password = Type.String({ minLength: 1, maxLength: 1000 });

function view(session: Omit<ConsoleSession, 'tokenHash'>) {
  return {
    operator: session.operator,
    permissions: permissionsOf(session.operator.role),
    mustChangePassword: session.mustChangePassword,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

function refuseLocked(reply: FastifyReply, locked: Locked): never {
  reply.header('retry-after', String(locked.retryAfterSeconds));
  throw new PerkError('rate_limited', 'operator_locked', 'Too many wrong passwords; try later', {
    details: { retryAfterSeconds: locked.retryAfterSeconds },
  });
}

function currentSession(request: FastifyRequest): ConsoleSession {
  return request.operatorSession as ConsoleSession;
}

/**
 * The console's login, "who am I" and logout. The session lives in an httpOnly, SameSite=Strict
 * cookie scoped to /v1; unsafe calls also carry the CSRF token answered here.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { passwords: PasswordHasher }
> = async (app, { db, config, passwords }) => {
  const sessions = {
    idleMinutes: config.operators.sessionIdleMinutes,
    maxHours: config.operators.sessionMaxHours,
  };
  app.post(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        description:
          'No key needed. The cookie is httpOnly and SameSite=Strict; send the answered csrfToken in X-CSRF-Token with every call that changes something. Repeated wrong passwords lock the operator out for a while (429 operator_locked).',
        summary: 'Log in with e-mail and password; sets the session cookie',
        security: [],
        // A JSON body also keeps other sites' forms from logging a browser in: they cannot send one.
        body: Type.Object(
          { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
          { additionalProperties: false },
        ),
        response: { 200: SessionView, ...problemResponses, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const result = await login({ db, passwords, sessions }, request.body, new Date());
      if (!result.ok) {
        if (result.reason === 'locked') refuseLocked(reply, result);
        throw new PerkError('unauthorized', 'invalid_credentials', 'Wrong e-mail or password');
      }
      const previous = request.cookies[sessionCookie];
      if (previous) await endSession(db, hashToken(previous));
      reply.setCookie(sessionCookie, result.token, {
        path: '/v1',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookie(request, config.operators.secureCookies),
      });
      return view({ ...result.session, csrfToken: csrfTokenFor(result.token) });
    },
  );
  app.get(
    '/v1/session',
    {
      config: { roles: permissions.session },
      schema: {
        tags: ['session'],
        description:
          'The console calls it on start. permissions names what the role may do, to hide the controls it may not use.',
        summary: 'Who is logged in: operator, role, permissions and the CSRF token',
        response: { 200: SessionView, ...problemResponses },
      },
    },
    async (request) => view(currentSession(request)),
  );
  app.delete(
    '/v1/session',
    {
      config: { roles: permissions.session },
      schema: {
        tags: ['session'],
        description: 'Needs the X-CSRF-Token of the session.',
        summary: 'Log out: the session ends on the server and the cookie is cleared',
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await endSession(db, currentSession(request).tokenHash);
      reply.clearCookie(sessionCookie, { path: '/v1' });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/v1/session/password',
    {
      config: { roles: permissions.session },
      schema: {
        tags: ['session'],
        description:
          'Needs the current password. Required after a one-time password: until then only the session routes answer.',
        summary: "Replace the operator's own password; the other sessions end",
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 200: SessionView, ...problemResponses, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const session = currentSession(request);
      const result = await changeOwnPassword({ db, passwords }, session, request.body, new Date());
      if (!result.ok) refuseLocked(reply, result);
      return view({ ...session, mustChangePassword: false });
    },
  );
};
