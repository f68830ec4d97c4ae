import type {
  FetchInfiniteQueryOptions,
  FetchQueryOptions,
  QueryClient,
} from '@tanstack/react-query';
import { Spin } from 'antd';
import { type ComponentType, lazy, Suspense, useEffect, useState } from 'react';
import { matchPath } from 'react-router';
import type { PerkApi } from './api/client';
import { pointsSettingsQuery, segmentsQuery, tierProgramQuery } from './api/programme';
import {
  categoriesQuery,
  mechanicsQuery,
  productsQuery,
  promotionQuery,
  promotionsQuery,
  rulesetQuery,
  storesQuery,
} from './api/queries';
import { analyticsOpening } from './pages/analytics/analytics-queries';
import { simulationsQuery } from './pages/analytics/simulation-queries';
import { customerOpening } from './pages/customer/queries';
import { watchOpening } from './pages/watch/watch-queries';
import { rememberedLogin, rememberedPermissions } from './session';

/**
 * A page loaded when first needed. `preload` fetches its script ahead of rendering: a page that
 * suspends shows a spinner, and React then holds the page itself back for 300 ms after that
 * spinner appeared, so a page whose script is in before it renders opens that much sooner.
 */
interface LazyPage {
  preload(): Promise<void>;
  /** The page, once its script is in. */
  loaded(): ComponentType | undefined;
  /** The page behind React's `lazy`, for a render before its script is in. */
  suspending: ComponentType;
}

function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<void> | undefined;
  const preload = () => {
    loading ??= load().then(
      (module) => {
        loaded = module.default;
      },
      (error: unknown) => {
        // A script that failed to come (the network) is asked for again next time.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return {
    preload,
    loaded: () => loaded,
    suspending: lazy(() => preload().then(() => ({ default: loaded as ComponentType }))),
  };
}

/**
 * A page of the table below: rendered at once when its script is in, else behind a spinner. The
 * choice holds while the page is open: switching would mount the page afresh and lose its state.
 * Give each route's view its own `key`: React would otherwise keep one view, and its choice,
 * from route to route.
 */
export function PageView({ route }: { route: PageRoute }) {
  const { page } = route;
  const [Loaded] = useState(page.loaded);
  // A list's detail pages (a promotion of the list, a customer found) are the likely next ones:
  // their scripts load once the list has had its own requests out.
  useEffect(() => {
    const later = setTimeout(() => {
      for (const child of pageRoutes) {
        if (child.path.startsWith(`${route.path}/:`))
          void child.page.preload().catch(() => undefined);
      }
    }, 500);
    return () => clearTimeout(later);
  }, [route]);
  if (Loaded) return <Loaded />;
  const Suspending = page.suspending;
  return (
    <Suspense fallback={<Spin />}>
      <Suspending />
    </Suspense>
  );
}

// Options of queries of any answer: the client keeps each under its key, whatever its type.
// A list read a page at a time (its first page asked) has a `getNextPageParam`.
type AnyQuery =
  // biome-ignore lint/suspicious/noExplicitAny: a list mixes the answers of several endpoints.
  | FetchQueryOptions<any, any, any, any>
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  | FetchInfiniteQueryOptions<any, any, any, any, any>;

export interface PageRoute {
  path: string;
  page: LazyPage;
  /** The permission the operator's role needs for the page; none: every operator's. */
  permission?: string;
  /**
   * The queries the page asks as it opens (the same options its hooks use), for a page loaded by
   * its address: asked beside the session check and the page's script instead of after both.
   */
  opens?: (api: PerkApi, params: Readonly<Record<string, string | undefined>>) => AnyQuery[];
}

/** The pages past the login, each loaded when first opened, so the login page loads little. */
export const pageRoutes: readonly PageRoute[] = [
  { path: '/promotions', page: lazyPage(() => import('./pages/PromotionsPage')) },
  {
    path: '/promotions/:id',
    page: lazyPage(() => import('./pages/PromotionEditor')),
    permission: 'promotions.write',
    opens: (api, { id }) => [
      ...(id && id !== 'new' ? [promotionQuery(api, id)] : []),
      mechanicsQuery(api),
      storesQuery(api),
      segmentsQuery(api),
      tierProgramQuery(api),
      categoriesQuery(api),
      productsQuery(api, ''),
      rulesetQuery(api),
    ],
  },
  { path: '/why', page: lazyPage(() => import('./pages/WhyExplorer')) },
  { path: '/watch', page: lazyPage(() => import('./pages/WatchPage')), opens: watchOpening },
  { path: '/segments', page: lazyPage(() => import('./pages/SegmentsPage')) },
  { path: '/segments/:id', page: lazyPage(() => import('./pages/SegmentEditor')) },
  { path: '/tiers', page: lazyPage(() => import('./pages/TiersPage')) },
  { path: '/campaigns', page: lazyPage(() => import('./pages/campaigns/CampaignsPage')) },
  { path: '/campaigns/:id', page: lazyPage(() => import('./pages/campaigns/CampaignEditor')) },
  { path: '/coupons', page: lazyPage(() => import('./pages/coupons/CouponsPage')) },
  { path: '/gift-cards', page: lazyPage(() => import('./pages/gift-cards/GiftCardsPage')) },
  { path: '/catalogue', page: lazyPage(() => import('./pages/catalogue/CataloguePage')) },
  { path: '/stores', page: lazyPage(() => import('./pages/StoresPage')) },
  { path: '/points', page: lazyPage(() => import('./pages/PointsSettingsPage')) },
  {
    path: '/analytics',
    page: lazyPage(() => import('./pages/analytics/AnalyticsPage')),
    permission: 'analytics.read',
    opens: (api) => [...analyticsOpening(api), storesQuery(api), promotionsQuery(api)],
  },
  {
    path: '/analytics/simulator',
    page: lazyPage(() => import('./pages/analytics/SimulatorPage')),
    permission: 'analytics.read',
    opens: (api) => [tierProgramQuery(api), pointsSettingsQuery(api), simulationsQuery(api)],
  },
  {
    path: '/customers',
    page: lazyPage(() => import('./pages/CustomersPage')),
    permission: 'customers.read',
  },
  {
    path: '/customers/:id',
    page: lazyPage(() => import('./pages/CustomerPage')),
    permission: 'customers.read',
    opens: (api, { id = '' }) => customerOpening(api, id),
  },
  { path: '/audit', page: lazyPage(() => import('./pages/AuditPage')), permission: 'audit.read' },
  {
    path: '/integration-log',
    page: lazyPage(() => import('./pages/integration-log/IntegrationLogPage')),
    permission: 'integration-log.read',
  },
  {
    path: '/webhooks',
    page: lazyPage(() => import('./pages/webhooks/WebhooksPage')),
    permission: 'webhooks',
  },
  { path: '/keys', page: lazyPage(() => import('./pages/KeysPage')), permission: 'keys' },
  {
    path: '/operators',
    page: lazyPage(() => import('./pages/OperatorsPage')),
    permission: 'operators',
  },
];

/**
 * Starts loading the script of the page at `pathname`, if one is there; resolves when it is in.
 * The console calls it at start, beside the session check, and before following a menu item.
 */
export function preloadPage(pathname: string): Promise<void> {
  const route = pageRoutes.find(({ path }) => matchPath(path, pathname));
  return route ? route.page.preload() : Promise.resolve();
}

/**
 * Asks for the data the page at `pathname` opens with, when this browser is logged in as an
 * operator allowed the page; the page's own queries then find it asked or in. Called at start
 * and when a menu item is followed.
 */
export function prefetchPage(pathname: string, queries: QueryClient, api: PerkApi): void {
  if (!rememberedLogin()) return;
  for (const route of pageRoutes) {
    const match = matchPath(route.path, pathname);
    if (!match || !route.opens) continue;
    if (route.permission && !rememberedPermissions().includes(route.permission)) return;
    for (const query of route.opens(api, match.params)) {
      if ('getNextPageParam' in query) void queries.prefetchInfiniteQuery(query);
      else void queries.prefetchQuery(query);
    }
    return;
  }
}
