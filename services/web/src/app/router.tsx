import { lazy, Suspense } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { PageLoading } from '../components/PageLoading';
import { useOfficialId } from '../features/session/api/session';
import { AppLayout } from './AppLayout';

// Each page is its own chunk: the organisation page does not load the charts of the dashboard.
const DashboardPage = lazy(() => import('../features/dashboard/components/DashboardPage'));
const OrgPage = lazy(() => import('../features/org/components/OrgPage'));
const OfficialPage = lazy(() => import('../features/org/components/OfficialPage'));
const GrantsPage = lazy(() => import('../features/grants/components/GrantsPage'));
const MePage = lazy(() => import('../features/session/components/MePage'));
const ImportPage = lazy(() => import('../features/imports/components/ImportPage'));
const CatalogPage = lazy(() => import('../features/catalog/components/CatalogPage'));
const ApprovalsPage = lazy(() => import('../features/catalog/components/ApprovalsPage'));
const CatalogImportPage = lazy(() => import('../features/catalog/components/CatalogImportPage'));
const ObjectivesPage = lazy(() => import('../features/objectives/components/ObjectivesPage'));
const MyDayPage = lazy(() => import('../features/diary/components/MyDayPage'));
const MyTasksPage = lazy(() => import('../features/tasks/components/MyTasksPage'));
const ReviewsPage = lazy(() => import('../features/reviews/components/ReviewsPage'));
const MissedPage = lazy(() => import('../features/missed/components/MissedPage'));
const MyScorePage = lazy(() => import('../features/scores/components/MyScorePage'));
const RulePacksPage = lazy(() => import('../features/scores/components/RulePacksPage'));
const UnitKpiPage = lazy(() => import('../features/scores/components/UnitKpiPage'));
const EvaluationsPage = lazy(() => import('../features/scores/components/EvaluationsPage'));
const ConsolidationPage = lazy(() => import('../features/scores/components/ConsolidationPage'));

const page = (Page: React.ComponentType) => (
  <Suspense fallback={<PageLoading />}>
    <Page />
  </Suspense>
);

/** Where the app opens: an official's own day; the organisation for those who are not officials (administrators). */
function Home() {
  const { officialId, pending } = useOfficialId();
  if (pending) return <PageLoading />;
  return <Navigate to={officialId ? '/my-day' : '/org'} replace />;
}

/** Every page of the app, under the frame with the menu. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'my-day', element: page(MyDayPage) },
      { path: 'my-tasks', element: page(MyTasksPage) },
      { path: 'my-score', element: page(MyScorePage) },
      { path: 'evaluations', element: page(EvaluationsPage) },
      { path: 'rule-packs', element: page(RulePacksPage) },
      { path: 'unit-kpis', element: page(UnitKpiPage) },
      { path: 'consolidation', element: page(ConsolidationPage) },
      { path: 'reviews', element: page(ReviewsPage) },
      { path: 'missed', element: page(MissedPage) },
      { path: 'dashboard', element: page(DashboardPage) },
      { path: 'org', element: page(OrgPage) },
      { path: 'officials/:id', element: page(OfficialPage) },
      { path: 'grants', element: page(GrantsPage) },
      { path: 'import', element: page(ImportPage) },
      { path: 'catalog', element: page(CatalogPage) },
      { path: 'catalog/approvals', element: page(ApprovalsPage) },
      { path: 'catalog/import', element: page(CatalogImportPage) },
      { path: 'objectives', element: page(ObjectivesPage) },
      { path: 'me', element: page(MePage) },
      { path: '*', element: <Home /> },
    ],
  },
];
