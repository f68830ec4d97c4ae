import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  CreditCardOutlined,
  CrownOutlined,
  ExperimentOutlined,
  GiftOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  NotificationOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Layout, Menu, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useApi } from '../api/context';
import { LanguageSwitch } from '../LanguageSwitch';
import { prefetchPage, preloadPage } from '../page-routes';
import { can, type SessionView, useLogout } from '../session';

/** The console's pages, each shown to the roles whose permission it needs. */
const pages = [
  { path: '/promotions', label: 'menu.promotions', permission: 'read', icon: <GiftOutlined /> },
  { path: '/why', label: 'menu.why', permission: 'carts.calculate', icon: <ExperimentOutlined /> },
  { path: '/watch', label: 'menu.watch', permission: 'read', icon: <AlertOutlined /> },
  { path: '/segments', label: 'menu.segments', permission: 'read', icon: <ApartmentOutlined /> },
  { path: '/tiers', label: 'menu.tiers', permission: 'read', icon: <CrownOutlined /> },
  {
    path: '/campaigns',
    label: 'menu.campaigns',
    permission: 'read',
    icon: <NotificationOutlined />,
  },
  { path: '/coupons', label: 'menu.coupons', permission: 'read', icon: <TagsOutlined /> },
  {
    path: '/gift-cards',
    label: 'menu.giftCards',
    permission: 'read',
    icon: <CreditCardOutlined />,
  },
  { path: '/points', label: 'menu.points', permission: 'read', icon: <SettingOutlined /> },
  {
    path: '/catalogue',
    label: 'menu.catalogue',
    permission: 'read',
    icon: <AppstoreOutlined />,
  },
  { path: '/stores', label: 'menu.stores', permission: 'read', icon: <ShopOutlined /> },
  {
    path: '/analytics',
    label: 'menu.analytics',
    permission: 'analytics.read',
    icon: <BarChartOutlined />,
  },
  {
    path: '/analytics/simulator',
    label: 'menu.simulator',
    permission: 'analytics.read',
    icon: <CalculatorOutlined />,
  },
  {
    path: '/customers',
    label: 'menu.customers',
    permission: 'customers.read',
    icon: <TeamOutlined />,
  },
  { path: '/audit', label: 'menu.audit', permission: 'audit.read', icon: <AuditOutlined /> },
  {
    path: '/integration-log',
    label: 'menu.integrationLog',
    permission: 'integration-log.read',
    icon: <ApiOutlined />,
  },
  {
    path: '/operators',
    label: 'menu.operators',
    permission: 'operators',
    icon: <IdcardOutlined />,
  },
  { path: '/keys', label: 'menu.keys', permission: 'keys', icon: <KeyOutlined /> },
  { path: '/webhooks', label: 'menu.webhooks', permission: 'webhooks', icon: <SendOutlined /> },
];

export function Shell({ session }: { session: SessionView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const queries = useQueryClient();
  const api = useApi();
  // The longest page path the address starts with: the simulator lies under analytics.
  const selected = pages
    .filter((page) => location.pathname.startsWith(page.path))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider theme="light" width={220} breakpoint="lg" collapsedWidth={0}>
        <Typography.Title level={4} style={{ padding: '16px 24px', margin: 0 }}>
          Perk
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={pages
            .filter((page) => can(session, page.permission))
            .map((page) => ({
              key: page.path,
              icon: page.icon,
              label: t(page.label),
              // The pointer on an item is a good sign it is the next page: its script loads.
              onMouseEnter: () => void preloadPage(page.path).catch(() => undefined),
            }))}
          onClick={({ key }) => {
            // The page's data is asked now, not after the page's first render.
            prefetchPage(key, queries, api);
            navigate(key);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', paddingInline: 24 }}>
          <Flex justify="flex-end" align="center" gap={16} style={{ height: '100%' }}>
            <span translate="no">{session.operator.name}</span>
            <Tag>{t(`roles.${session.operator.role}`)}</Tag>
            <LanguageSwitch />
            <Button
              icon={<LogoutOutlined />}
              onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/login') })}
            >
              {t('shell.logout')}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
