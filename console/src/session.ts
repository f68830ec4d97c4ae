import {
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { PerkApi } from './api/client';
import { useApi } from './api/context';
import type { paths } from './api/perk-api';
import { dataOf } from './api/problem';

export type SessionView =
  paths['/v1/session']['get']['responses']['200']['content']['application/json'];
type Credentials = NonNullable<
  paths['/v1/session']['post']['requestBody']
>['content']['application/json'];
type PasswordChange = NonNullable<
  paths['/v1/session/password']['post']['requestBody']
>['content']['application/json'];

const sessionKey = ['session'] as const;

// The session cookie is httpOnly, so the console cannot see it; it remembers that it logged in,
// and a browser that never did opens the login page without asking the API (and a 401).
const loggedInKey = 'perk.loggedIn';
const permissionsKey = 'perk.permissions';

/** Who is logged in; null when nobody is (the API answered 401). */
export const sessionQuery = (api: PerkApi) =>
  queryOptions({
    queryKey: sessionKey,
    queryFn: async (): Promise<SessionView | null> => {
      if (!rememberedLogin()) return null;
      const answer = await api.client.GET('/v1/session');
      if (answer.response.status === 401) {
        localStorage.removeItem(loggedInKey);
        rememberPermissions(null);
        return null;
      }
      const session = dataOf(answer);
      api.setCsrfToken(session.csrfToken);
      rememberPermissions(session);
      return session;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useSession = () => useQuery(sessionQuery(useApi()));

/**
 * The permissions of the operator this browser last saw, before the session check answers: a
 * page's data is asked beside that check only when they allow it (no 403 for a page not allowed).
 */
export function rememberedPermissions(): readonly string[] {
  try {
    const permissions: unknown = JSON.parse(localStorage.getItem(permissionsKey) ?? '[]');
    return Array.isArray(permissions) ? permissions.filter((p) => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether this browser logged in and has not logged out or seen its session end since. */
export const rememberedLogin = () => localStorage.getItem(loggedInKey) !== null;

function rememberPermissions(session: SessionView | null) {
  if (session) localStorage.setItem(permissionsKey, JSON.stringify(session.permissions));
  else localStorage.removeItem(permissionsKey);
}

/** Whether the operator's role holds a permission (the API checks it again on every call). */
export function can(session: SessionView | null | undefined, permission: string): boolean {
  return session?.permissions.includes(permission) ?? false;
}

/** Takes what the API answered about the session (null: there is none) as the console's own. */
export function settleSession(
  queries: QueryClient,
  api: PerkApi,
  session: SessionView | null,
): void {
  if (session) localStorage.setItem(loggedInKey, '1');
  else localStorage.removeItem(loggedInKey);
  rememberPermissions(session);
  api.setCsrfToken(session?.csrfToken ?? null);
  queries.setQueryData(sessionKey, session);
}

function useSessionAnswer() {
  const api = useApi();
  const queries = useQueryClient();
  return (session: SessionView | null) => settleSession(queries, api, session);
}

export function useLogin() {
  const api = useApi();
  const queries = useQueryClient();
  const settle = useSessionAnswer();
  return useMutation({
    mutationFn: async (body: Credentials) => dataOf(await api.client.POST('/v1/session', { body })),
    onSuccess: (session) => {
      // Nothing the previous operator saw is shown to this one.
      queries.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      settle(session);
    },
  });
}

export function useChangePassword() {
  const api = useApi();
  const settle = useSessionAnswer();
  return useMutation({
    mutationFn: async (body: PasswordChange) =>
      dataOf(await api.client.POST('/v1/session/password', { body })),
    onSuccess: settle,
  });
}

export function useLogout() {
  const api = useApi();
  const settle = useSessionAnswer();
  return useMutation({
    mutationFn: async () => {
      const answer = await api.client.DELETE('/v1/session');
      // An ended session is as good as a logout.
      if (answer.response.status !== 401 && answer.error !== undefined) dataOf(answer);
    },
    onSuccess: () => settle(null),
  });
}
