import type { Actor } from '@thuocdo/kit';
import { tasksV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import {
  approveTask,
  type CreateTaskState,
  cancelTask,
  confirmObjectiveCause,
  createTask,
  decideExtension,
  type NewTask,
  parseApproveTask,
  parseCreateTask,
  parseDecideExtension,
  parseReasoned,
  parseRequestExtension,
  parseSubmitTask,
  parseTaskId,
  parseTaskRef,
  planListTaskSteps,
  planListTasks,
  readableTask,
  requestExtension,
  returnTask,
  startTask,
  submitTask,
  type TaskDecision,
  type TaskRef,
  type TaskState,
} from '../domain/task';
import type { SettingsStore } from '../store/settings-store';
import type { TaskStore } from '../store/task-store';
import type { WorkItemRefs } from '../store/work-item-refs';
import { approveTaskOf, createTaskOf, listTasksOf, submitTaskOf, toProtoStep, toProtoTask } from './task-mapping';

/** Where TaskService reads and writes: its tasks, the catalog's work items as worklog keeps them, the tenant's diary settings. */
export interface TaskSources {
  store: TaskStore;
  refs: Pick<WorkItemRefs, 'revisionsOf'>;
  settings: Pick<SettingsStore, 'settingsOf'>;
}

/** What CreateTask decides on: the work item's revisions, the tenant's rule on self-assignment, and the task of the same document. */
export async function createTaskState(tenantId: string, input: NewTask, { store, refs, settings }: TaskSources): Promise<CreateTaskState> {
  const [revisions, s, sameExternal] = await Promise.all([
    refs.revisionsOf(tenantId, input.workItemId),
    settings.settingsOf(tenantId),
    input.sourceSystem && input.externalId ? store.taskByExternalId(tenantId, input.sourceSystem, input.externalId) : undefined,
  ]);
  return { revisions, selfAssignedTasks: s.selfAssignedTasks, sameExternal };
}

/** TaskService: protobuf in, domain decisions, the store, protobuf out. */
export function taskService(sources: TaskSources) {
  const { store } = sources;
  /** One step of a task's workflow: load → decide → save, answering the task after it. */
  const step = async <R extends TaskRef>(
    actor: Actor,
    cancelled: () => boolean,
    input: R,
    decide: (r: R, s: TaskState, actor: Actor) => TaskDecision,
  ) => {
    const { entity } = await execute({
      load: () => store.taskState(actor.principal.tenantId, input.id),
      decide: (s) => decide(input, s, actor),
      save: (d) => store.save(d, actor),
      cancelled,
    });
    return { task: toProtoTask(entity) };
  };

  return bindService('thuocdo.worklog.v1.TaskService', tasksV1.TaskServiceService, {
    createTask: rpc('task.assign', async (req, { actor, cancelled }) => {
      const input = parseCreateTask(createTaskOf(req), actor.today);
      const d = await execute({
        load: () => createTaskState(actor.principal.tenantId, input, sources),
        decide: (s) => createTask(input, s, actor),
        save: (x) => store.save(x, actor),
        cancelled,
      });
      return { task: toProtoTask(d.entity), created: !d.unchanged };
    }),

    getTask: rpc('task.read', async (req, { actor }) => {
      const task = readableTask(await store.task(actor.principal.tenantId, parseTaskId(req.id)), actor);
      return { task: toProtoTask(task) };
    }),

    listTasks: rpc('task.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.listTasks(actor.principal.tenantId, planListTasks(listTasksOf(req), actor));
      return { tasks: items.map(toProtoTask), nextPageToken };
    }),

    startTask: rpc('task.work', (req, { actor, cancelled }) => step(actor, cancelled, parseTaskRef(req), startTask)),
    submitTask: rpc('task.work', (req, { actor, cancelled }) => step(actor, cancelled, parseSubmitTask(submitTaskOf(req)), submitTask)),
    approveTask: rpc('task.review', (req, { actor, cancelled }) =>
      step(actor, cancelled, parseApproveTask(approveTaskOf(req)), approveTask),
    ),
    returnTask: rpc('task.review', (req, { actor, cancelled }) => step(actor, cancelled, parseReasoned(req), returnTask)),
    cancelTask: rpc('task.assign', (req, { actor, cancelled }) => step(actor, cancelled, parseReasoned(req), cancelTask)),
    requestTaskExtension: rpc('task.work', (req, { actor, cancelled }) =>
      step(actor, cancelled, parseRequestExtension(req), requestExtension),
    ),
    decideTaskExtension: rpc('task.review', (req, { actor, cancelled }) =>
      step(actor, cancelled, parseDecideExtension(req), decideExtension),
    ),
    confirmObjectiveCause: rpc('task.review', (req, { actor, cancelled }) =>
      step(actor, cancelled, parseReasoned(req), confirmObjectiveCause),
    ),

    listTaskSteps: rpc('task.read', async (req, { actor }) => {
      const q = planListTaskSteps(req);
      readableTask(await store.task(actor.principal.tenantId, q.id), actor);
      const { items, nextPageToken } = await store.listSteps(q.id, q.page);
      return { steps: items.map(toProtoStep), nextPageToken };
    }),
  });
}
