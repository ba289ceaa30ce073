import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf, type ResponseOf } from '../../../lib/api';

export type Task = ResponseOf<'GET /api/v1/tasks/{id}'>['task'];
export type TaskStatus = Task['status'];

/** The views of "my tasks": what is still to do, what waits for the manager, what is over. */
export const VIEWS = {
  open: ['TASK_STATUS_ASSIGNED', 'TASK_STATUS_IN_PROGRESS', 'TASK_STATUS_RETURNED'],
  submitted: ['TASK_STATUS_SUBMITTED'],
  done: ['TASK_STATUS_APPROVED', 'TASK_STATUS_CANCELLED'],
} as const satisfies Record<string, readonly TaskStatus[]>;
export type View = keyof typeof VIEWS;

const TASKS = 'tasks';

/** A page of the official's tasks (lead or supporting), by due date. */
export function useMyTasks(officialId: string, view: View, pageToken: string) {
  return useQuery({
    queryKey: [TASKS, 'mine', officialId, view, pageToken],
    queryFn: () => api('GET /api/v1/tasks', { assignee_id: officialId, statuses: [...VIEWS[view]], page_size: 30, page_token: pageToken }),
    enabled: Boolean(officialId),
    placeholderData: keepPreviousData,
  });
}

/** Whether a task is past its due date and not yet handed in (or approved). */
export const isOverdue = (task: Pick<Task, 'status' | 'due_date'>, today: string) =>
  Boolean(task.due_date) && task.due_date < today && (VIEWS.open as readonly TaskStatus[]).includes(task.status);

/** Whole days from `from` to `to` ("YYYY-MM-DD"). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A step of a task by its lead assignee; the lists are read again after it. */
function useTaskStep<R>(call: (request: R) => Promise<{ task: Task }>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSettled: () => queryClient.invalidateQueries({ queryKey: [TASKS] }) });
}

export const useStartTask = () => useTaskStep((r: RequestOf<'POST /api/v1/tasks/{id}:start'>) => api('POST /api/v1/tasks/{id}:start', r));
export const useSubmitTask = () =>
  useTaskStep((r: RequestOf<'POST /api/v1/tasks/{id}:submit'>) => api('POST /api/v1/tasks/{id}:submit', r));
export const useRequestExtension = () =>
  useTaskStep((r: RequestOf<'POST /api/v1/tasks/{id}:request-extension'>) => api('POST /api/v1/tasks/{id}:request-extension', r));
