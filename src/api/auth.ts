import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, commandLineActor } from '../access/actor.ts';
import { verifyApiKey } from '../access/api-keys.ts';
import { PerkError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Role } from '../store/schema.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route; a route without it is public (health, docs). */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

// A verified key is remembered briefly so a busy till does not cost a query per call;
// revoking a key therefore takes effect within this many milliseconds on every node.
const cacheMillis = 10_000;

const caches = new WeakMap<Db, Map<string, { actor: Actor | null; until: number }>>();

/** Forgets every verified key of this node, so a key revoked here stops working at once. */
export function forgetVerifiedKeys(db: Db): void {
  caches.get(db)?.clear();
}

/**
 * Checks `Authorization: Bearer <key>` and the route's roles: 401 without a valid key, 403 for a
 * wrong role. `localSecret` (a server holding an embedded database) is taken as the command line.
 */
export function registerAuth(app: FastifyInstance, db: Db, localSecret?: string): void {
  const cache = new Map<string, { actor: Actor | null; until: number }>();
  caches.set(db, cache);
  const localDigest = localSecret === undefined ? undefined : digest(localSecret);

  async function resolve(key: string): Promise<Actor | null> {
    if (localDigest && timingSafeEqual(digest(key), localDigest)) return commandLineActor;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.actor;
    const actor = await verifyApiKey(db, key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { actor, until: now + cacheMillis });
    return actor;
  }

  app.decorateRequest('actor');
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const header = request.headers.authorization;
    const key = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (!key)
      throw new PerkError(
        'unauthorized',
        'missing_api_key',
        'Send an API key as "Authorization: Bearer <key>"',
        { field: 'Authorization' },
      );
    const actor = await resolve(key);
    if (!actor)
      throw new PerkError('unauthorized', 'invalid_api_key', 'The API key is unknown or revoked', {
        field: 'Authorization',
      });
    if (!roles.includes(actor.role)) {
      throw new PerkError(
        'forbidden',
        'role_not_allowed',
        `Role "${actor.role}" may not call this; allowed: ${roles.join(', ')}`,
        {
          details: { role: actor.role, allowedRoles: roles },
        },
      );
    }
    request.actor = actor;
  });
}

// Digests have one length whatever was sent, as timingSafeEqual needs.
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
