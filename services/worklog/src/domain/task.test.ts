import type { Actor, DirectoryRecord, OrgDirectory } from '@thuocdo/kit';
import { actorFor, directoryWith, failureOf, fieldOf, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  approveTask,
  type CreateTaskRequest,
  type CreateTaskState,
  cancelTask,
  confirmObjectiveCause,
  createTask,
  decideExtension,
  MAX_SUPPORTING_ASSIGNEES,
  parseApproveTask,
  parseCreateTask,
  parseDecideExtension,
  parseReasoned,
  parseRequestExtension,
  parseSubmitTask,
  parseTaskRef,
  planListTaskSteps,
  planListTasks,
  readableTask,
  requestExtension,
  returnTask,
  startTask,
  submitTask,
  TASK_STATUSES,
  type Task,
  type TaskDecision,
  type TaskStatus,
  timelinessOf,
} from './task';
import type { WorkItemRevisionRef } from './work-item-ref';

// The province: agency A with unit TOP and SUB under it, agency B with unit UB. LEAD and HELPER
// work in SUB, HEAD heads TOP (and works there), LEADER leads agency A, OUTSIDER works in UB,
// LATECOMER takes a post in SUB only on 2026-12-01. Today is Friday 2026-11-20 in Hà Nội.
const A = '0190f3a2-0a00-7000-8000-000000000001';
const B = '0190f3a2-0b00-7000-8000-000000000001';
const TOP = '0190f3a2-0a01-7000-8000-000000000001';
const SUB = '0190f3a2-0a02-7000-8000-000000000001';
const UB = '0190f3a2-0b01-7000-8000-000000000001';
const LEAD = '0190f3a2-0f01-7000-8000-000000000001';
const HELPER = '0190f3a2-0f02-7000-8000-000000000001';
const HEAD = '0190f3a2-0f03-7000-8000-000000000001';
const LEADER = '0190f3a2-0f04-7000-8000-000000000001';
const OUTSIDER = '0190f3a2-0f05-7000-8000-000000000001';
const LATECOMER = '0190f3a2-0f06-7000-8000-000000000001';
const UNKNOWN = '0190f3a2-dead-7000-8000-000000000001';
const ITEM = '0190f3a2-1000-7000-8000-000000000001';
const KR = '0190f3a2-2000-7000-8000-000000000001';
const NOW = new Date('2026-11-20T03:00:00Z');
const TODAY = '2026-11-20';

const agency = (id: string): DirectoryRecord => ({ kind: 'agency', id, version: 1, removed: false, value: { id, tenantId: TENANT } });

function world(): OrgDirectory {
  return directoryWith([
    agency(A),
    agency(B),
    unitRecord(TOP, A),
    unitRecord(SUB, A, TOP),
    unitRecord(UB, B),
    ...postRecords(LEAD, A, SUB),
    ...postRecords(HELPER, A, SUB),
    ...postRecords(HEAD, A, TOP),
    ...postRecords(LEADER, A, TOP),
    ...postRecords(OUTSIDER, B, UB),
    ...postRecords(LATECOMER, A, SUB, '2026-12-01'),
  ]);
}

/** Revision 1 of the item in force from 2026-01-01 to 2026-12-01, revision 2 from then on. */
const revisions: WorkItemRevisionRef[] = [2, 1].map((revision) => ({
  workItemId: ITEM,
  revision,
  tenantId: TENANT,
  code: 'B.01',
  name: 'Soạn thảo văn bản',
  productUnit: 'văn bản',
  standardMinutes: 120,
  difficulty: { min: 100, max: 100 },
  urgency: { min: 100, max: 100 },
  effectiveFrom: revision === 1 ? '2026-01-01' : '2026-12-01',
  effectiveTo: revision === 1 ? '2026-12-01' : null,
}));
const state = (extra: Partial<CreateTaskState> = {}): CreateTaskState => ({ revisions, selfAssignedTasks: true, ...extra });

const request = (extra: Partial<CreateTaskRequest> = {}): CreateTaskRequest => ({
  title: ' Báo cáo tình hình tuyển dụng quý IV ',
  description: 'Theo Công văn số 125/UBND-NC',
  source: 'ARISING',
  workItemId: ITEM,
  expectedQuantity: '',
  keyResultId: '',
  leadAssigneeId: LEAD,
  supportingAssigneeIds: [HELPER],
  startDate: '',
  dueDate: '2026-11-30',
  priority: '',
  sourceSystem: '',
  externalId: '',
  ...extra,
});

let dir: OrgDirectory;
type Who = 'head' | 'leader' | 'lead' | 'helper' | 'outsider' | 'integratorA' | 'integratorB' | 'provinceLeader' | 'sysAdmin' | 'otherHead';
/** A caller of an action, as a decision sees them. */
function as(who: Who, action: Parameters<typeof actorFor>[0], now = NOW): Actor {
  const d = { directory: dir };
  switch (who) {
    case 'head':
      return actorFor(action, [], { ...d, officialId: HEAD, grants: [{ role: 'unit_head', unitId: TOP }] }, now);
    case 'leader':
      return actorFor(action, [], { ...d, officialId: LEADER, grants: [{ role: 'agency_leader', agencyId: A }] }, now);
    case 'otherHead':
      return actorFor(action, [], { ...d, officialId: OUTSIDER, grants: [{ role: 'unit_head', unitId: UB }] }, now);
    case 'provinceLeader':
      return actorFor(action, ['province_leader'], d, now);
    case 'sysAdmin':
      return actorFor(action, ['sys_admin'], d, now);
    case 'integratorA':
    case 'integratorB':
      return actorFor(
        action,
        [],
        {
          ...d,
          clientId: `eoffice-${who}`,
          serviceAccount: true,
          grants: [{ role: 'integrator', agencyId: who === 'integratorA' ? A : B }],
        },
        now,
      );
    default:
      return actorFor(action, [], { ...d, officialId: { lead: LEAD, helper: HELPER, outsider: OUTSIDER }[who] }, now);
  }
}

beforeEach(() => {
  dir = world();
});

/** A task the head assigned to LEAD (HELPER supporting), as it stands in a status. */
function taskIn(status: TaskStatus, extra: Partial<Task> = {}): Task {
  const created = createTask(parseCreateTask(request(), TODAY), state(), as('head', 'task.assign')).entity;
  const submitted = status === 'SUBMITTED' || status === 'APPROVED';
  return {
    ...created,
    status,
    version: 4,
    ...(submitted ? { product: { documentNumber: '12/BC-SNV', link: '', fileRef: '', note: '' }, submittedDate: '2026-11-19' } : {}),
    ...extra,
  };
}

const pendingExtension: Task['extension'] = {
  requestedDueDate: '2026-12-10',
  reason: 'Chờ số liệu',
  status: 'PENDING',
  requestedBy: 'subject-lead',
  requestedAt: NOW,
  decidedBy: null,
  decidedAt: null,
  comment: '',
};
const reason = (id: string, version = 0) => parseReasoned({ id, version, reason: 'Thiếu số liệu quý III' });
const approval = (id: string, version = 0, failedAssessments = 0) =>
  parseApproveTask({ id, version, quality: 'MEETS_REQUIREMENTS', failedAssessments, comment: 'Đạt' });
const product = (id: string, version = 0) =>
  parseSubmitTask({
    id,
    version,
    product: { documentNumber: '12/BC-SNV', link: 'https://vanban.example.vn/12', fileRef: '', note: 'Bản chính' },
  });
const extension = (id: string, requestedDueDate = '2026-12-10', version = 0) =>
  parseRequestExtension({ id, version, requestedDueDate, reason: 'Chờ số liệu của Sở Tài chính' });

// ---------------------------------------------------------------------------------------------

describe('parseCreateTask', () => {
  const field = (extra: Partial<CreateTaskRequest>) => fieldOf(() => parseCreateTask(request(extra), TODAY));

  it('trims, and fills the defaults: one product, starting today, NORMAL', () => {
    expect(parseCreateTask(request(), TODAY)).toEqual({
      title: 'Báo cáo tình hình tuyển dụng quý IV',
      description: 'Theo Công văn số 125/UBND-NC',
      source: 'ARISING',
      workItemId: ITEM,
      expectedQuantity: 100,
      keyResultId: null,
      leadAssigneeId: LEAD,
      supportingAssigneeIds: [HELPER],
      startDate: TODAY,
      startDateGiven: false,
      dueDate: '2026-11-30',
      priority: 'NORMAL',
      sourceSystem: null,
      externalId: null,
    });
    const full = parseCreateTask(
      request({
        expectedQuantity: '2.5',
        keyResultId: KR,
        startDate: '2026-11-23',
        priority: 'URGENT',
        sourceSystem: ' eoffice ',
        externalId: '125/UBND-NC',
      }),
      TODAY,
    );
    expect(full).toMatchObject({
      expectedQuantity: 250,
      keyResultId: KR,
      startDate: '2026-11-23',
      startDateGiven: true,
      priority: 'URGENT',
    });
    expect(full).toMatchObject({ sourceSystem: 'eoffice', externalId: '125/UBND-NC' });
  });

  const bad: [Partial<CreateTaskRequest>, string][] = [
    [{ title: '  ' }, 'title'],
    [{ title: 'x'.repeat(501) }, 'title'],
    [{ description: 'x'.repeat(5001) }, 'description'],
    [{ source: '' }, 'source'],
    [{ source: 'WHATEVER' }, 'source'],
    [{ workItemId: '' }, 'work_item_id'],
    [{ workItemId: 'B.01' }, 'work_item_id'],
    [{ expectedQuantity: '0' }, 'expected_quantity'],
    [{ expectedQuantity: '-1' }, 'expected_quantity'],
    [{ expectedQuantity: '1.234' }, 'expected_quantity'],
    [{ expectedQuantity: 'một' }, 'expected_quantity'],
    [{ expectedQuantity: '100000.01' }, 'expected_quantity'],
    [{ keyResultId: 'kr-1' }, 'key_result_id'],
    [{ leadAssigneeId: '' }, 'lead_assignee_id'],
    [{ supportingAssigneeIds: ['nope'] }, 'supporting_assignee_ids'],
    [{ supportingAssigneeIds: [HELPER, HELPER] }, 'supporting_assignee_ids'],
    [{ supportingAssigneeIds: [LEAD] }, 'supporting_assignee_ids'],
    [
      {
        supportingAssigneeIds: Array.from(
          { length: MAX_SUPPORTING_ASSIGNEES + 1 },
          (_, i) => `0190f3a2-0f99-7000-8000-${String(i).padStart(12, '0')}`,
        ),
      },
      'supporting_assignee_ids',
    ],
    [{ startDate: '2026-02-30' }, 'start_date'],
    [{ dueDate: '' }, 'due_date'],
    [{ dueDate: '2026-11-19' }, 'due_date'],
    [{ startDate: '2026-12-01', dueDate: '2026-11-30' }, 'due_date'],
    [{ priority: 'UNKNOWN' }, 'priority'],
    [{ sourceSystem: 'eoffice' }, 'external_id'],
    [{ externalId: '125/UBND-NC' }, 'source_system'],
    [{ sourceSystem: 'x'.repeat(101), externalId: '1' }, 'source_system'],
    [{ sourceSystem: 'eoffice', externalId: 'x'.repeat(101) }, 'external_id'],
  ];
  it.each(bad.map(([extra, name], i) => [name, i, extra] as const))('names %s (case %i)', (name, _, extra) => {
    expect(field(extra)).toBe(name);
  });
});

describe('createTask', () => {
  const create = (who: Who, extra: Partial<CreateTaskRequest> = {}, s = state()) =>
    createTask(parseCreateTask(request(extra), TODAY), s, as(who, 'task.assign'));

  it("assigns in the lead assignee's post on the start date, measured by the revision in force that day", () => {
    const head = as('head', 'task.assign');
    const d = createTask(parseCreateTask(request(), TODAY), state(), head);
    expect(d.entity).toMatchObject({
      agencyId: A,
      unitId: SUB,
      workItemRevision: 1,
      // One product of a 120-minute item: 120 converted minutes; 2.5 products are 300.
      expectedMinutes: 120,
      status: 'ASSIGNED',
      dueDate: '2026-11-30',
      originalDueDate: '2026-11-30',
      assignedBy: head.principal.subject,
      failedAssessments: 0,
      version: 1,
    });
    expect(createTask(parseCreateTask(request({ expectedQuantity: '2.5' }), TODAY), state(), head).entity.expectedMinutes).toBe(300);
    expect(d.events).toEqual([
      {
        before: null,
        after: d.entity,
        step: {
          taskId: d.entity.id,
          seq: 1,
          step: 'CREATED',
          fromStatus: null,
          toStatus: 'ASSIGNED',
          by: head.principal.subject,
          at: NOW,
          comment: '',
        },
      },
    ]);
    expect(create('head', { startDate: '2026-12-01', dueDate: '2026-12-05' }).entity.workItemRevision).toBe(2);
  });

  it('refuses a work item unknown, or not in force on the start date', () => {
    expect(failureOf(() => create('head', {}, state({ revisions: [] })))).toEqual({ reason: 'INVALID_FIELD', field: 'work_item_id' });
    expect(failureOf(() => create('head', { startDate: '2025-12-31' }))).toEqual({ reason: 'INVALID_FIELD', field: 'work_item_id' });
  });

  it('needs the caller to reach the lead and every supporting assignee on the start date', () => {
    expect(create('leader').entity.unitId).toBe(SUB);
    expect(create('integratorA').entity.leadAssigneeId).toBe(LEAD);
    expect(create('sysAdmin', {}).entity.leadAssigneeId).toBe(LEAD);
    expect(failureOf(() => create('head', { supportingAssigneeIds: [OUTSIDER] }))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => create('integratorB'))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => create('otherHead'))?.reason).toBe('PERMISSION_DENIED');
  });

  it('says an assignee is unknown only to a caller who would reach them', () => {
    expect(failureOf(() => create('head', { leadAssigneeId: UNKNOWN, supportingAssigneeIds: [] }))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => create('sysAdmin', { leadAssigneeId: UNKNOWN, supportingAssigneeIds: [] }))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'lead_assignee_id',
    });
    expect(failureOf(() => create('sysAdmin', { supportingAssigneeIds: [UNKNOWN] }))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'supporting_assignee_ids',
    });
    // LATECOMER holds a post only from 2026-12-01.
    expect(failureOf(() => create('sysAdmin', { leadAssigneeId: LATECOMER, supportingAssigneeIds: [] }))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'lead_assignee_id',
    });
    expect(
      create('sysAdmin', { leadAssigneeId: LATECOMER, supportingAssigneeIds: [], startDate: '2026-12-01', dueDate: '2026-12-02' }).entity
        .unitId,
    ).toBe(SUB);
  });

  it('lets an official without a manager’s grant assign only to themself, alone, where the tenant allows it', () => {
    const self = { supportingAssigneeIds: [] };
    expect(create('lead', self).entity).toMatchObject({ leadAssigneeId: LEAD, unitId: SUB, status: 'ASSIGNED' });
    expect(failureOf(() => create('lead'))?.reason).toBe('PERMISSION_DENIED'); // with a supporting assignee
    expect(failureOf(() => create('lead', { leadAssigneeId: HELPER, supportingAssigneeIds: [] }))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => create('lead', self, state({ selfAssignedTasks: false })))?.reason).toBe('PERMISSION_DENIED');
    // A manager assigning to themself is a manager over their own post: the setting is not theirs to follow.
    expect(create('head', { leadAssigneeId: HEAD, supportingAssigneeIds: [] }, state({ selfAssignedTasks: false })).entity.unitId).toBe(
      TOP,
    );
  });

  it('answers the same document again with the task it created, and refuses its id for other content', () => {
    const external = { sourceSystem: 'eoffice', externalId: '125/UBND-NC' };
    const first = create('integratorA', external).entity;
    const repeat = create('integratorA', { ...external, supportingAssigneeIds: [HELPER] }, state({ sameExternal: first }));
    expect(repeat).toEqual({ entity: first, events: [], unchanged: true });
    // Moved by a granted extension, it is still the task first assigned; "today" tomorrow is still its start.
    const extended = { ...first, dueDate: '2026-12-15', version: 3 };
    const tomorrow = parseCreateTask(request(external), '2026-11-21');
    expect(
      createTask(tomorrow, state({ sameExternal: extended }), as('integratorA', 'task.assign', new Date('2026-11-21T03:00:00Z'))).unchanged,
    ).toBe(true);
    expect(failureOf(() => create('integratorA', { ...external, dueDate: '2026-12-01' }, state({ sameExternal: first })))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'external_id',
    });
    expect(failureOf(() => create('integratorA', { ...external, startDate: '2026-11-23' }, state({ sameExternal: first })))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'external_id',
    });
    // Out of reach, the caller learns nothing of the task.
    expect(failureOf(() => create('integratorB', external, state({ sameExternal: first })))?.reason).toBe('PERMISSION_DENIED');
  });
});

// ---------------------------------------------------------------------------------------------

/** Every step, by who may take it, on a task in a status; the status it leads to when allowed. */
const STEPS: {
  name: string;
  allowedFrom: TaskStatus[];
  to: (from: TaskStatus) => TaskStatus;
  pending?: boolean;
  run: (t: Task) => TaskDecision;
}[] = [
  {
    name: 'start',
    allowedFrom: ['ASSIGNED', 'RETURNED'],
    to: () => 'IN_PROGRESS',
    run: (t) => startTask(parseTaskRef(t), { task: t }, as('lead', 'task.work')),
  },
  {
    name: 'submit',
    allowedFrom: ['ASSIGNED', 'IN_PROGRESS', 'RETURNED'],
    to: () => 'SUBMITTED',
    run: (t) => submitTask(product(t.id), { task: t }, as('lead', 'task.work')),
  },
  {
    name: 'approve',
    allowedFrom: ['SUBMITTED'],
    to: () => 'APPROVED',
    run: (t) => approveTask(approval(t.id), { task: t }, as('head', 'task.review')),
  },
  {
    name: 'return',
    allowedFrom: ['SUBMITTED'],
    to: () => 'RETURNED',
    run: (t) => returnTask(reason(t.id), { task: t }, as('head', 'task.review')),
  },
  {
    name: 'cancel',
    allowedFrom: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED'],
    to: () => 'CANCELLED',
    run: (t) => cancelTask(reason(t.id), { task: t }, as('head', 'task.assign')),
  },
  {
    name: 'request an extension',
    allowedFrom: ['ASSIGNED', 'IN_PROGRESS', 'RETURNED'],
    to: (from) => from,
    run: (t) => requestExtension(extension(t.id), { task: t }, as('lead', 'task.work')),
  },
  {
    name: 'decide an extension',
    allowedFrom: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED'],
    to: (from) => from,
    // The task waits for a decision on a later due date.
    pending: true,
    run: (t) =>
      decideExtension(parseDecideExtension({ id: t.id, version: 0, grant: true, comment: '' }), { task: t }, as('head', 'task.review')),
  },
  {
    name: 'confirm an objective cause',
    allowedFrom: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'RETURNED'],
    to: (from) => from,
    run: (t) => confirmObjectiveCause(reason(t.id), { task: t }, as('head', 'task.review')),
  },
];

describe('the workflow from every status', () => {
  const cases = STEPS.flatMap((s) => TASK_STATUSES.map((from) => [s.name, from, s.allowedFrom.includes(from), s] as const));

  it.each(cases)('%s from %s: allowed %s', (_, from, allowed, s) => {
    const t = taskIn(from, s.pending ? { extension: pendingExtension } : {});
    if (!allowed) {
      let error: unknown;
      try {
        s.run(t);
      } catch (err) {
        error = err;
      }
      expect(
        failureOf(() => {
          throw error;
        }),
      ).toEqual({ reason: 'FAILED_PRECONDITION', field: '' });
      // The message names the status the task is in, in both languages.
      expect((error as { text: { vi: string; en: string } }).text.en).toContain(from);
      expect((error as { text: { vi: string; en: string } }).text.vi).toContain(from);
      return;
    }
    const d = s.run(t);
    expect(d.entity).toMatchObject({ id: t.id, status: s.to(from), version: t.version + 1, updatedAt: NOW });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({
      before: t,
      after: d.entity,
      step: { taskId: t.id, seq: t.version + 1, fromStatus: from, toStatus: s.to(from) },
    });
  });

  it('takes a task from assignment through a return to approval, counting the return as a failed assessment', () => {
    const lead = as('lead', 'task.work');
    const head = as('head', 'task.review');
    let t = taskIn('ASSIGNED', { version: 1 });
    t = startTask({ id: t.id, version: 1 }, { task: t }, lead).entity;
    t = submitTask(product(t.id, 2), { task: t }, lead).entity;
    expect(t).toMatchObject({
      status: 'SUBMITTED',
      submittedDate: TODAY,
      product: { documentNumber: '12/BC-SNV', link: 'https://vanban.example.vn/12' },
    });
    const returned = returnTask(reason(t.id, 3), { task: t }, head);
    expect(returned.events[0].step).toMatchObject({ step: 'RETURNED', comment: 'Thiếu số liệu quý III', by: head.principal.subject });
    t = returned.entity;
    expect(t).toMatchObject({ status: 'RETURNED', failedAssessments: 1, reason: 'Thiếu số liệu quý III' });
    t = submitTask(product(t.id, 4), { task: t }, lead).entity;
    const approved = approveTask(approval(t.id, 5, 2), { task: t }, head);
    expect(approved.entity).toMatchObject({
      status: 'APPROVED',
      quality: 'MEETS_REQUIREMENTS',
      failedAssessments: 3,
      timeliness: 'ON_TIME',
      daysLate: 0,
      version: 6,
    });
    expect(approved.events[0].step).toMatchObject({
      step: 'APPROVED',
      seq: 6,
      fromStatus: 'SUBMITTED',
      toStatus: 'APPROVED',
      comment: 'Đạt',
    });
  });

  it('refuses a version other than the one read, and takes 0 as the task stands', () => {
    const t = taskIn('ASSIGNED', { version: 3 });
    expect(failureOf(() => startTask({ id: t.id, version: 2 }, { task: t }, as('lead', 'task.work')))?.reason).toBe('VERSION_CONFLICT');
    expect(startTask({ id: t.id, version: 3 }, { task: t }, as('lead', 'task.work')).entity.version).toBe(4);
    expect(startTask({ id: t.id, version: 0 }, { task: t }, as('lead', 'task.work')).entity.version).toBe(4);
    expect(failureOf(() => startTask({ id: t.id, version: 0 }, {}, as('lead', 'task.work')))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
  });
});

describe('timeliness', () => {
  it('is on time up to the due date, and late by the days after it', () => {
    expect(timelinessOf('2026-11-30', '2026-11-30')).toEqual({ timeliness: 'ON_TIME', daysLate: 0 });
    expect(timelinessOf('2026-11-01', '2026-11-30')).toEqual({ timeliness: 'ON_TIME', daysLate: 0 });
    expect(timelinessOf('2026-12-03', '2026-11-30')).toEqual({ timeliness: 'LATE', daysLate: 3 });
    expect(timelinessOf('2027-01-01', '2026-12-31')).toEqual({ timeliness: 'LATE', daysLate: 1 });
  });

  it('judges an approval by the day the product was submitted against the due date in force', () => {
    const head = as('head', 'task.review');
    const late = taskIn('SUBMITTED', { submittedDate: '2026-12-04', dueDate: '2026-11-30' });
    expect(approveTask(approval(late.id), { task: late }, head).entity).toMatchObject({ timeliness: 'LATE', daysLate: 4 });
    // Extended to 2026-12-05: the same day is on time.
    const extended = { ...late, dueDate: '2026-12-05' };
    expect(approveTask(approval(late.id), { task: extended }, head).entity).toMatchObject({ timeliness: 'ON_TIME', daysLate: 0 });
  });
});

describe('extensions', () => {
  it('moves the due date when granted and keeps the original; a refusal keeps both; then another may be asked', () => {
    const lead = as('lead', 'task.work');
    const head = as('head', 'task.review');
    let t = taskIn('IN_PROGRESS');
    const asked = requestExtension(extension(t.id), { task: t }, lead);
    expect(asked.entity).toMatchObject({
      status: 'IN_PROGRESS',
      dueDate: '2026-11-30',
      extension: { status: 'PENDING', requestedDueDate: '2026-12-10' },
    });
    expect(asked.events[0].step).toMatchObject({ step: 'EXTENSION_REQUESTED', comment: 'Chờ số liệu của Sở Tài chính' });
    t = asked.entity;
    expect(failureOf(() => requestExtension(extension(t.id, '2026-12-20'), { task: t }, lead))?.reason).toBe('FAILED_PRECONDITION');
    const granted = decideExtension(parseDecideExtension({ id: t.id, version: 0, grant: true, comment: 'Đồng ý' }), { task: t }, head);
    expect(granted.entity).toMatchObject({
      dueDate: '2026-12-10',
      originalDueDate: '2026-11-30',
      extension: { status: 'GRANTED', decidedBy: head.principal.subject, decidedAt: NOW, comment: 'Đồng ý' },
    });
    expect(granted.events[0].step.step).toBe('EXTENSION_GRANTED');
    t = granted.entity;
    expect(
      failureOf(() => decideExtension(parseDecideExtension({ id: t.id, version: 0, grant: true, comment: '' }), { task: t }, head))?.reason,
    ).toBe('FAILED_PRECONDITION');
    t = requestExtension(extension(t.id, '2026-12-20'), { task: t }, lead).entity;
    const refused = decideExtension(
      parseDecideExtension({ id: t.id, version: 0, grant: false, comment: 'Không đủ căn cứ' }),
      { task: t },
      head,
    );
    expect(refused.entity).toMatchObject({ dueDate: '2026-12-10', originalDueDate: '2026-11-30', extension: { status: 'REFUSED' } });
    expect(refused.events[0].step.step).toBe('EXTENSION_REFUSED');
  });

  it('asks for a date after the due date in force, with a reason, by the lead assignee only', () => {
    const t = taskIn('ASSIGNED');
    expect(fieldOf(() => requestExtension(extension(t.id, '2026-11-30'), { task: t }, as('lead', 'task.work')))).toBe('requested_due_date');
    expect(fieldOf(() => parseRequestExtension({ id: t.id, version: 0, requestedDueDate: '2026-12-10', reason: ' ' }))).toBe('reason');
    expect(fieldOf(() => parseRequestExtension({ id: t.id, version: 0, requestedDueDate: '10/12/2026', reason: 'x' }))).toBe(
      'requested_due_date',
    );
    expect(failureOf(() => requestExtension(extension(t.id), { task: t }, as('helper', 'task.work')))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => requestExtension(extension(t.id), { task: t }, as('integratorA', 'task.work')))?.reason).toBe(
      'PERMISSION_DENIED',
    );
    expect(failureOf(() => requestExtension(extension(t.id), { task: t }, as('outsider', 'task.work')))?.reason).toBe('NOT_FOUND');
  });
});

describe('objective causes', () => {
  it('are confirmed once, with a reason, on a task not cancelled', () => {
    const head = as('head', 'task.review');
    const t = taskIn('APPROVED', { timeliness: 'LATE', daysLate: 2 });
    const d = confirmObjectiveCause(reason(t.id), { task: t }, head);
    expect(d.entity).toMatchObject({
      status: 'APPROVED',
      objectiveCause: { reason: 'Thiếu số liệu quý III', confirmedBy: head.principal.subject, confirmedAt: NOW },
    });
    expect(d.events[0].step).toMatchObject({ step: 'OBJECTIVE_CAUSE_CONFIRMED', fromStatus: 'APPROVED', toStatus: 'APPROVED' });
    expect(failureOf(() => confirmObjectiveCause(reason(t.id), { task: d.entity }, head))?.reason).toBe('FAILED_PRECONDITION');
    expect(fieldOf(() => parseReasoned({ id: t.id, version: 0, reason: '' }))).toBe('reason');
    expect(failureOf(() => confirmObjectiveCause(reason(t.id), { task: taskIn('CANCELLED') }, head))?.reason).toBe('FAILED_PRECONDITION');
  });
});

describe('who takes each step', () => {
  it('lets the lead assignee, or an integrator over them, start and submit; not a supporting assignee', () => {
    const t = taskIn('ASSIGNED');
    expect(startTask(parseTaskRef(t), { task: t }, as('integratorA', 'task.work')).entity.status).toBe('IN_PROGRESS');
    expect(submitTask(product(t.id), { task: t }, as('integratorA', 'task.work')).entity.status).toBe('SUBMITTED');
    expect(failureOf(() => startTask(parseTaskRef(t), { task: t }, as('helper', 'task.work')))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => submitTask(product(t.id), { task: t }, as('helper', 'task.work')))?.reason).toBe('PERMISSION_DENIED');
    // Callers who neither reach the task nor work on it are told it does not exist.
    expect(failureOf(() => startTask(parseTaskRef(t), { task: t }, as('integratorB', 'task.work')))?.reason).toBe('NOT_FOUND');
    expect(failureOf(() => startTask(parseTaskRef(t), { task: t }, as('outsider', 'task.work')))?.reason).toBe('NOT_FOUND');
    expect(
      failureOf(() => startTask(parseTaskRef(t), { task: { ...t, tenantId: 'another-province' } }, as('lead', 'task.work')))?.reason,
    ).toBe('NOT_FOUND');
  });

  it('lets managers over the task judge it, never its own lead assignee', () => {
    const t = taskIn('SUBMITTED');
    expect(approveTask(approval(t.id), { task: t }, as('leader', 'task.review')).entity.status).toBe('APPROVED');
    expect(failureOf(() => approveTask(approval(t.id), { task: t }, as('otherHead', 'task.review')))?.reason).toBe('NOT_FOUND');
    // The head of TOP leads a task the agency's leader assigned them: they cannot judge it themself.
    const own = { ...t, leadAssigneeId: HEAD, supportingAssigneeIds: [], unitId: TOP };
    for (const run of [
      () => approveTask(approval(own.id), { task: own }, as('head', 'task.review')),
      () => returnTask(reason(own.id), { task: own }, as('head', 'task.review')),
      () => confirmObjectiveCause(reason(own.id), { task: own }, as('head', 'task.review')),
    ])
      expect(failureOf(run)?.reason).toBe('PERMISSION_DENIED');
    expect(approveTask(approval(own.id), { task: own }, as('leader', 'task.review')).entity.status).toBe('APPROVED');
    const pending = {
      ...own,
      status: 'IN_PROGRESS' as const,
      extension: {
        requestedDueDate: '2026-12-10',
        reason: 'x',
        status: 'PENDING' as const,
        requestedBy: 'x',
        requestedAt: NOW,
        decidedBy: null,
        decidedAt: null,
        comment: '',
      },
    };
    expect(
      failureOf(() =>
        decideExtension(
          parseDecideExtension({ id: own.id, version: 0, grant: true, comment: '' }),
          { task: pending },
          as('head', 'task.review'),
        ),
      )?.reason,
    ).toBe('PERMISSION_DENIED');
  });

  it('lets whoever assigned a task cancel it, and the managers and integrators over it; not its assignee', () => {
    const lead = as('lead', 'task.assign');
    const mine = createTask(parseCreateTask(request({ supportingAssigneeIds: [] }), TODAY), state(), lead).entity;
    expect(cancelTask(reason(mine.id), { task: mine }, lead).entity).toMatchObject({
      status: 'CANCELLED',
      reason: 'Thiếu số liệu quý III',
    });
    const t = taskIn('IN_PROGRESS');
    expect(failureOf(() => cancelTask(reason(t.id), { task: t }, lead))?.reason).toBe('PERMISSION_DENIED');
    expect(cancelTask(reason(t.id), { task: t }, as('leader', 'task.assign')).entity.status).toBe('CANCELLED');
    expect(cancelTask(reason(t.id), { task: t }, as('integratorA', 'task.assign')).entity.status).toBe('CANCELLED');
    expect(failureOf(() => cancelTask(reason(t.id), { task: t }, as('otherHead', 'task.assign')))?.reason).toBe('NOT_FOUND');
  });
});

describe('validation of the steps', () => {
  it('names the field at fault', () => {
    const id = taskIn('ASSIGNED').id;
    const submit = (p: Partial<{ documentNumber: string; link: string; fileRef: string; note: string }> | undefined) =>
      fieldOf(() => parseSubmitTask({ id, version: 0, product: p && { documentNumber: '', link: '', fileRef: '', note: '', ...p } }));
    expect(submit(undefined)).toBe('product');
    expect(submit({ note: 'Chỉ có ghi chú' })).toBe('product');
    expect(submit({ link: 'ftp://vanban.example.vn/12' })).toBe('product.link');
    expect(submit({ link: 'vanban.example.vn/12' })).toBe('product.link');
    expect(submit({ documentNumber: 'x'.repeat(501) })).toBe('product.document_number');
    expect(submit({ fileRef: 'x'.repeat(501) })).toBe('product.file_ref');
    expect(submit({ fileRef: 'eoffice:8812' })).toBeUndefined();
    expect(fieldOf(() => parseTaskRef({ id: 'x', version: 0 }))).toBe('id');
    expect(fieldOf(() => parseTaskRef({ id, version: -1 }))).toBe('version');
    const approve = (quality: string, failedAssessments = 0) =>
      fieldOf(() => parseApproveTask({ id, version: 0, quality, failedAssessments, comment: '' }));
    expect(approve('')).toBe('quality');
    expect(approve('MEETS_REQUIREMENTS', 101)).toBe('failed_assessments');
    expect(approve('MEETS_REQUIREMENTS', -1)).toBe('failed_assessments');
    expect(approve('BELOW_REQUIREMENTS', 100)).toBeUndefined();
    expect(fieldOf(() => parseReasoned({ id, version: 0, reason: 'x'.repeat(2001) }))).toBe('reason');
    expect(fieldOf(() => parseDecideExtension({ id, version: 0, grant: true, comment: 'x'.repeat(2001) }))).toBe('comment');
  });
});

describe('reading tasks', () => {
  it('shows a task to its assignees and the readers over it; to anyone else it does not exist', () => {
    const t = taskIn('IN_PROGRESS');
    for (const who of ['lead', 'helper', 'head', 'leader', 'integratorA', 'provinceLeader'] as const)
      expect(readableTask(t, as(who, 'task.read')).id).toBe(t.id);
    for (const who of ['outsider', 'otherHead', 'integratorB'] as const)
      expect(failureOf(() => readableTask(t, as(who, 'task.read')))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
    expect(failureOf(() => readableTask(undefined, as('head', 'task.read')))?.reason).toBe('NOT_FOUND');
  });

  it('plans a list: filters checked, a unit with its subtree, always within reach', () => {
    const list = (extra: Partial<Parameters<typeof planListTasks>[0]>, who: Who = 'head') =>
      planListTasks(
        { assigneeId: '', unitId: '', statuses: [], dueFrom: '', dueTo: '', pageSize: 0, pageToken: '', ...extra },
        as(who, 'task.read'),
      );
    const q = list({ unitId: TOP, statuses: ['SUBMITTED', 'ASSIGNED', 'SUBMITTED'] });
    expect(q.filters).toEqual({ assigneeId: null, unitId: TOP, statuses: ['ASSIGNED', 'SUBMITTED'], dueFrom: null, dueTo: null });
    expect(q.units!.map((u) => u.unitId).sort()).toEqual([TOP, SUB].sort());
    expect(q.page).toEqual({ size: 50, after: null });
    expect(q.reach).toMatchObject({ all: false, officialId: HEAD });
    expect(q.reach.intervals.map((i) => i.unitId).sort()).toEqual([TOP, SUB].sort());
    expect(list({ unitId: SUB }).units!.map((u) => u.unitId)).toEqual([SUB]);
    expect(list({}, 'lead').reach).toEqual({ all: false, agencies: [], intervals: [], officialId: LEAD });
    expect(list({}, 'provinceLeader').reach.all).toBe(true);
    expect(fieldOf(() => list({ unitId: UNKNOWN }))).toBe('unit_id');
    expect(fieldOf(() => list({ assigneeId: 'me' }))).toBe('assignee_id');
    expect(fieldOf(() => list({ statuses: [''] }))).toBe('statuses');
    expect(fieldOf(() => list({ dueFrom: '2026-12-01', dueTo: '2026-11-01' }))).toBe('due_to');
    expect(fieldOf(() => list({ pageSize: 1001 }))).toBe('page_size');
    expect(fieldOf(() => planListTaskSteps({ id: 'x', pageSize: 0, pageToken: '' }))).toBe('id');
    expect(planListTaskSteps({ id: LEAD, pageSize: 5, pageToken: '' }).page).toEqual({ size: 5, after: null });
  });
});
