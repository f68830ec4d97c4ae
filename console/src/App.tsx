import { App as AntApp, ConfigProvider, type ConfigProviderProps, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { datePattern } from './format';
import { type Language, languageOf } from './i18n';
import { PageView, pageRoutes } from './page-routes';
import { LoginPage } from './pages/LoginPage';
import { PasswordPage } from './pages/PasswordPage';
import { Shell } from './pages/Shell';
import { can, useSession } from './session';
import theme from './theme.json';

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
    <ConfigProvider locale={antLocales[language]} theme={theme}>
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
  return (
    <Routes>
      <Route element={<Shell session={operator} />}>
        {pageRoutes
          .filter(({ permission }) => permission === undefined || can(operator, permission))
          .map((route) => (
            <Route
              key={route.path}
              path={route.path}
              element={<PageView key={route.path} route={route} />}
            />
          ))}
        <Route path="*" element={<Navigate to="/promotions" replace />} />
      </Route>
    </Routes>
  );
}
