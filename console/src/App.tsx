import { App as AntApp, ConfigProvider, type ConfigProviderProps, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { datePattern } from './format';
import { type Language, languageOf } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { PasswordPage } from './pages/PasswordPage';
import { Shell } from './pages/Shell';
import { can, useSession } from './session';

// Pages past the login are loaded when first opened, so the login page loads little.
const PromotionsPage = lazy(() => import('./pages/PromotionsPage'));
const PromotionEditor = lazy(() => import('./pages/PromotionEditor'));
const WhyExplorer = lazy(() => import('./pages/WhyExplorer'));
const CustomersPage = lazy(() => import('./pages/CustomersPage'));
const CustomerPage = lazy(() => import('./pages/CustomerPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const IntegrationLogPage = lazy(() => import('./pages/integration-log/IntegrationLogPage'));
const WebhooksPage = lazy(() => import('./pages/webhooks/WebhooksPage'));
const KeysPage = lazy(() => import('./pages/KeysPage'));
const OperatorsPage = lazy(() => import('./pages/OperatorsPage'));
const SegmentsPage = lazy(() => import('./pages/SegmentsPage'));
const SegmentEditor = lazy(() => import('./pages/SegmentEditor'));
const TiersPage = lazy(() => import('./pages/TiersPage'));
const PointsSettingsPage = lazy(() => import('./pages/PointsSettingsPage'));
const WatchPage = lazy(() => import('./pages/WatchPage'));
const CampaignsPage = lazy(() => import('./pages/campaigns/CampaignsPage'));
const CampaignEditor = lazy(() => import('./pages/campaigns/CampaignEditor'));
const CouponsPage = lazy(() => import('./pages/coupons/CouponsPage'));
const GiftCardsPage = lazy(() => import('./pages/gift-cards/GiftCardsPage'));
const StoresPage = lazy(() => import('./pages/StoresPage'));
const CataloguePage = lazy(() => import('./pages/catalogue/CataloguePage'));
const AnalyticsPage = lazy(() => import('./pages/analytics/AnalyticsPage'));
const SimulatorPage = lazy(() => import('./pages/analytics/SimulatorPage'));

/**
 * Ant's texts of the language, with its date pickers showing and reading dates as Intl writes
 * them in that language (01.11.2026, 01/11/2026) instead of Ant's ISO default.
 */
function antLocaleOf(language: Language): NonNullable<ConfigProviderProps['locale']> {
  const base = { ru: ruRU, en: enUS }[language];
  const picker = base.DatePicker;
  if (!picker) return base;
  const date = datePattern(language);
  return {
    ...base,
    DatePicker: {
      ...picker,
      lang: {
        ...picker.lang,
        fieldDateFormat: date,
        fieldDateTimeFormat: `${date} HH:mm:ss`,
        fieldMonthFormat: datePattern(language, 'month'),
      },
    },
  };
}

const antLocales = { ru: antLocaleOf('ru'), en: antLocaleOf('en') };

export function App() {
  const { i18n } = useTranslation();
  const language = languageOf(i18n);
  useEffect(() => {
    dayjs.locale(language);
    document.documentElement.lang = language;
  }, [language]);
  return (
    <ConfigProvider locale={antLocales[language]} theme={{ token: { colorPrimary: '#1f6f5c' } }}>
      <AntApp>
        <Pages />
      </AntApp>
    </ConfigProvider>
  );
}

function Pages() {
  const session = useSession();
  if (session.isPending) return <Spin fullscreen />;
  const operator = session.data ?? null;
  if (!operator) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  }
  if (operator.mustChangePassword) return <PasswordPage />;
  const writes = can(operator, 'promotions.write');
  return (
    <Routes>
      <Route element={<Shell session={operator} />}>
        <Route
          path="/promotions"
          element={
            <Suspense fallback={<Spin />}>
              <PromotionsPage />
            </Suspense>
          }
        />
        {writes && (
          <Route
            path="/promotions/:id"
            element={
              <Suspense fallback={<Spin />}>
                <PromotionEditor />
              </Suspense>
            }
          />
        )}
        <Route
          path="/why"
          element={
            <Suspense fallback={<Spin />}>
              <WhyExplorer />
            </Suspense>
          }
        />
        <Route
          path="/watch"
          element={
            <Suspense fallback={<Spin />}>
              <WatchPage />
            </Suspense>
          }
        />
        <Route
          path="/segments"
          element={
            <Suspense fallback={<Spin />}>
              <SegmentsPage />
            </Suspense>
          }
        />
        <Route
          path="/segments/:id"
          element={
            <Suspense fallback={<Spin />}>
              <SegmentEditor />
            </Suspense>
          }
        />
        <Route
          path="/tiers"
          element={
            <Suspense fallback={<Spin />}>
              <TiersPage />
            </Suspense>
          }
        />
        <Route
          path="/campaigns"
          element={
            <Suspense fallback={<Spin />}>
              <CampaignsPage />
            </Suspense>
          }
        />
        <Route
          path="/campaigns/:id"
          element={
            <Suspense fallback={<Spin />}>
              <CampaignEditor />
            </Suspense>
          }
        />
        <Route
          path="/coupons"
          element={
            <Suspense fallback={<Spin />}>
              <CouponsPage />
            </Suspense>
          }
        />
        <Route
          path="/gift-cards"
          element={
            <Suspense fallback={<Spin />}>
              <GiftCardsPage />
            </Suspense>
          }
        />
        <Route
          path="/catalogue"
          element={
            <Suspense fallback={<Spin />}>
              <CataloguePage />
            </Suspense>
          }
        />
        <Route
          path="/stores"
          element={
            <Suspense fallback={<Spin />}>
              <StoresPage />
            </Suspense>
          }
        />
        <Route
          path="/points"
          element={
            <Suspense fallback={<Spin />}>
              <PointsSettingsPage />
            </Suspense>
          }
        />
        {can(operator, 'analytics.read') && (
          <>
            <Route
              path="/analytics"
              element={
                <Suspense fallback={<Spin />}>
                  <AnalyticsPage />
                </Suspense>
              }
            />
            <Route
              path="/analytics/simulator"
              element={
                <Suspense fallback={<Spin />}>
                  <SimulatorPage />
                </Suspense>
              }
            />
          </>
        )}
        {can(operator, 'customers.read') && (
          <>
            <Route
              path="/customers"
              element={
                <Suspense fallback={<Spin />}>
                  <CustomersPage />
                </Suspense>
              }
            />
            <Route
              path="/customers/:id"
              element={
                <Suspense fallback={<Spin />}>
                  <CustomerPage />
                </Suspense>
              }
            />
          </>
        )}
        {can(operator, 'audit.read') && (
          <Route
            path="/audit"
            element={
              <Suspense fallback={<Spin />}>
                <AuditPage />
              </Suspense>
            }
          />
        )}
        {can(operator, 'integration-log.read') && (
          <Route
            path="/integration-log"
            element={
              <Suspense fallback={<Spin />}>
                <IntegrationLogPage />
              </Suspense>
            }
          />
        )}
        {can(operator, 'webhooks') && (
          <Route
            path="/webhooks"
            element={
              <Suspense fallback={<Spin />}>
                <WebhooksPage />
              </Suspense>
            }
          />
        )}
        {can(operator, 'keys') && (
          <Route
            path="/keys"
            element={
              <Suspense fallback={<Spin />}>
                <KeysPage />
              </Suspense>
            }
          />
        )}
        {can(operator, 'operators') && (
          <Route
            path="/operators"
            element={
              <Suspense fallback={<Spin />}>
                <OperatorsPage />
              </Suspense>
            }
          />
        )}
        <Route path="*" element={<Navigate to="/promotions" replace />} />
      </Route>
    </Routes>
  );
}
