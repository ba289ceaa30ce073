import { EntityWriter, type OutboxRecord, type Pool, type Statement } from '@thuocdo/db';
import { type Actor, auditOf, formatHundredths, type Page, parseHundredths, toPage } from '@thuocdo/kit';
import { type Task, type TaskChange, type TaskDecision, type TaskQuery, type TaskState, type TaskStep, taskCursor } from '../domain/task';

// ---------------------------------------------------------------------------------------------
// Rows of task and task_step as domain records, and the columns a task writes (in the order of
// its values). Dates come back as "YYYY-MM-DD" (packages/db pool.ts), numeric as text.

const TASK_COLUMNS = [
  'id',
  'tenant_id',
  'agency_id',
  'unit_id',
  'title',
  'description',
  'source',
  'work_item_id',
  'work_item_revision',
  'expected_quantity',
  'expected_minutes',
  'key_result_id',
  'lead_assignee_id',
  'supporting_assignee_ids',
  'start_date',
  'due_date',
  'original_due_date',
  'priority',
  'status',
  'assigned_by',
  'source_system',
  'external_id',
  'product_document_number',
  'product_link',
  'product_file_ref',
  'product_note',
  'submitted_date',
  'quality',
  'failed_assessments',
  'timeliness',
  'days_late',
  'extension_requested_due_date',
  'extension_reason',
  'extension_status',
  'extension_requested_by',
  'extension_requested_at',
  'extension_decided_by',
  'extension_decided_at',
  'extension_comment',
  'objective_cause_reason',
  'objective_cause_confirmed_by',
  'objective_cause_confirmed_at',
  'reason',
  'version',
  'created_at',
  'updated_at',
];

const taskValues = (t: Task): unknown[] => [
  t.id,
  t.tenantId,
  t.agencyId,
  t.unitId,
  t.title,
  t.description,
  t.source,
  t.workItemId,
  t.workItemRevision,
  formatHundredths(t.expectedQuantity),
  t.expectedMinutes,
  t.keyResultId,
  t.leadAssigneeId,
  t.supportingAssigneeIds,
  t.startDate,
  t.dueDate,
  t.originalDueDate,
  t.priority,
  t.status,
  t.assignedBy,
  t.sourceSystem,
  t.externalId,
  t.product?.documentNumber ?? null,
  t.product?.link ?? null,
  t.product?.fileRef ?? null,
  t.product?.note ?? null,
  t.submittedDate,
  t.quality,
  t.failedAssessments,
  t.timeliness,
  t.daysLate,
  t.extension?.requestedDueDate ?? null,
  t.extension?.reason ?? null,
  t.extension?.status ?? null,
  t.extension?.requestedBy ?? null,
  t.extension?.requestedAt ?? null,
  t.extension?.decidedBy ?? null,
  t.extension?.decidedAt ?? null,
  t.extension?.comment ?? null,
  t.objectiveCause?.reason ?? null,
  t.objectiveCause?.confirmedBy ?? null,
  t.objectiveCause?.confirmedAt ?? null,
  t.reason,
  t.version,
  t.createdAt,
  t.updatedAt,
];

const taskOf = (r: any): Task => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  title: r.title,
  description: r.description,
  source: r.source,
  workItemId: r.work_item_id,
  workItemRevision: r.work_item_revision,
  expectedQuantity: parseHundredths(r.expected_quantity)!,
  expectedMinutes: r.expected_minutes,
  keyResultId: r.key_result_id,
  leadAssigneeId: r.lead_assignee_id,
  supportingAssigneeIds: r.supporting_assignee_ids,
  startDate: r.start_date,
  dueDate: r.due_date,
  originalDueDate: r.original_due_date,
  priority: r.priority,
  status: r.status,
  assignedBy: r.assigned_by,
  sourceSystem: r.source_system,
  externalId: r.external_id,
  product:
    r.product_note === null
      ? null
      : { documentNumber: r.product_document_number, link: r.product_link, fileRef: r.product_file_ref, note: r.product_note },
  submittedDate: r.submitted_date,
  quality: r.quality,
  failedAssessments: r.failed_assessments,
  timeliness: r.timeliness,
  daysLate: r.days_late,
  extension:
    r.extension_status === null
      ? null
      : {
          requestedDueDate: r.extension_requested_due_date,
          reason: r.extension_reason,
          status: r.extension_status,
          requestedBy: r.extension_requested_by,
          requestedAt: r.extension_requested_at,
          decidedBy: r.extension_decided_by,
          decidedAt: r.extension_decided_at,
          comment: r.extension_comment,
        },
  objectiveCause:
    r.objective_cause_reason === null
      ? null
      : { reason: r.objective_cause_reason, confirmedBy: r.objective_cause_confirmed_by, confirmedAt: r.objective_cause_confirmed_at },
  reason: r.reason,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const stepOf = (r: any): TaskStep => ({
  taskId: r.task_id,
  seq: r.seq,
  step: r.step,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  by: r.by,
  at: r.at,
  comment: r.comment,
});

const placeholders = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
const N = TASK_COLUMNS.length;

/**
 * A new task: ON CONFLICT DO NOTHING, so that a second insert under the same source_system and
 * external_id changes no row (the writer's WriteConflict) and the command reads it and answers
 * the repeat, instead of failing on the unique index.
 */
const INSERT_TASK = `INSERT INTO task (${TASK_COLUMNS.join(', ')}) VALUES (${placeholders(1, N)}) ON CONFLICT DO NOTHING RETURNING id`;
/** A step's update: only while the row still has the version the decision read (else WriteConflict). */
const UPDATE_TASK = `UPDATE task SET (${TASK_COLUMNS.slice(1).join(', ')}) = (${placeholders(2, N - 1)})
  WHERE id = $1 AND version = $${N + 1} RETURNING id`;
const INSERT_STEP = `INSERT INTO task_step (task_id, seq, step, from_status, to_status, by, at, comment) VALUES (${placeholders(1, 8)})`;

function statementsOf(c: TaskChange): Statement[] {
  const s = c.step;
  return [
    c.before
      ? { name: 'task-update', text: UPDATE_TASK, values: [...taskValues(c.after), c.before.version] }
      : { name: 'task-insert', text: INSERT_TASK, values: taskValues(c.after) },
    { name: 'task-step-insert', text: INSERT_STEP, values: [s.taskId, s.seq, s.step, s.fromStatus, s.toStatus, s.by, s.at, s.comment] },
  ];
}

/** Who reaches which tasks, as SQL on the row `t`: their own (lead or supporting), their agencies, their units on the start date. */
const WITHIN_INTERVALS = (units: string, from: string, to: string) =>
  `EXISTS (SELECT 1 FROM unnest(${units}::uuid[], ${from}::date[], ${to}::date[]) AS s(unit_id, valid_from, valid_to)
            WHERE s.unit_id = t.unit_id AND t.start_date >= s.valid_from AND (s.valid_to IS NULL OR t.start_date < s.valid_to))`;
const ASSIGNED_TO = (p: string) => `(t.lead_assignee_id = ${p}::uuid OR t.supporting_assignee_ids @> ARRAY[${p}::uuid])`;

/**
 * Tasks and their steps: the reads decisions need, each step's write (the task, its step row, its
 * TaskChanged event and its audit row in one transaction), and the lists.
 */
export class TaskStore {
  private readonly writer: EntityWriter;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (c: TaskChange) => OutboxRecord,
  ) {
    this.writer = new EntityWriter(pool);
  }

  async task(tenantId: string, id: string): Promise<Task | undefined> {
    const { rows } = await this.pool.query({
      name: 'task-by-id',
      text: 'SELECT * FROM task WHERE tenant_id = $1 AND id = $2',
      values: [tenantId, id],
    });
    return rows.map(taskOf)[0];
  }

  async taskState(tenantId: string, id: string): Promise<TaskState> {
    return { task: await this.task(tenantId, id) };
  }

  /** The task a document system created under its id, if any. */
  async taskByExternalId(tenantId: string, sourceSystem: string, externalId: string): Promise<Task | undefined> {
    const { rows } = await this.pool.query({
      name: 'task-by-external-id',
      text: 'SELECT * FROM task WHERE tenant_id = $1 AND source_system = $2 AND external_id = $3',
      values: [tenantId, sourceSystem, externalId],
    });
    return rows.map(taskOf)[0];
  }

  /** Writes a decision: each change's task row and step row, its event and its audit row, in one transaction. */
  save(d: TaskDecision, actor: Actor): Promise<void> {
    return this.writer.write(
      d.events.flatMap(statementsOf),
      d.events.map(this.toOutbox),
      d.events.map((c) => auditOf(actor, 'task', c.after.id, c.before, c.after)),
    );
  }

  /** A page of tasks by due date and id: the filters asked for, within the caller's reach. */
  async listTasks(tenantId: string, q: TaskQuery) {
    const f = q.filters;
    const values: unknown[] = [tenantId];
    const where = ['t.tenant_id = $1'];
    const p = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (f.assigneeId) where.push(ASSIGNED_TO(p(f.assigneeId)));
    if (f.statuses.length) where.push(`t.status = ANY(${p(f.statuses)}::text[])`);
    if (f.dueFrom) where.push(`t.due_date >= ${p(f.dueFrom)}::date`);
    if (f.dueTo) where.push(`t.due_date <= ${p(f.dueTo)}::date`);
    if (q.units) {
      const i = q.units;
      where.push(WITHIN_INTERVALS(p(i.map((x) => x.unitId)), p(i.map((x) => x.from)), p(i.map((x) => x.to))));
    }
    const r = q.reach;
    if (!r.all) {
      const reach = [`t.agency_id = ANY(${p(r.agencies)}::uuid[])`];
      if (r.officialId) reach.push(ASSIGNED_TO(p(r.officialId)));
      if (r.intervals.length) {
        const i = r.intervals;
        reach.push(WITHIN_INTERVALS(p(i.map((x) => x.unitId)), p(i.map((x) => x.from)), p(i.map((x) => x.to))));
      }
      where.push(`(${reach.join(' OR ')})`);
    }
    if (q.page.after) where.push(`(t.due_date, t.id) > (${p(q.page.after[0])}::date, ${p(q.page.after[1])}::uuid)`);
    const { rows } = await this.pool.query(
      `SELECT t.* FROM task t WHERE ${where.join(' AND ')} ORDER BY t.due_date, t.id LIMIT ${p(q.page.size + 1)}`,
      values,
    );
    return toPage(rows.map(taskOf), q.page, q.filters, taskCursor);
  }

  /** A page of a task's steps, oldest first. */
  async listSteps(taskId: string, page: Page<number>) {
    const { rows } = await this.pool.query({
      name: 'task-steps',
      text: 'SELECT * FROM task_step WHERE task_id = $1 AND ($2::int IS NULL OR seq > $2) ORDER BY seq LIMIT $3',
      values: [taskId, page.after, page.size + 1],
    });
    return toPage(rows.map(stepOf), page, { id: taskId }, (s) => s.seq);
  }
}
