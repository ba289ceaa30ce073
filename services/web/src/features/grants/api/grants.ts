import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf } from '../../../lib/api';

/** A page of role grants (phân quyền), with the names of the people and org nodes they refer to. */
export function useRoleGrants(request: RequestOf<'GET /api/v1/role-grants'>) {
  return useQuery({
    queryKey: ['role-grants', request],
    queryFn: () => api('GET /api/v1/role-grants', request),
    placeholderData: keepPreviousData,
  });
}

/** Grants a role; the lists and the person's own view are read again afterwards. */
export function useGrantRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RequestOf<'POST /api/v1/role-grants'>) => api('POST /api/v1/role-grants', request),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['role-grants'] }),
        queryClient.invalidateQueries({ queryKey: ['who-am-i'] }),
      ]),
  });
}

/** Ends a grant on a date (today by default): it stays in the history, no longer in force. */
export function useEndRoleGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RequestOf<'POST /api/v1/role-grants/{id}:end'>) => api('POST /api/v1/role-grants/{id}:end', request),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['role-grants'] }),
        queryClient.invalidateQueries({ queryKey: ['who-am-i'] }),
      ]),
  });
}
