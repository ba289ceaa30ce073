import { useQuery } from '@tanstack/react-query';
import { api, fetchSession } from '../../../lib/api';

/** The browser's session at the gateway (401 when nobody is signed in). */
export const useSession = () => useQuery({ queryKey: ['session'], queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });

/** The signed-in person as org knows them: their record, posts and grants in force today. */
export function useWhoAmI() {
  const session = useSession();
  // Only once someone is signed in: before that the answer is a 401 the sign-in page already shows.
  return useQuery({ queryKey: ['who-am-i'], queryFn: () => api('GET /api/v1/me'), staleTime: 60_000, enabled: session.isSuccess });
}

/** Whether the person may manage role grants: an administrator or HR by grant, or sys_admin in their sign-in. */
export function canManageGrants(roles: string[], grants: { role: string }[]): boolean {
  return roles.includes('sys_admin') || grants.some((g) => g.role === 'hr_admin' || g.role === 'sys_admin');
}

/** Import and export of org charts: HR and administrators, as for grants. */
export const canImport = canManageGrants;

/** Role grants that make someone a manager of officials' diaries (ReviewWorkLogs: worklog.review). */
const REVIEWERS = ['sys_admin', 'agency_leader', 'unit_head'];
/** Those who see who logged nothing (worklog.missed.read, beyond one's own). */
const MISSED_READERS = ['province_leader', 'hr_admin', 'auditor', 'sys_admin', 'agency_leader', 'unit_head'];

/** Those who read an agency's consolidated results (scoring.results.read), and those who close periods and grant quota exceptions. */
const RESULT_READERS = ['province_leader', 'hr_admin', 'auditor', 'sys_admin', 'agency_leader'];

/** Whether the person reads agencies' consolidated results of closed periods. */
export function canConsolidate(roles: string[], grants: { role: string }[]): boolean {
  return roles.includes('sys_admin') || grants.some((g) => RESULT_READERS.includes(g.role));
}

/** Those who take steps of others' evaluations (evaluation.review and the stages after it). */
const EVALUATORS = ['sys_admin', 'hr_admin', 'agency_leader', 'unit_head'];

/** Whether the person evaluates others: a manager, an agency's leader, HR, an administrator. */
export function canEvaluate(roles: string[], grants: { role: string }[]): boolean {
  return roles.includes('sys_admin') || grants.some((g) => EVALUATORS.includes(g.role));
}

/** Those who record what units reached on their KPIs (scoring.unit_kpi.record): never a unit head, whose own score it may feed. */
const UNIT_KPI_RECORDERS = ['sys_admin', 'hr_admin', 'agency_leader'];

/** Whether the person records units' KPI results. */
export function canRecordUnitKpis(roles: string[], grants: { role: string }[]): boolean {
  return roles.includes('sys_admin') || grants.some((g) => UNIT_KPI_RECORDERS.includes(g.role));
}

/** Whether the person closes periods and grants quota exceptions: HR or an administrator over the whole tenant. */
export function canManagePeriods(roles: string[], grants: { role: string; node_kind: string }[]): boolean {
  return (
    roles.includes('sys_admin') ||
    grants.some((g) => (g.role === 'hr_admin' || g.role === 'sys_admin') && g.node_kind === 'ORG_NODE_KIND_TENANT')
  );
}

/** Whether the person reviews diary entries: a unit head, an agency leader, an administrator. */
export function canReviewWork(roles: string[], grants: { role: string }[]): boolean {
  return roles.includes('sys_admin') || grants.some((g) => REVIEWERS.includes(g.role));
}

/** Whether the person reads the missed declarations of units: the managers, and those who read the whole tenant. */
export function canSeeMissed(roles: string[], grants: { role: string }[]): boolean {
  return roles.includes('sys_admin') || grants.some((g) => MISSED_READERS.includes(g.role));
}

/** The agency a manager's pages open on: where the person works, else the first agency a grant names. */
export function homeAgency(
  who: { official?: { agency_id: string } | null; role_grants: { node_kind: string; node_id: string }[] } | undefined,
): string {
  return who?.official?.agency_id || who?.role_grants.find((g) => g.node_kind === 'ORG_NODE_KIND_AGENCY')?.node_id || '';
}

/**
 * The signed-in person's official id: the sign-in's claim, or, for an account org links to an
 * official by its subject, org's record of them. `pending` while that record is being read.
 */
export function useOfficialId(): { officialId: string; pending: boolean } {
  const session = useSession();
  const who = useWhoAmI();
  const claimed = session.data?.official_id ?? '';
  if (claimed) return { officialId: claimed, pending: false };
  return { officialId: who.data?.official?.id ?? '', pending: session.isPending || (who.isPending && who.fetchStatus !== 'idle') };
}
