import createClient from 'openapi-fetch';
import type { paths } from './perk-api';

export type PerkClient = ReturnType<typeof createClient<paths>>;

export interface PerkApi {
  client: PerkClient;
  /** The session's CSRF token, sent with every unsafe call (the API refuses one without it). */
  setCsrfToken(token: string | null): void;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The Perk API on the console's own origin; the session cookie goes along by itself. */
export function createPerkApi(baseUrl = ''): PerkApi {
  let csrfToken: string | null = null;
  const client = createClient<paths>({ baseUrl, credentials: 'same-origin' });
  client.use({
    onRequest({ request }) {
      if (csrfToken && !safeMethods.has(request.method)) {
        request.headers.set('x-csrf-token', csrfToken);
      }
      return request;
    },
  });
  return {
    client,
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}
