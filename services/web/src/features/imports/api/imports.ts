import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf, type ResponseOf } from '../../../lib/api';

export type ImportJob = ResponseOf<'GET /api/v1/imports/{id}'>['job'];
export type ImportStatus = ImportJob['status'];

/** A job still moving by itself (being checked or written): its page asks again every second. */
export const isRunning = (s: ImportStatus | undefined) => s === 'IMPORT_STATUS_VALIDATING' || s === 'IMPORT_STATUS_APPLYING';

export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: ['import', id],
    queryFn: () => api('GET /api/v1/imports/{id}', { id }),
    enabled: Boolean(id),
    refetchInterval: (q) => (isRunning(q.state.data?.job.status) ? 1000 : false),
  });
}

/** The imports into an agency, newest first, a page at a time. */
export function useImports(request: RequestOf<'GET /api/v1/imports'>) {
  return useQuery({
    queryKey: ['imports', request],
    queryFn: () => api('GET /api/v1/imports', request),
    enabled: Boolean(request.agency_id),
    placeholderData: keepPreviousData,
  });
}

export function useImportIssues(request: RequestOf<'GET /api/v1/imports/{import_id}/issues'>, enabled: boolean) {
  return useQuery({
    queryKey: ['import-issues', request],
    queryFn: () => api('GET /api/v1/imports/{import_id}/issues', request),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RequestOf<'POST /api/v1/imports'>) => api('POST /api/v1/imports', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['imports'] }),
  });
}

export function useConfirmImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('POST /api/v1/imports/{id}:confirm', { id }),
    onSuccess: (answer) => {
      queryClient.setQueryData(['import', answer.job.id], answer);
      return queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}
