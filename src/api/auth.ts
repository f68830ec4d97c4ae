import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, commandLineActor } from '../access/actor.ts';
import { verifyApiKey } from '../access/api-keys.ts';
import type { Permission } from '../access/permissions.ts';
import { PerkError } from '../errors.ts';
import type { OperatorConfig } from '../operators/operator-config.ts';
import {
  csrfTokenFor,
  type OperatorSession,
  resolveSession,
  type SessionPolicy,
} from '../operators/sessions.ts';
import type { Db } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see access/permissions.ts); a route without it is public. */
    roles?: Permission;
  }
  interface FastifyRequest {
    actor: Actor;
    /** The console session the call came with; null for an API key. */
    operatorSession: ConsoleSession | null;
  }
}

export interface ConsoleSession extends OperatorSession {
  csrfToken: string;
}

/** The cookie carrying a console session's token. */
export const sessionCookie = 'perk_session';
/** The header an unsafe call made with the session cookie must carry the session's CSRF token in. */
export const csrfHeader = 'x-csrf-token';

// A verified key is remembered briefly so a busy till does not cost a query per call;
// revoking a key therefore takes effect within this many milliseconds on every node.
const cacheMillis = 10_000;

const caches = new WeakMap<Db, Map<string, { actor: Actor | null; until: number }>>();

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Forgets every verified key of this node, so a key revoked here stops working at once. */
export function forgetVerifiedKeys(db: Db): void {
  caches.get(db)?.clear();
}

/**
 * Authenticates every call to a route with `roles`: `Authorization: Bearer <key>` for
 * integrations (or a Mindbox client's form of it, see `apiKeyOf`), or the console's session cookie, whose unsafe calls (POST, PUT, PATCH, DELETE)
 * must also carry the session's CSRF token. 401 without valid credentials, 403 for a role the
 * route's permission does not hold, a missing CSRF token, or a one-time password not yet replaced.
 * `localSecret` (a server holding an embedded database) is taken as the command line.
 */
export async function registerAuth(
  app: FastifyInstance,
  db: Db,
  config: OperatorConfig,
  localSecret?: string,
): Promise<void> {
  const cache = new Map<string, { actor: Actor | null; until: number }>();
  caches.set(db, cache);
  const localDigest = localSecret === undefined ? undefined : digest(localSecret);
  const policy: SessionPolicy = {
    idleMinutes: config.sessionIdleMinutes,
    maxHours: config.sessionMaxHours,
  };

  async function resolveKey(key: string): Promise<Actor | null> {
    if (localDigest && timingSafeEqual(digest(key), localDigest)) return commandLineActor;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.actor;
    const actor = await verifyApiKey(db, key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { actor, until: now + cacheMillis });
    return actor;
  }

  async function keyActor(permission: Permission, key: string): Promise<Actor> {
    const actor = await resolveKey(key);
    if (!actor)
      throw new PerkError('unauthorized', 'invalid_api_key', 'The API key is unknown or revoked', {
        field: 'Authorization',
      });
    if (!permission.keys.includes(actor.role as never))
      throw roleNotAllowed(actor.role, permission, permission.keys);
    return actor;
  }

  async function sessionActor(request: FastifyRequest, permission: Permission, token: string) {
    const session = await resolveSession(db, token, new Date(), policy);
    if (!session)
      throw new PerkError('unauthorized', 'session_ended', 'The session has ended; log in again');
    const csrfToken = csrfTokenFor(token);
    if (!safeMethods.has(request.method) && !sameToken(request.headers[csrfHeader], csrfToken))
      throw new PerkError(
        'forbidden',
        'csrf_token_invalid',
        `Send the session's CSRF token (from GET /v1/session) in the X-CSRF-Token header`,
        { field: csrfHeader },
      );
    const { id, name, role } = session.operator;
    if (session.mustChangePassword && !permission.beforePasswordChange)
      throw new PerkError(
        'forbidden',
        'password_change_required',
        'Replace the one-time password first (POST /v1/session/password)',
      );
    if (!permission.operators.includes(role))
      throw roleNotAllowed(role, permission, permission.operators);
    request.operatorSession = { ...session, csrfToken };
    return { keyId: null, operatorId: id, name, role } satisfies Actor;
  }

  await app.register(fastifyCookie);
  app.decorateRequest('actor');
  app.decorateRequest('operatorSession', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const permission = request.routeOptions.config.roles;
    if (!permission) return;
    const key = apiKeyOf(request.headers.authorization);
    const token = request.cookies[sessionCookie];
    if (key) {
      request.actor = await keyActor(permission, key);
    } else if (token) {
      request.actor = await sessionActor(request, permission, token);
    } else {
      throw new PerkError(
        'unauthorized',
        'missing_api_key',
        'Send an API key as "Authorization: Bearer <key>", or log in (POST /v1/session)',
        { field: 'Authorization' },
      );
    }
  });
}

/**
 * The API key of an Authorization header: `Bearer <key>`, or as Mindbox clients send their
 * secret key (`SecretKey <key>`, older ones `Mindbox secretKey="<key>"`), so software written
 * for Mindbox's API authenticates with a Perk key unchanged.
 */
export function apiKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match =
    /^(?:Bearer|SecretKey)\s+(\S+)\s*$/.exec(header) ??
    /^Mindbox\s+secretKey="([^"]+)"\s*$/.exec(header);
  return match?.[1];
}

// Digests have one length whatever was sent, as timingSafeEqual needs.
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function roleNotAllowed(role: string, permission: Permission, allowed: readonly string[]) {
  const whom = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'only a console session may';
  return new PerkError(
    'forbidden',
    'role_not_allowed',
    `Role "${role}" may not call this; ${whom}`,
    {
      details: { role, allowedRoles: allowed, permission: permission.name },
    },
  );
}

/** Whether the session cookie gets `Secure`: always, never, or when the call came over HTTPS. */
export function secureCookie(request: FastifyRequest, mode: OperatorConfig['secureCookies']) {
  return mode === 'on' || (mode === 'auto' && request.protocol === 'https');
}
