import {
  type Actor,
  AlreadyExistsError,
  type Bilingual,
  check,
  coversOfficial,
  coversUnit,
  type DatedReach,
  type Decision,
  datedReach,
  daysBetween,
  FailedPreconditionError,
  inRange,
  isStringTuple,
  NotFoundError,
  type Page,
  PermissionDeniedError,
  readPage,
  type Scope,
  type UnitInterval,
  unchanged,
  unitIntervals,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import { minutesFor, revisionOn, type WorkItemRevisionRef } from './work-item-ref';

// ---------------------------------------------------------------------------------------------
// Tasks (giao việc): a manager, an official for themselves (where the tenant allows it), or a
// document system's service account (E-Office) assigns work measured by a catalog item to a lead
// assignee (chủ trì), with supporting assignees (phối hợp) and a due date. The workflow:
//
//   ASSIGNED ─start→ IN_PROGRESS ─submit→ SUBMITTED ─approve→ APPROVED
//      │  └──────────submit─────────────────↗   │
//      │                RETURNED ←──return──────┘   (RETURNED: start or submit again)
//      └─ cancel (from anything not yet APPROVED) → CANCELLED
//
// Beside the status: the lead assignee asks for a later due date and a manager grants or refuses
// it; a manager confirms an objective cause (nguyên nhân khách quan) of a delay or a failed
// assessment once. Every step bumps the version by one and is recorded as a TaskStep.
//
// Who: the lead assignee works on the task (an integrator of its agency may start it and hand in
// products); the managers over it judge it (never the lead assignee themself); whoever assigned
// it, or a manager over it, cancels it. "Over it" is the caller's grants reaching the task's unit
// on its start date, the same reach the lists filter by. A caller who neither reaches a task nor
// is one of its assignees is told it does not exist, so that ids out of reach are not confirmed.

export const TASK_SOURCES = ['PLANNED', 'ARISING', 'OTHER_ASSIGNED'] as const;
/** Nhiệm vụ theo kế hoạch, phát sinh, khác được giao. */
export type TaskSource = (typeof TASK_SOURCES)[number];

export const TASK_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'RETURNED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_QUALITIES = ['MEETS_REQUIREMENTS', 'BELOW_REQUIREMENTS'] as const;
/** Đạt yêu cầu, không đạt yêu cầu. */
export type TaskQuality = (typeof TASK_QUALITIES)[number];

export type TaskTimeliness = 'ON_TIME' | 'LATE';
export type ExtensionStatus = 'PENDING' | 'GRANTED' | 'REFUSED';

export const TASK_STEPS = [
  'CREATED',
  'STARTED',
  'SUBMITTED',
  'APPROVED',
  'RETURNED',
  'CANCELLED',
  'EXTENSION_REQUESTED',
  'EXTENSION_GRANTED',
  'EXTENSION_REFUSED',
  'OBJECTIVE_CAUSE_CONFIRMED',
] as const;
export type TaskStepName = (typeof TASK_STEPS)[number];

export const MAX_TITLE = 500;
export const MAX_DESCRIPTION = 5000;
export const MAX_SUPPORTING_ASSIGNEES = 20;
/** Largest expected quantity, in hundredths (100,000 products). */
export const MAX_EXPECTED_QUANTITY = 10_000_000;
/** Failed assessments a manager may count at one approval. */
export const MAX_FAILED_AT_APPROVAL = 100;
const MAX_REASON = 2000;
const MAX_PRODUCT_FIELD = 500;
const MAX_EXTERNAL_FIELD = 100;

/** The product handed in: at least one of number, link and file reference. */
export interface TaskProduct {
  /** Số, ký hiệu văn bản, for example "125/BC-STC". */
  documentNumber: string;
  link: string;
  fileRef: string;
  note: string;
}

/** The latest request for a later due date. */
export interface TaskExtension {
  requestedDueDate: string;
  reason: string;
  status: ExtensionStatus;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string;
}

export interface ObjectiveCause {
  reason: string;
  confirmedBy: string;
  confirmedAt: Date;
}

export interface Task {
  id: string;
  tenantId: string;
  /** The agency and unit of the lead assignee's post on the start date. */
  agencyId: string;
  unitId: string;
  title: string;
  description: string;
  source: TaskSource;
  workItemId: string;
  /** The item's revision in force on the start date. */
  workItemRevision: number;
  /** Hundredths (150 is 1.50). */
  expectedQuantity: number;
  /**
   * The expected quantity converted to standard minutes by the revision (the default minutes an
   * entry of that quantity would have): the converted products scoring counts as assigned.
   */
  expectedMinutes: number;
  keyResultId: string | null;
  leadAssigneeId: string;
  supportingAssigneeIds: string[];
  /** "YYYY-MM-DD" in Asia/Ho_Chi_Minh. */
  startDate: string;
  /** The due date in force (moved by granted extensions). */
  dueDate: string;
  originalDueDate: string;
  priority: TaskPriority;
  status: TaskStatus;
  /** Subject of who assigned it. */
  assignedBy: string;
  sourceSystem: string | null;
  externalId: string | null;
  product: TaskProduct | null;
  /** The day the product was last submitted. */
  submittedDate: string | null;
  quality: TaskQuality | null;
  /** One per return, plus those counted at approval. */
  failedAssessments: number;
  timeliness: TaskTimeliness | null;
  daysLate: number;
  extension: TaskExtension | null;
  objectiveCause: ObjectiveCause | null;
  /** Why it was last returned or cancelled. */
  reason: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One step of a task's history; seq is the task's version after it. */
export interface TaskStep {
  taskId: string;
  seq: number;
  step: TaskStepName;
  /** Null for CREATED. */
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus;
  /** Subject of who took it. */
  by: string;
  at: Date;
  comment: string;
}

/** What every decision writes: the task before (null when new) and after, and the step between. Published as TaskChanged. */
export interface TaskChange {
  before: Task | null;
  after: Task;
  step: TaskStep;
}

export type TaskDecision = Decision<Task, TaskChange>;

// ---------------------------------------------------------------------------------------------
// Messages shared by the decisions.

const STATUS_VI: Record<TaskStatus, string> = {
  ASSIGNED: 'đã giao',
  IN_PROGRESS: 'đang thực hiện',
  SUBMITTED: 'đã nộp sản phẩm, chờ duyệt',
  APPROVED: 'đã duyệt',
  RETURNED: 'bị trả lại',
  CANCELLED: 'đã hủy',
};

export const taskNotFound = (field = 'id') => new NotFoundError({ vi: 'Không tìm thấy nhiệm vụ', en: 'Task not found' }, field);

const required = (field: string) => new ValidationError(field, { vi: `Trường ${field} là bắt buộc`, en: `${field} is required` });

/** A step not allowed from the task's status, naming it. */
const notFrom = (t: Task, what: Bilingual) =>
  new FailedPreconditionError({
    vi: `Không thể ${what.vi} khi nhiệm vụ đang ở trạng thái "${STATUS_VI[t.status]}" (${t.status})`,
    en: `Cannot ${what.en} a task that is ${t.status}`,
  });

const denied = (vi: string, en: string) => new PermissionDeniedError({ vi, en });

// ---------------------------------------------------------------------------------------------
// Reach.

/** Whether the scope holds more than the caller's own records: a grant over the tenant, an agency or a unit. */
const holdsGrants = (s: Scope) => s.tenant || s.agencies.size > 0 || s.units.size > 0;

/** Whether the caller's grants reach the task: its agency, or its unit as the tree stood on its start date. */
export function reachesTask(actor: Actor, t: Task): boolean {
  const { scope } = actor;
  return (
    scope.tenant || scope.agencies.has(t.agencyId) || (scope.units.size > 0 && coversUnit(scope, actor.directory, t.unitId, t.startDate))
  );
}

export const isAssignee = (t: Task, officialId: string | null | undefined) =>
  Boolean(officialId) && (t.leadAssigneeId === officialId || t.supportingAssigneeIds.includes(officialId!));

const isLead = (t: Task, actor: Actor) => Boolean(actor.principal.officialId) && t.leadAssigneeId === actor.principal.officialId;

/** Whether a task.read caller reads the task: one of its assignees, or a reader whose grants reach it. */
export const readsTask = (t: Task, actor: Actor) => isAssignee(t, actor.scope.officialId) || reachesTask(actor, t);

/** The task of the caller's tenant, or NOT_FOUND. */
function found(t: Task | undefined, actor: Actor): Task {
  if (!t || t.tenantId !== actor.principal.tenantId) throw taskNotFound();
  return t;
}

/** Refuses a caller allowed to know the task with PERMISSION_DENIED, anyone else with NOT_FOUND. */
function refuse(t: Task, actor: Actor, why: PermissionDeniedError): never {
  if (isAssignee(t, actor.principal.officialId) || reachesTask(actor, t)) throw why;
  throw taskNotFound();
}

/** GetTask and ListTaskSteps: a task the caller reads; one out of reach is NOT_FOUND like one that does not exist. */
export function readableTask(t: Task | undefined, actor: Actor): Task {
  const task = found(t, actor);
  if (!readsTask(task, actor)) throw taskNotFound();
  return task;
}

// ---------------------------------------------------------------------------------------------
// CreateTask

/** CreateTask as grpc/ hands it over: enums by name ('' when unspecified). */
export interface CreateTaskRequest {
  title: string;
  description: string;
  source: string;
  workItemId: string;
  expectedQuantity: string;
  keyResultId: string;
  leadAssigneeId: string;
  supportingAssigneeIds: string[];
  startDate: string;
  dueDate: string;
  priority: string;
  sourceSystem: string;
  externalId: string;
}

export interface NewTask {
  title: string;
  description: string;
  source: TaskSource;
  workItemId: string;
  expectedQuantity: number;
  keyResultId: string | null;
  leadAssigneeId: string;
  supportingAssigneeIds: string[];
  startDate: string;
  /** False when the start date was left to today: a repeat on another day still matches. */
  startDateGiven: boolean;
  dueDate: string;
  priority: TaskPriority;
  sourceSystem: string | null;
  externalId: string | null;
}

function parseSupporting(ids: string[], lead: string): string[] {
  const field = 'supporting_assignee_ids';
  if (ids.length > MAX_SUPPORTING_ASSIGNEES)
    throw new ValidationError(field, {
      vi: `Tối đa ${MAX_SUPPORTING_ASSIGNEES} người phối hợp`,
      en: `At most ${MAX_SUPPORTING_ASSIGNEES} supporting assignees`,
    });
  const out = ids.map((id) => check.id(field, id));
  if (new Set(out).size !== out.length)
    throw new ValidationError(field, { vi: 'Người phối hợp bị trùng', en: 'Supporting assignees must be distinct' });
  if (out.includes(lead))
    throw new ValidationError(field, {
      vi: 'Người chủ trì không đồng thời là người phối hợp',
      en: 'The lead assignee cannot also be a supporting assignee',
    });
  return out;
}

/** source_system and external_id: both or neither. */
function parseExternal(r: CreateTaskRequest): { sourceSystem: string | null; externalId: string | null } {
  const sourceSystem = check.maxLength('source_system', r.sourceSystem.trim(), MAX_EXTERNAL_FIELD);
  const externalId = check.maxLength('external_id', r.externalId.trim(), MAX_EXTERNAL_FIELD);
  if (!sourceSystem && !externalId) return { sourceSystem: null, externalId: null };
  const both = { vi: 'Cần có cả hệ thống nguồn và mã văn bản ở hệ thống đó', en: 'source_system and external_id go together' };
  if (!sourceSystem) throw new ValidationError('source_system', both);
  if (!externalId) throw new ValidationError('external_id', both);
  return { sourceSystem, externalId };
}

/** Checks a CreateTask request field by field; `today` is the caller's day in Hà Nội (the default start). */
export function parseCreateTask(r: CreateTaskRequest, today: string): NewTask {
  const leadAssigneeId = check.id('lead_assignee_id', r.leadAssigneeId);
  const startDate = r.startDate ? check.date('start_date', r.startDate) : today;
  const dueDate = check.date('due_date', r.dueDate);
  if (dueDate < startDate)
    throw new ValidationError('due_date', {
      vi: 'Hạn hoàn thành không được trước ngày bắt đầu',
      en: 'due_date must not be before start_date',
    });
  return {
    title: check.maxLength('title', check.required('title', r.title), MAX_TITLE),
    description: check.maxLength('description', r.description.trim(), MAX_DESCRIPTION),
    source: check.oneOf('source', r.source as TaskSource, TASK_SOURCES),
    workItemId: check.id('work_item_id', r.workItemId),
    expectedQuantity: r.expectedQuantity.trim()
      ? check.decimal('expected_quantity', r.expectedQuantity, { min: 0, max: MAX_EXPECTED_QUANTITY, aboveMin: true })
      : 100,
    // Not checked against the catalog: worklog keeps no read model of key results, and a task
    // pointing at one that was deleted still stands as work done.
    keyResultId: check.optionalId('key_result_id', r.keyResultId),
    leadAssigneeId,
    supportingAssigneeIds: parseSupporting(r.supportingAssigneeIds, leadAssigneeId),
    startDate,
    startDateGiven: Boolean(r.startDate),
    dueDate,
    priority: r.priority ? check.oneOf('priority', r.priority as TaskPriority, TASK_PRIORITIES) : 'NORMAL',
    ...parseExternal(r),
  };
}

/** What CreateTask decides on besides the org directory. */
export interface CreateTaskState {
  /** The work item's published revisions (none: unknown to the tenant). */
  revisions: readonly WorkItemRevisionRef[];
  /** The tenant's diary settings: whether officials may assign tasks to themselves. */
  selfAssignedTasks: boolean;
  /** The task already created under the same source_system and external_id, if any. */
  sameExternal?: Task;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Whether a stored task is what the request asks for (its due date as first assigned; extensions move the one in force). */
const sameTask = (e: Task, t: NewTask) =>
  e.title === t.title &&
  e.description === t.description &&
  e.source === t.source &&
  e.workItemId === t.workItemId &&
  e.expectedQuantity === t.expectedQuantity &&
  e.keyResultId === t.keyResultId &&
  e.leadAssigneeId === t.leadAssigneeId &&
  sameSet(e.supportingAssigneeIds, t.supportingAssigneeIds) &&
  (!t.startDateGiven || e.startDate === t.startDate) &&
  e.originalDueDate === t.dueDate &&
  e.priority === t.priority;

/**
 * Who may assign, decided before saying whether the assignees exist: the caller's scope must
 * reach the lead and every supporting assignee on the start date. An official with no manager's
 * grant reaches only themself, and assigns to themself only, alone, where the tenant allows it.
 */
function authorizeAssignment(t: NewTask, s: CreateTaskState, actor: Actor): void {
  const { scope, directory } = actor;
  if (!holdsGrants(scope)) {
    if (t.leadAssigneeId !== scope.officialId || t.supportingAssigneeIds.length)
      throw denied(
        'Công chức không giữ chức vụ quản lý chỉ được tự giao việc cho chính mình, không kèm người phối hợp',
        'Without a manager’s grant you may assign a task only to yourself, with no supporting assignees',
      );
    if (!s.selfAssignedTasks)
      throw denied(
        'Quy định của đơn vị không cho phép công chức tự giao việc',
        'The tenant’s rules do not allow officials to assign tasks to themselves',
      );
  }
  for (const id of [t.leadAssigneeId, ...t.supportingAssigneeIds])
    if (!coversOfficial(scope, directory, id, t.startDate))
      throw denied('Không có quyền giao việc cho công chức này', 'Not allowed to assign tasks to this official');
}

/** An official of the tenant still at work, or INVALID_ARGUMENT naming the field. */
function checkOfficial(id: string, field: string, actor: Actor): void {
  const o = actor.directory.official(id);
  if (!o || o.tenantId !== actor.principal.tenantId)
    throw new ValidationError(field, { vi: 'Không tìm thấy công chức', en: 'Unknown official' });
  if (!o.active) throw new ValidationError(field, { vi: 'Công chức đã thôi công tác', en: 'The official is no longer at work' });
}

/**
 * A new task, ASSIGNED. It belongs to the lead assignee's post on the start date (the main one
 * when they hold several), and is measured by the work item's revision in force that day. The
 * same source_system and external_id again answers the task created under them when the content
 * is the same, and is ALREADY_EXISTS otherwise.
 */
export function createTask(t: NewTask, s: CreateTaskState, actor: Actor): TaskDecision {
  authorizeAssignment(t, s, actor);
  if (s.sameExternal) {
    if (sameTask(s.sameExternal, t)) return unchanged(s.sameExternal);
    throw new AlreadyExistsError(
      {
        vi: `Mã ${t.externalId} của hệ thống ${t.sourceSystem} đã được dùng cho một nhiệm vụ khác`,
        en: `external_id ${t.externalId} of ${t.sourceSystem} was already used for another task`,
      },
      'external_id',
    );
  }
  checkOfficial(t.leadAssigneeId, 'lead_assignee_id', actor);
  const posts = actor.directory.postsOn(t.leadAssigneeId, t.startDate).filter((m) => inRange(m, t.startDate));
  const post = posts.find((m) => m.kind === 'MAIN') ?? posts[0];
  if (!post)
    throw new ValidationError('lead_assignee_id', {
      vi: 'Người chủ trì không có vị trí công tác vào ngày bắt đầu',
      en: 'The lead assignee holds no post on the start date',
    });
  for (const id of t.supportingAssigneeIds) checkOfficial(id, 'supporting_assignee_ids', actor);
  const revision = revisionOn(s.revisions, t.startDate);
  if (!revision)
    throw new ValidationError('work_item_id', {
      vi: 'Đầu việc không có trong danh mục hoặc không có hiệu lực vào ngày bắt đầu',
      en: 'The work item is not in the catalog or not in force on the start date',
    });
  const task: Task = {
    id: actor.newId(),
    tenantId: actor.principal.tenantId,
    agencyId: post.agencyId,
    unitId: post.unitId,
    title: t.title,
    description: t.description,
    source: t.source,
    workItemId: t.workItemId,
    workItemRevision: revision.revision,
    expectedQuantity: t.expectedQuantity,
    expectedMinutes: minutesFor(revision, t.expectedQuantity).standard,
    keyResultId: t.keyResultId,
    leadAssigneeId: t.leadAssigneeId,
    supportingAssigneeIds: t.supportingAssigneeIds,
    startDate: t.startDate,
    dueDate: t.dueDate,
    originalDueDate: t.dueDate,
    priority: t.priority,
    status: 'ASSIGNED',
    assignedBy: actor.principal.subject,
    sourceSystem: t.sourceSystem,
    externalId: t.externalId,
    product: null,
    submittedDate: null,
    quality: null,
    failedAssessments: 0,
    timeliness: null,
    daysLate: 0,
    extension: null,
    objectiveCause: null,
    reason: '',
    version: 1,
    createdAt: actor.now,
    updatedAt: actor.now,
  };
  const step: TaskStep = {
    taskId: task.id,
    seq: 1,
    step: 'CREATED',
    fromStatus: null,
    toStatus: 'ASSIGNED',
    by: actor.principal.subject,
    at: actor.now,
    comment: '',
  };
  return { entity: task, events: [{ before: null, after: task, step }] };
}

// ---------------------------------------------------------------------------------------------
// The workflow: every step names the task and the version the caller read (0: as it stands).

export interface TaskRef {
  id: string;
  version: number;
}

/** What a step decides on. */
export interface TaskState {
  task?: Task;
}

export const parseTaskRef = (r: { id: string; version: number }): TaskRef => ({
  id: check.id('id', r.id),
  version: check.intRange('version', r.version, 0, Number.MAX_SAFE_INTEGER),
});

const reasonOf = (value: string) => check.maxLength('reason', check.required('reason', value), MAX_REASON);
const commentOf = (value: string) => check.maxLength('comment', value.trim(), MAX_REASON);

function checkVersion(t: Task, version: number): void {
  if (version !== 0 && version !== t.version)
    throw new VersionConflictError({
      vi: 'Nhiệm vụ vừa được thay đổi; hãy tải lại rồi thử lại',
      en: 'The task was changed since you read it; reload and retry',
    });
}

/** The task after a step: one version on, with the step that got it there. */
function advance(before: Task, changes: Partial<Task>, step: TaskStepName, comment: string, actor: Actor): TaskDecision {
  const after: Task = { ...before, ...changes, version: before.version + 1, updatedAt: actor.now };
  return {
    entity: after,
    events: [
      {
        before,
        after,
        step: {
          taskId: before.id,
          seq: after.version,
          step,
          fromStatus: before.status,
          toStatus: after.status,
          by: actor.principal.subject,
          at: actor.now,
          comment,
        },
      },
    ],
  };
}

/** The lead assignee; where `integrators` is set, also a document system whose grants reach the task (task.work grants only integrators). */
function authorizeWork(t: Task, actor: Actor, integrators: boolean): void {
  // scope.officialId is the caller only where the action lets officials act on their own records.
  if (actor.scope.officialId === t.leadAssigneeId) return;
  if (integrators && holdsGrants(actor.scope) && reachesTask(actor, t)) return;
  refuse(
    t,
    actor,
    integrators
      ? denied('Chỉ người chủ trì thực hiện bước này', 'Only the lead assignee may do this')
      : denied('Chỉ người chủ trì được xin gia hạn', 'Only the lead assignee may ask for more time'),
  );
}

/** A manager whose grants reach the task, and who is not its lead assignee. */
function authorizeReview(t: Task, actor: Actor): void {
  if (!reachesTask(actor, t))
    refuse(
      t,
      actor,
      denied('Chỉ lãnh đạo quản lý người chủ trì được đánh giá nhiệm vụ', 'Only a manager over the lead assignee may judge the task'),
    );
  if (isLead(t, actor))
    throw denied('Không được tự đánh giá nhiệm vụ mình chủ trì', 'You cannot judge a task you are the lead assignee of');
}

/** Loads, authorizes and checks the version: the task a step applies to. */
function taskFor(ref: TaskRef, s: TaskState, actor: Actor, authorize: (t: Task) => void): Task {
  const t = found(s.task, actor);
  authorize(t);
  checkVersion(t, ref.version);
  return t;
}

const OPEN_FOR_WORK: readonly TaskStatus[] = ['ASSIGNED', 'IN_PROGRESS', 'RETURNED'];
const NOT_FINISHED: readonly TaskStatus[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED'];

/** StartTask: ASSIGNED or RETURNED → IN_PROGRESS, by the lead assignee or an integrator over them. */
export function startTask(ref: TaskRef, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(ref, s, actor, (x) => authorizeWork(x, actor, true));
  if (t.status !== 'ASSIGNED' && t.status !== 'RETURNED') throw notFrom(t, { vi: 'bắt đầu thực hiện', en: 'start' });
  return advance(t, { status: 'IN_PROGRESS' }, 'STARTED', '', actor);
}

export interface SubmitTaskRequest {
  id: string;
  version: number;
  product: TaskProduct | undefined;
}

export interface SubmitTask extends TaskRef {
  product: TaskProduct;
}

function checkLink(value: string): string {
  const v = check.maxLength('product.link', value.trim(), MAX_PRODUCT_FIELD);
  if (!v) return v;
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new ValidationError('product.link', { vi: 'Đường dẫn phải là địa chỉ http(s)', en: 'product.link must be an http(s) URL' });
  return v;
}

export function parseSubmitTask(r: SubmitTaskRequest): SubmitTask {
  const ref = parseTaskRef(r);
  const p = r.product;
  if (!p) throw required('product');
  const product: TaskProduct = {
    documentNumber: check.maxLength('product.document_number', p.documentNumber.trim(), MAX_PRODUCT_FIELD),
    link: checkLink(p.link),
    fileRef: check.maxLength('product.file_ref', p.fileRef.trim(), MAX_PRODUCT_FIELD),
    note: check.maxLength('product.note', p.note.trim(), MAX_REASON),
  };
  if (!product.documentNumber && !product.link && !product.fileRef)
    throw new ValidationError('product', {
      vi: 'Sản phẩm cần có số văn bản, đường dẫn hoặc tệp',
      en: 'The product needs a document number, a link or a file reference',
    });
  return { ...ref, product };
}

/** SubmitTask: the product handed in today (→ SUBMITTED), from ASSIGNED, IN_PROGRESS or RETURNED. */
export function submitTask(r: SubmitTask, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => authorizeWork(x, actor, true));
  if (!OPEN_FOR_WORK.includes(t.status)) throw notFrom(t, { vi: 'nộp sản phẩm', en: 'submit' });
  return advance(t, { status: 'SUBMITTED', product: r.product, submittedDate: actor.today }, 'SUBMITTED', r.product.note, actor);
}

export interface ApproveTask extends TaskRef {
  quality: TaskQuality;
  failedAssessments: number;
  comment: string;
}

export function parseApproveTask(r: {
  id: string;
  version: number;
  quality: string;
  failedAssessments: number;
  comment: string;
}): ApproveTask {
  return {
    ...parseTaskRef(r),
    quality: check.oneOf('quality', r.quality as TaskQuality, TASK_QUALITIES),
    failedAssessments: check.intRange('failed_assessments', r.failedAssessments, 0, MAX_FAILED_AT_APPROVAL),
    comment: commentOf(r.comment),
  };
}

/** On time when submitted on or before the due date in force; else late by the days between. */
export function timelinessOf(submittedDate: string, dueDate: string): { timeliness: TaskTimeliness; daysLate: number } {
  const late = daysBetween(dueDate, submittedDate);
  return late > 0 ? { timeliness: 'LATE', daysLate: late } : { timeliness: 'ON_TIME', daysLate: 0 };
}

/** ApproveTask: SUBMITTED → APPROVED with the quality, the failed assessments found now added to those of returns, and the timeliness. */
export function approveTask(r: ApproveTask, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => authorizeReview(x, actor));
  if (t.status !== 'SUBMITTED') throw notFrom(t, { vi: 'duyệt', en: 'approve' });
  return advance(
    t,
    {
      status: 'APPROVED',
      quality: r.quality,
      failedAssessments: t.failedAssessments + r.failedAssessments,
      ...timelinessOf(t.submittedDate!, t.dueDate),
    },
    'APPROVED',
    r.comment,
    actor,
  );
}

export interface ReasonedTaskRef extends TaskRef {
  reason: string;
}

/** ReturnTask, CancelTask and ConfirmObjectiveCause: the task and a reason. */
export const parseReasoned = (r: { id: string; version: number; reason: string }): ReasonedTaskRef => ({
  ...parseTaskRef(r),
  reason: reasonOf(r.reason),
});

/** ReturnTask: SUBMITTED → RETURNED with the reason; a return counts one failed assessment. */
export function returnTask(r: ReasonedTaskRef, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => authorizeReview(x, actor));
  if (t.status !== 'SUBMITTED') throw notFrom(t, { vi: 'trả lại', en: 'return' });
  return advance(t, { status: 'RETURNED', reason: r.reason, failedAssessments: t.failedAssessments + 1 }, 'RETURNED', r.reason, actor);
}

/** CancelTask: anything not yet approved → CANCELLED, by whoever assigned it or a manager (or integrator) whose grants reach it. */
export function cancelTask(r: ReasonedTaskRef, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => {
    if (x.assignedBy === actor.principal.subject) return;
    if (holdsGrants(actor.scope) && reachesTask(actor, x)) return;
    refuse(
      x,
      actor,
      denied(
        'Chỉ người giao việc hoặc lãnh đạo quản lý được hủy nhiệm vụ',
        'Only whoever assigned the task or a manager over it may cancel it',
      ),
    );
  });
  if (!NOT_FINISHED.includes(t.status)) throw notFrom(t, { vi: 'hủy', en: 'cancel' });
  return advance(t, { status: 'CANCELLED', reason: r.reason }, 'CANCELLED', r.reason, actor);
}

export interface RequestExtension extends TaskRef {
  requestedDueDate: string;
  reason: string;
}

export function parseRequestExtension(r: { id: string; version: number; requestedDueDate: string; reason: string }): RequestExtension {
  return { ...parseTaskRef(r), requestedDueDate: check.date('requested_due_date', r.requestedDueDate), reason: reasonOf(r.reason) };
}

/** RequestTaskExtension: the lead assignee asks for a later due date while working on it, one request at a time. */
export function requestExtension(r: RequestExtension, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => authorizeWork(x, actor, false));
  if (!OPEN_FOR_WORK.includes(t.status)) throw notFrom(t, { vi: 'xin gia hạn', en: 'ask for more time on' });
  if (t.extension?.status === 'PENDING')
    throw new FailedPreconditionError({
      vi: 'Nhiệm vụ đã có đề nghị gia hạn đang chờ quyết định',
      en: 'The task already has an extension request waiting for a decision',
    });
  if (r.requestedDueDate <= t.dueDate)
    throw new ValidationError('requested_due_date', {
      vi: `Hạn đề nghị phải sau hạn hiện tại (${t.dueDate})`,
      en: `requested_due_date must be after the current due date (${t.dueDate})`,
    });
  const extension: TaskExtension = {
    requestedDueDate: r.requestedDueDate,
    reason: r.reason,
    status: 'PENDING',
    requestedBy: actor.principal.subject,
    requestedAt: actor.now,
    decidedBy: null,
    decidedAt: null,
    comment: '',
  };
  return advance(t, { extension }, 'EXTENSION_REQUESTED', r.reason, actor);
}

export interface DecideExtension extends TaskRef {
  grant: boolean;
  comment: string;
}

export const parseDecideExtension = (r: { id: string; version: number; grant: boolean; comment: string }): DecideExtension => ({
  ...parseTaskRef(r),
  grant: r.grant,
  comment: commentOf(r.comment),
});

/** DecideTaskExtension: a manager grants the pending request (the due date moves; the original stays) or refuses it. */
export function decideExtension(r: DecideExtension, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => authorizeReview(x, actor));
  if (!NOT_FINISHED.includes(t.status)) throw notFrom(t, { vi: 'quyết định gia hạn', en: 'decide an extension of' });
  if (t.extension?.status !== 'PENDING')
    throw new FailedPreconditionError({
      vi: 'Nhiệm vụ không có đề nghị gia hạn đang chờ',
      en: 'The task has no pending extension request',
    });
  const extension: TaskExtension = {
    ...t.extension,
    status: r.grant ? 'GRANTED' : 'REFUSED',
    decidedBy: actor.principal.subject,
    decidedAt: actor.now,
    comment: r.comment,
  };
  return advance(
    t,
    { extension, ...(r.grant ? { dueDate: t.extension.requestedDueDate } : {}) },
    r.grant ? 'EXTENSION_GRANTED' : 'EXTENSION_REFUSED',
    r.comment,
    actor,
  );
}

/** ConfirmObjectiveCause: once, on a task not cancelled; the delay or failed assessment then brings no deduction. */
export function confirmObjectiveCause(r: ReasonedTaskRef, s: TaskState, actor: Actor): TaskDecision {
  const t = taskFor(r, s, actor, (x) => authorizeReview(x, actor));
  if (t.status === 'CANCELLED') throw notFrom(t, { vi: 'xác nhận nguyên nhân khách quan', en: 'confirm an objective cause of' });
  if (t.objectiveCause)
    throw new FailedPreconditionError({
      vi: 'Nguyên nhân khách quan của nhiệm vụ đã được xác nhận',
      en: 'An objective cause of the task was already confirmed',
    });
  const objectiveCause: ObjectiveCause = { reason: r.reason, confirmedBy: actor.principal.subject, confirmedAt: actor.now };
  return advance(t, { objectiveCause }, 'OBJECTIVE_CAUSE_CONFIRMED', r.reason, actor);
}

// ---------------------------------------------------------------------------------------------
// Lists.

export interface ListTasksRequest {
  assigneeId: string;
  unitId: string;
  /** Enum names ('' for unspecified ones). */
  statuses: string[];
  dueFrom: string;
  dueTo: string;
  pageSize: number;
  pageToken: string;
}

export interface TaskQuery {
  filters: {
    assigneeId: string | null;
    unitId: string | null;
    statuses: TaskStatus[];
    dueFrom: string | null;
    dueTo: string | null;
  };
  /** With a unit filter: the units under it and the dates they lay there (a task counts by its unit on its start date). */
  units: UnitInterval[] | null;
  /** Tasks stay inside what the caller reaches: their own (lead or supporting), or their unit on their start date. */
  reach: DatedReach;
  /** After [due date, id] of the last task seen. */
  page: Page<[string, string]>;
}

/** The units that lay under a unit (itself included) and when: the same intervals a unit head's reach is made of. */
function subtreeOf(unitId: string, actor: Actor): UnitInterval[] {
  const u = actor.directory.unit(unitId);
  if (!u || u.tenantId !== actor.principal.tenantId)
    throw new ValidationError('unit_id', { vi: 'Không tìm thấy đơn vị', en: 'Unit not found' });
  const only: Scope = { tenant: false, agencies: new Set(), units: new Set([unitId]), officialId: null, verified: false };
  return unitIntervals(only, actor.directory);
}

/** ListTasks: by due date then id, filtered as asked, and always within the caller's reach. */
export function planListTasks(r: ListTasksRequest, actor: Actor): TaskQuery {
  const dueFrom = r.dueFrom ? check.date('due_from', r.dueFrom) : null;
  const dueTo = r.dueTo ? check.date('due_to', r.dueTo) : null;
  if (dueFrom && dueTo && dueTo < dueFrom)
    throw new ValidationError('due_to', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'due_to must not be before due_from' });
  const statuses = [...new Set(r.statuses.map((x) => check.oneOf('statuses', x as TaskStatus, TASK_STATUSES)))].sort();
  const filters = {
    assigneeId: check.optionalId('assignee_id', r.assigneeId),
    unitId: check.optionalId('unit_id', r.unitId),
    statuses,
    dueFrom,
    dueTo,
  };
  return {
    filters,
    units: filters.unitId ? subtreeOf(filters.unitId, actor) : null,
    reach: datedReach(actor.scope, actor.directory),
    page: readPage(r, filters, isStringTuple(2) as (c: unknown) => c is [string, string]),
  };
}

export const taskCursor = (t: Task): [string, string] => [t.dueDate, t.id];

export interface TaskStepQuery {
  id: string;
  /** After the seq of the last step seen. */
  page: Page<number>;
}

const isSeq = (c: unknown): c is number => Number.isSafeInteger(c) && (c as number) > 0;

export function planListTaskSteps(r: { id: string; pageSize: number; pageToken: string }): TaskStepQuery {
  const id = check.id('id', r.id);
  return { id, page: readPage(r, { id }, isSeq) };
}

export const parseTaskId = (id: string) => check.id('id', id);
