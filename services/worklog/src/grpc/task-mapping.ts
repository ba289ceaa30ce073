import { formatHundredths } from '@thuocdo/kit';
import { tasksV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type { CreateTaskRequest, ListTasksRequest, SubmitTaskRequest, Task, TaskProduct, TaskStep } from '../domain/task';

// Protobuf ↔ domain for TaskService (grpc/) and its TaskChanged event (events/). Enums travel by
// name in the domain ('IN_PROGRESS'); unspecified or unknown values become '' so that the
// domain's validation names the field.

const sourceName = (v: tasksV1.TaskSource) => enumName(v, tasksV1.taskSourceToJSON, 'TASK_SOURCE_');
const statusName = (v: tasksV1.TaskStatus) => enumName(v, tasksV1.taskStatusToJSON, 'TASK_STATUS_');
const qualityName = (v: tasksV1.TaskQuality) => enumName(v, tasksV1.taskQualityToJSON, 'TASK_QUALITY_');
/** Unset means NORMAL; a value this build does not know must not quietly become NORMAL too. */
const priorityName = (v: tasksV1.TaskPriority) =>
  v === tasksV1.TaskPriority.TASK_PRIORITY_UNSPECIFIED ? '' : enumName(v, tasksV1.taskPriorityToJSON, 'TASK_PRIORITY_') || 'UNKNOWN';

export const createTaskOf = (r: tasksV1.CreateTaskRequest): CreateTaskRequest => ({
  title: r.title,
  description: r.description,
  source: sourceName(r.source),
  workItemId: r.workItemId,
  expectedQuantity: r.expectedQuantity,
  keyResultId: r.keyResultId,
  leadAssigneeId: r.leadAssigneeId,
  supportingAssigneeIds: r.supportingAssigneeIds,
  startDate: r.startDate,
  dueDate: r.dueDate,
  priority: priorityName(r.priority),
  sourceSystem: r.sourceSystem,
  externalId: r.externalId,
});

export const listTasksOf = (r: tasksV1.ListTasksRequest): ListTasksRequest => ({ ...r, statuses: r.statuses.map(statusName) });

export const submitTaskOf = (r: tasksV1.SubmitTaskRequest): SubmitTaskRequest => ({
  id: r.id,
  version: r.version,
  product: r.product && {
    documentNumber: r.product.documentNumber,
    link: r.product.link,
    fileRef: r.product.fileRef,
    note: r.product.note,
  },
});

export const approveTaskOf = (r: tasksV1.ApproveTaskRequest) => ({ ...r, quality: qualityName(r.quality) });

const toProtoStatus = (s: Task['status']) => enumValue(s, tasksV1.taskStatusFromJSON, 'TASK_STATUS_');

const toProtoProduct = (p: TaskProduct): tasksV1.TaskProduct => ({ ...p });

export const toProtoTask = (t: Task): tasksV1.Task => ({
  id: t.id,
  tenantId: t.tenantId,
  agencyId: t.agencyId,
  unitId: t.unitId,
  title: t.title,
  description: t.description,
  source: enumValue(t.source, tasksV1.taskSourceFromJSON, 'TASK_SOURCE_'),
  workItemId: t.workItemId,
  workItemRevision: t.workItemRevision,
  expectedQuantity: formatHundredths(t.expectedQuantity),
  expectedMinutes: t.expectedMinutes,
  keyResultId: t.keyResultId ?? '',
  leadAssigneeId: t.leadAssigneeId,
  supportingAssigneeIds: t.supportingAssigneeIds,
  startDate: t.startDate,
  dueDate: t.dueDate,
  originalDueDate: t.originalDueDate,
  priority: enumValue(t.priority, tasksV1.taskPriorityFromJSON, 'TASK_PRIORITY_'),
  status: toProtoStatus(t.status),
  assignedBy: t.assignedBy,
  sourceSystem: t.sourceSystem ?? '',
  externalId: t.externalId ?? '',
  product: t.product ? toProtoProduct(t.product) : undefined,
  submittedDate: t.submittedDate ?? '',
  quality: t.quality ? enumValue(t.quality, tasksV1.taskQualityFromJSON, 'TASK_QUALITY_') : tasksV1.TaskQuality.TASK_QUALITY_UNSPECIFIED,
  failedAssessments: t.failedAssessments,
  timeliness: t.timeliness
    ? enumValue(t.timeliness, tasksV1.taskTimelinessFromJSON, 'TASK_TIMELINESS_')
    : tasksV1.TaskTimeliness.TASK_TIMELINESS_UNSPECIFIED,
  daysLate: t.daysLate,
  extension: t.extension
    ? {
        requestedDueDate: t.extension.requestedDueDate,
        reason: t.extension.reason,
        status: enumValue(t.extension.status, tasksV1.extensionStatusFromJSON, 'EXTENSION_STATUS_'),
        requestedBy: t.extension.requestedBy,
        requestTime: t.extension.requestedAt,
        decidedBy: t.extension.decidedBy ?? '',
        decideTime: t.extension.decidedAt ?? undefined,
        comment: t.extension.comment,
      }
    : undefined,
  objectiveCause: t.objectiveCause
    ? { reason: t.objectiveCause.reason, confirmedBy: t.objectiveCause.confirmedBy, confirmTime: t.objectiveCause.confirmedAt }
    : undefined,
  reason: t.reason,
  version: t.version,
  createTime: t.createdAt,
  updateTime: t.updatedAt,
});

export const toProtoStep = (s: TaskStep): tasksV1.TaskStep => ({
  step: s.step,
  fromStatus: s.fromStatus ? toProtoStatus(s.fromStatus) : tasksV1.TaskStatus.TASK_STATUS_UNSPECIFIED,
  toStatus: toProtoStatus(s.toStatus),
  by: s.by,
  time: s.at,
  comment: s.comment,
});
