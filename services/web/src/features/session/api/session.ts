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
