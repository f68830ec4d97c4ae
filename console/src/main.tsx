import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import './antd-styles.css';
import { App } from './App';
import { createPerkApi } from './api/client';
import { ApiContext } from './api/context';
import { ProblemError } from './api/problem';
import { createI18n, rememberedLanguage } from './i18n';
import { prefetchPage, preloadPage } from './page-routes';
import { sessionQuery, settleSession } from './session';

// The console's parts are made here once and handed down; no module keeps state of its own.
const api = createPerkApi();
const queries: QueryClient = new QueryClient({
  // A session that ended (expired, logged out elsewhere) sends the operator to the login page.
  queryCache: new QueryCache({
    onError: (error) => {
      if (error instanceof ProblemError && error.problem.status === 401) {
        settleSession(queries, api, null);
      }
    },
  }),
  defaultOptions: { queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: false } },
});
// The session check, the page's script and its data are asked at once, beside the texts, instead
// of one after the other.
void queries.prefetchQuery(sessionQuery(api));
void preloadPage(window.location.pathname).catch(() => undefined);
prefetchPage(window.location.pathname, queries, api);
const i18n = await createI18n(rememberedLanguage());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ApiContext.Provider value={api}>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </ApiContext.Provider>
    </I18nextProvider>
  </StrictMode>,
);
