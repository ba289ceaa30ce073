import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../components/ErrorState';
import { OfflineBanner } from '../components/OfflineBanner';
import { PageLoading } from '../components/PageLoading';
import { catalogAccess } from '../features/catalog/api/access';
import { OutboxSync } from '../features/diary/components/OutboxSync';
import {
  canConsolidate,
  canEvaluate,
  canImport,
  canManageGrants,
  canReviewWork,
  canSeeMissed,
  useOfficialId,
  useSession,
  useWhoAmI,
} from '../features/session/api/session';
import { SignInPage } from '../features/session/components/SignInPage';
import { ApiError, signOut } from '../lib/api';
import { setLanguage } from '../lib/i18n';

/** The frame of every page: the header with the menu, the language switch and the person; the page below. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const who = useWhoAmI();
  const { officialId } = useOfficialId();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);

  if (session.isPending) return <PageLoading />;
  if (session.error instanceof ApiError && session.error.status === 401) return <SignInPage />;
  if (session.error) return <ErrorState error={session.error} onRetry={() => session.refetch()} />;

  const grants = who.data?.role_grants ?? [];
  const catalog = catalogAccess(session.data.roles, grants);
  const link = (to: string, label: string) => ({ key: to, label: <Link to={to}>{label}</Link> });
  // The catalog's pages under one entry for those who keep it, so the header stays one line wide.
  const catalogPages = [
    ...(catalog.canApprove ? [link('/catalog/approvals', t('app.nav.catalogApprovals'))] : []),
    ...(catalog.canImport ? [link('/catalog/import', t('app.nav.catalogImport'))] : []),
  ];
  const wide = screens.lg !== false;
  const onCatalog = location.pathname === '/catalog' || location.pathname.startsWith('/catalog/');
  // The diary: an official's own day and tasks; the managers' review inbox and missed declarations.
  const diaryPages = [
    ...(officialId
      ? [link('/my-day', t('app.nav.myDay')), link('/my-tasks', t('app.nav.myTasks')), link('/my-score', t('app.nav.myScore'))]
      : []),
    ...(canReviewWork(session.data.roles, grants) ? [link('/reviews', t('app.nav.reviews'))] : []),
    ...(canSeeMissed(session.data.roles, grants) ? [link('/missed', t('app.nav.missed'))] : []),
    ...(canEvaluate(session.data.roles, grants) ? [link('/evaluations', t('app.nav.evaluations'))] : []),
    ...(canConsolidate(session.data.roles, grants) ? [link('/consolidation', t('app.nav.consolidation'))] : []),
    // Every member reads units' results; the link is for those who manage, judge or record them.
    ...(canEvaluate(session.data.roles, grants) || canConsolidate(session.data.roles, grants)
      ? [link('/unit-kpis', t('app.nav.unitKpis'))]
      : []),
    link('/rule-packs', t('app.nav.rulePacks')),
  ];
  const diaryPaths = [
    '/my-day',
    '/my-tasks',
    '/my-score',
    '/reviews',
    '/missed',
    '/evaluations',
    '/consolidation',
    '/unit-kpis',
    '/rule-packs',
  ];
  const onDiary = diaryPaths.includes(location.pathname);
  const items = [
    // On a phone, the official's own pages come first and flat: a tap away in the drawer. On a
    // wide screen they share one entry, as the catalog's pages do, so the header stays one line.
    ...(wide && diaryPages.length > 1
      ? [
          {
            key: 'diary-pages',
            label: <span style={{ color: '#fff' }}>{t('app.nav.diary')}</span>,
            style: onDiary ? { background: '#083b68', boxShadow: 'inset 0 -3px 0 #fff' } : undefined,
            children: diaryPages,
          },
        ]
      : diaryPages),
    link('/dashboard', t('app.nav.dashboard')),
    link('/org', t('app.nav.org')),
    link('/objectives', t('app.nav.objectives')),
    catalogPages.length
      ? {
          key: 'catalog-pages',
          // In the header, white and marked when one of its pages is shown, as styles.css marks the other entries.
          label: wide ? <span style={{ color: '#fff' }}>{t('app.nav.catalog')}</span> : t('app.nav.catalog'),
          style: wide && onCatalog ? { background: '#083b68', boxShadow: 'inset 0 -3px 0 #fff' } : undefined,
          children: [link('/catalog', t('app.nav.catalogBrowse')), ...catalogPages],
        }
      : link('/catalog', t('app.nav.catalog')),
    ...(canManageGrants(session.data.roles, grants) || grants.some((g) => g.role === 'auditor')
      ? [link('/grants', t('app.nav.grants'))]
      : []),
    ...(canImport(session.data.roles, grants) ? [link('/import', t('app.nav.import'))] : []),
  ];
  // On a wide screen the person's name leads to their account; in the phone's drawer, an entry does.
  const menu = wide ? items : [...items, link('/me', t('app.nav.me'))];
  // The entry of the page shown: the longest key the address starts with (/catalog/import, not /catalog).
  const path = location.pathname.startsWith('/officials') ? '/org' : location.pathname;
  const selected = menu
    .flatMap((i) => ('children' in i ? i.children.map((c) => c.key) : [i.key]))
    .filter((k) => path === k || path.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  const other = i18n.language === 'en' ? 'vi' : 'en';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="app-header">
        <Link to="/" className="app-brand">
          {t('app.name')}
        </Link>
        {wide ? (
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={menu} aria-label={t('app.name')} />
        ) : (
          <span style={{ flex: 1 }} />
        )}
        <Space>
          <Button size="small" onClick={() => setLanguage(other)} title={t('app.languageLabel')} lang={other}>
            {t('app.language')}
          </Button>
          {wide && (
            <Link to="/me" className="app-user" data-testid="user-name" title={`${t('app.nav.me')}: ${session.data.name}`}>
              {session.data.name}
            </Link>
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
        <Menu mode="inline" selectedKeys={selected} items={menu} onClick={() => setDrawer(false)} />
        <Button block style={{ marginTop: 16 }} onClick={() => void signOut()}>
          {t('app.signOut')}
        </Button>
      </Drawer>
      <OfflineBanner />
      {officialId && <OutboxSync officialId={officialId} />}
      <Layout.Content className="app-content" id="main">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
