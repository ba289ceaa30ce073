import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../components/ErrorState';
import { PageLoading } from '../components/PageLoading';
import { canImport, canManageGrants, useSession, useWhoAmI } from '../features/session/api/session';
import { SignInPage } from '../features/session/components/SignInPage';
import { ApiError, signOut } from '../lib/api';
import { setLanguage } from '../lib/i18n';

/** The frame of every page: the header with the menu, the language switch and the person; the page below. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const who = useWhoAmI();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);

  if (session.isPending) return <PageLoading />;
  if (session.error instanceof ApiError && session.error.status === 401) return <SignInPage />;
  if (session.error) return <ErrorState error={session.error} onRetry={() => session.refetch()} />;

  const grants = who.data?.role_grants ?? [];
  const items = [
    { key: '/dashboard', label: <Link to="/dashboard">{t('app.nav.dashboard')}</Link> },
    { key: '/org', label: <Link to="/org">{t('app.nav.org')}</Link> },
    ...(canManageGrants(session.data.roles, grants) || grants.some((g) => g.role === 'auditor')
      ? [{ key: '/grants', label: <Link to="/grants">{t('app.nav.grants')}</Link> }]
      : []),
    ...(canImport(session.data.roles, grants) ? [{ key: '/import', label: <Link to="/import">{t('app.nav.import')}</Link> }] : []),
    { key: '/me', label: <Link to="/me">{t('app.nav.me')}</Link> },
  ];
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname.startsWith(k) || (k === '/org' && location.pathname.startsWith('/officials')));
  const wide = screens.md !== false;
  const other = i18n.language === 'en' ? 'vi' : 'en';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="app-header">
        <Link to="/org" className="app-brand">
          {t('app.name')}
        </Link>
        {wide ? (
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} aria-label={t('app.name')} />
        ) : (
          <span style={{ flex: 1 }} />
        )}
        <Space>
          <Button size="small" onClick={() => setLanguage(other)} title={t('app.languageLabel')} lang={other}>
            {t('app.language')}
          </Button>
          {wide && (
            <span className="app-user" data-testid="user-name" title={session.data.name}>
              {session.data.name}
            </span>
          )}
          {wide && (
            <Button size="small" onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          )}
          {!wide && <Button icon={<MenuOutlined />} aria-label={t('app.menu')} onClick={() => setDrawer(true)} />}
        </Space>
      </Layout.Header>
      <Drawer open={drawer} onClose={() => setDrawer(false)} title={session.data.name} placement="right">
        <Menu mode="vertical" selectedKeys={selected} items={items} onClick={() => setDrawer(false)} />
        <Button block style={{ marginTop: 16 }} onClick={() => void signOut()}>
          {t('app.signOut')}
        </Button>
      </Drawer>
      <Layout.Content className="app-content" id="main">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
