import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf, type ResponseOf } from '../../../lib/api';

export type WorkItem = ResponseOf<'GET /api/v1/work-items/{id}'>['work_item'];
export type WorkItemFields = NonNullable<RequestOf<'PATCH /api/v1/work-items/{id}'>['fields']>;
export type WorkItemFilter = RequestOf<'GET /api/v1/work-items'>;
export type WorkItemGroup = WorkItem['group'];
export type WorkItemStatus = WorkItem['status'];
export type PositionCategory = WorkItem['position_categories'][number];

export const GROUPS: WorkItemGroup[] = ['WORK_ITEM_GROUP_A', 'WORK_ITEM_GROUP_B', 'WORK_ITEM_GROUP_C', 'WORK_ITEM_GROUP_D'];
/** The groups shared province-wide, kept by catalog administrators. */
export const SHARED_GROUPS: WorkItemGroup[] = ['WORK_ITEM_GROUP_A', 'WORK_ITEM_GROUP_B', 'WORK_ITEM_GROUP_D'];
export const STATUSES: WorkItemStatus[] = [
  'WORK_ITEM_STATUS_DRAFT',
  'WORK_ITEM_STATUS_SUBMITTED',
  'WORK_ITEM_STATUS_PUBLISHED',
  'WORK_ITEM_STATUS_RETIRED',
];
export const POSITION_CATEGORIES: PositionCategory[] = [
  'POSITION_CATEGORY_LEADERSHIP',
  'POSITION_CATEGORY_SPECIALIST',
  'POSITION_CATEGORY_SHARED_SPECIALIST',
  'POSITION_CATEGORY_SUPPORT',
];

/** Every list of work items the pages hold starts with this key, so one invalidation refreshes them all. */
const ITEMS = 'work-items';

/** A page of the catalog, searched and filtered by the server. */
export function useWorkItems(request: WorkItemFilter, enabled = true) {
  return useQuery({
    queryKey: [ITEMS, 'list', request],
    queryFn: () => api('GET /api/v1/work-items', request),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useWorkItem(id: string | undefined) {
  return useQuery({
    queryKey: [ITEMS, 'one', id],
    queryFn: () => api('GET /api/v1/work-items/{id}', { id }),
    enabled: Boolean(id),
  });
}

/** An item's published revisions, newest first. */
export function useRevisions(id: string, pageToken: string) {
  return useQuery({
    queryKey: [ITEMS, 'revisions', id, pageToken],
    queryFn: () => api('GET /api/v1/work-items/{id}/revisions', { id, page_size: 20, page_token: pageToken }),
    placeholderData: keepPreviousData,
  });
}

/** The sectors the catalog's items name, with how many each has. */
export function useSectors() {
  return useQuery({ queryKey: ['work-item-sectors'], queryFn: () => api('GET /api/v1/work-item-sectors'), staleTime: 5 * 60_000 });
}

/** The tenant's complexity groups (N1–N5), for the item form. */
export function useConversionScale(enabled: boolean) {
  return useQuery({ queryKey: ['conversion-scale'], queryFn: () => api('GET /api/v1/conversion-scale'), staleTime: 5 * 60_000, enabled });
}

/** After any change of an item: every list, the item and its revisions are read again. */
function useItemMutation<R>(call: (request: R) => Promise<{ work_item: WorkItem }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: ({ work_item }) => {
      queryClient.setQueryData([ITEMS, 'one', work_item.id], { work_item });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [ITEMS] }),
        queryClient.invalidateQueries({ queryKey: ['work-item-sectors'] }),
      ]);
    },
  });
}

export const useCreateWorkItem = () => useItemMutation((r: RequestOf<'POST /api/v1/work-items'>) => api('POST /api/v1/work-items', r));
export const useUpdateWorkItem = () =>
  useItemMutation((r: RequestOf<'PATCH /api/v1/work-items/{id}'>) => api('PATCH /api/v1/work-items/{id}', r));
export const useSubmitWorkItem = () =>
  useItemMutation((r: RequestOf<'POST /api/v1/work-items/{id}:submit'>) => api('POST /api/v1/work-items/{id}:submit', r));
export const useApproveWorkItem = () =>
  useItemMutation((r: RequestOf<'POST /api/v1/work-items/{id}:approve'>) => api('POST /api/v1/work-items/{id}:approve', r));
export const useReturnWorkItem = () =>
  useItemMutation((r: RequestOf<'POST /api/v1/work-items/{id}:return'>) => api('POST /api/v1/work-items/{id}:return', r));
export const useRetireWorkItem = () =>
  useItemMutation((r: RequestOf<'POST /api/v1/work-items/{id}:retire'>) => api('POST /api/v1/work-items/{id}:retire', r));

type ExportFilter = RequestOf<'GET /api/v1/work-items:export'>['filter'];

/**
 * The catalog as a spreadsheet, with the filters of the list (its paging ignored). A nested
 * message's fields may be left out too (the server takes their defaults); the generated type
 * only says so of the top level.
 */
export const exportWorkItems = (filter: WorkItemFilter) => api('GET /api/v1/work-items:export', { filter: filter as ExportFilter });

export type ImportAnswer = ResponseOf<'POST /api/v1/work-items:import'>;

/** Checks (validate_only) or imports a catalog spreadsheet; an import refreshes the lists. */
export function useImportWorkItems() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RequestOf<'POST /api/v1/work-items:import'>) => api('POST /api/v1/work-items:import', request),
    onSuccess: (answer) =>
      answer.created_count > 0
        ? Promise.all([
            queryClient.invalidateQueries({ queryKey: [ITEMS] }),
            queryClient.invalidateQueries({ queryKey: ['work-item-sectors'] }),
          ])
        : undefined,
  });
}
