import type { Pool } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { type Actor, assetPath, type DirectoryRecord, type OrgDirectory } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, failureOf, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  approveTask,
  type CreateTaskRequest,
  confirmObjectiveCause,
  createTask,
  decideExtension,
  parseApproveTask,
  parseCreateTask,
  parseDecideExtension,
  parseReasoned,
  parseRequestExtension,
  parseSubmitTask,
  planListTaskSteps,
  planListTasks,
  requestExtension,
  returnTask,
  startTask,
  submitTask,
  type Task,
  type TaskDecision,
  type TaskState,
} from '../src/domain/task';
import { taskEvents } from '../src/events/task-events';
import { createTaskState } from '../src/grpc/task-service';
import { SettingsStore } from '../src/store/settings-store';
import { TaskStore } from '../src/store/task-store';
import { WorkItemRefs } from '../src/store/work-item-refs';

// Agency A: unit TOP with SUB under it, where LEAD and HELPER work; HEAD heads TOP, LEADER leads
// A. Agency B: unit UB, where OTHER works. Today is 2026-11-20 in Hà Nội.
const A = '0190f3a2-0a00-7000-8000-0000000000a1';
const B = '0190f3a2-0b00-7000-8000-0000000000b1';
const TOP = '0190f3a2-0a01-7000-8000-0000000000a1';
const SUB = '0190f3a2-0a02-7000-8000-0000000000a1';
const UB = '0190f3a2-0b01-7000-8000-0000000000b1';
const LEAD = '0190f3a2-0f01-7000-8000-0000000000a1';
const HELPER = '0190f3a2-0f02-7000-8000-0000000000a1';
const HEAD = '0190f3a2-0f03-7000-8000-0000000000a1';
const LEADER = '0190f3a2-0f04-7000-8000-0000000000a1';
const OTHER = '0190f3a2-0f05-7000-8000-0000000000b1';
const ITEM = '0190f3a2-1000-7000-8000-0000000000a1';
const KR = '0190f3a2-2000-7000-8000-0000000000a1';
const NOW = new Date('2026-11-20T03:00:00Z');
const TODAY = '2026-11-20';

const agency = (id: string): DirectoryRecord => ({ kind: 'agency', id, version: 1, removed: false, value: { id, tenantId: TENANT } });

describe('task store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: TaskStore;
  let sources: Parameters<typeof createTaskState>[2];
  const dir: OrgDirectory = directoryWith([
    agency(A),
    agency(B),
    unitRecord(TOP, A),
    unitRecord(SUB, A, TOP),
    unitRecord(UB, B),
    ...postRecords(LEAD, A, SUB),
    ...postRecords(HELPER, A, SUB),
    ...postRecords(HEAD, A, TOP),
    ...postRecords(LEADER, A, TOP),
    ...postRecords(OTHER, B, UB),
  ]);
  const head = (action: Parameters<typeof actorFor>[0]) =>
    actorFor(action, [], { officialId: HEAD, grants: [{ role: 'unit_head', unitId: TOP }], directory: dir }, NOW);
  const leader = (action: Parameters<typeof actorFor>[0]) =>
    actorFor(action, [], { officialId: LEADER, grants: [{ role: 'agency_leader', agencyId: A }], directory: dir }, NOW);
  const official = (officialId: string, action: Parameters<typeof actorFor>[0]) =>
    actorFor(action, [], { officialId, directory: dir }, NOW);
  const eoffice = () =>
    actorFor(
      'task.assign',
      [],
      { clientId: 'eoffice', serviceAccount: true, grants: [{ role: 'integrator', agencyId: A }], directory: dir },
      NOW,
    );

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('worklog_tasks', assetPath('services/worklog/migrations'), [DIRECTORY_MIGRATIONS]));
    store = new TaskStore(pool, taskEvents(new EventEncoder('worklog', service('worklog').produces)));
    const refs = new WorkItemRefs(pool, 30_000, 1000);
    sources = { store, refs, settings: new SettingsStore(pool) };
    const c = await pool.connect();
    try {
      await refs.apply(
        c,
        {
          id: ITEM,
          tenantId: TENANT,
          revision: 1,
          code: 'B.01',
          name: 'Soạn thảo văn bản',
          productUnit: 'văn bản',
          standardMinutes: 120,
          effectiveFrom: '2026-01-01',
          effectiveTo: '',
        },
        1,
      );
    } finally {
      c.release();
    }
  });
  afterAll(() => close());

  const request = (extra: Partial<CreateTaskRequest> = {}): CreateTaskRequest => ({
    title: 'Báo cáo tình hình tuyển dụng',
    description: '',
    source: 'PLANNED',
    workItemId: ITEM,
    expectedQuantity: '1.5',
    keyResultId: '',
    leadAssigneeId: LEAD,
    supportingAssigneeIds: [],
    startDate: '',
    dueDate: '2026-11-30',
    priority: '',
    sourceSystem: '',
    externalId: '',
    ...extra,
  });

  /** CreateTask as the service runs it. */
  const create = (r: CreateTaskRequest, actor: Actor) => {
    const input = parseCreateTask(r, actor.today);
    return execute({
      load: () => createTaskState(TENANT, input, sources),
      decide: (s) => createTask(input, s, actor),
      save: (d) => store.save(d, actor),
    });
  };
  /** A workflow step as the service runs it. */
  const step = (id: string, actor: Actor, decide: (s: TaskState) => TaskDecision) =>
    execute({ load: () => store.taskState(TENANT, id), decide, save: (d) => store.save(d, actor) }).then((d) => d.entity);

  const submitted = async (extra: Partial<CreateTaskRequest> = {}) => {
    const { entity } = await create(request(extra), head('task.assign'));
    const lead = official(LEAD, 'task.work');
    await step(entity.id, lead, (s) => startTask({ id: entity.id, version: 1 }, s, lead));
    const product = parseSubmitTask({
      id: entity.id,
      version: 2,
      product: { documentNumber: '12/BC-SNV', link: '', fileRef: '', note: '' },
    });
    return step(entity.id, lead, (s) => submitTask(product, s, lead));
  };

  const counts = async (taskId: string) =>
    (
      await pool.query(
        `SELECT (SELECT count(*)::int FROM task_step WHERE task_id = $1) AS steps,
                (SELECT count(*)::int FROM outbox WHERE message_key = $1::text AND topic = $2) AS events,
                (SELECT count(*)::int FROM audit_log WHERE entity_type = 'task' AND entity_id = $1::text) AS audits`,
        [taskId, Events.TaskChanged.topic],
      )
    ).rows[0];

  it('creates exactly one task when the same E-Office document arrives twice at once', async () => {
    const document = request({ sourceSystem: 'eoffice', externalId: '125/UBND-NC', supportingAssigneeIds: [HELPER] });
    const results = await Promise.all(Array.from({ length: 2 }, () => create(document, eoffice())));
    expect(new Set(results.map((r) => r.entity.id)).size).toBe(1);
    expect(results.map((r) => Boolean(r.unchanged)).sort()).toEqual([false, true]);
    const { rows } = await pool.query('SELECT id FROM task WHERE source_system = $1 AND external_id = $2', ['eoffice', '125/UBND-NC']);
    expect(rows).toHaveLength(1);
    expect(await counts(rows[0].id)).toEqual({ steps: 1, events: 1, audits: 1 });
    // Many at once, and a different task under the same number racing them: one task, the others refused.
    const more = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => create(document, eoffice())),
      create({ ...document, dueDate: '2026-12-31' }, eoffice()),
    ]);
    expect(more.slice(0, 6).every((r) => r.status === 'fulfilled' && r.value.unchanged)).toBe(true);
    const clash = more[6] as PromiseRejectedResult;
    expect(
      failureOf(() => {
        throw clash.reason;
      }),
    ).toEqual({ reason: 'ALREADY_EXISTS', field: 'external_id' });
    expect(await counts(rows[0].id)).toEqual({ steps: 1, events: 1, audits: 1 });
  });

  it('lets exactly one of two managers approving at once approve, with one step and one event', async () => {
    for (const version of [0, 3]) {
      const task = await submitted();
      const approve = (actor: Actor) =>
        step(task.id, actor, (s) =>
          approveTask(
            parseApproveTask({ id: task.id, version, quality: 'MEETS_REQUIREMENTS', failedAssessments: 0, comment: '' }),
            s,
            actor,
          ),
        );
      const results = await Promise.allSettled([approve(head('task.review')), approve(leader('task.review'))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const loser = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
      // As it stands (0), the loser finds it approved; at the version both read, it finds it changed.
      expect(
        failureOf(() => {
          throw loser;
        })?.reason,
      ).toBe(version === 0 ? 'FAILED_PRECONDITION' : 'VERSION_CONFLICT');
      const { rows } = await pool.query(`SELECT seq, step, from_status, to_status FROM task_step WHERE task_id = $1 ORDER BY seq`, [
        task.id,
      ]);
      expect(rows).toEqual([
        { seq: 1, step: 'CREATED', from_status: null, to_status: 'ASSIGNED' },
        { seq: 2, step: 'STARTED', from_status: 'ASSIGNED', to_status: 'IN_PROGRESS' },
        { seq: 3, step: 'SUBMITTED', from_status: 'IN_PROGRESS', to_status: 'SUBMITTED' },
        { seq: 4, step: 'APPROVED', from_status: 'SUBMITTED', to_status: 'APPROVED' },
      ]);
      expect(await counts(task.id)).toEqual({ steps: 4, events: 4, audits: 4 });
      expect(await store.task(TENANT, task.id)).toMatchObject({ status: 'APPROVED', version: 4, timeliness: 'ON_TIME' });
    }
  });

  it('reads back every field the steps of a task write', async () => {
    const { entity } = await create(
      request({ supportingAssigneeIds: [HELPER], keyResultId: KR, priority: 'HIGH', description: 'Theo kế hoạch số 12/KH-UBND' }),
      head('task.assign'),
    );
    expect(await store.task(TENANT, entity.id)).toEqual(entity);
    const lead = official(LEAD, 'task.work');
    const reviewer = head('task.review');
    const extension = parseRequestExtension({ id: entity.id, version: 0, requestedDueDate: '2026-12-05', reason: 'Chờ số liệu' });
    await step(entity.id, lead, (s) => requestExtension(extension, s, lead));
    const grant = parseDecideExtension({ id: entity.id, version: 0, grant: true, comment: 'Đồng ý' });
    await step(entity.id, reviewer, (s) => decideExtension(grant, s, reviewer));
    const product = parseSubmitTask({
      id: entity.id,
      version: 0,
      product: { documentNumber: '12/BC-SNV', link: 'https://vanban.example.vn/12', fileRef: 'eoffice:8812', note: 'Bản chính' },
    });
    await step(entity.id, lead, (s) => submitTask(product, s, lead));
    const back = parseReasoned({ id: entity.id, version: 0, reason: 'Thiếu phụ lục' });
    await step(entity.id, reviewer, (s) => returnTask(back, s, reviewer));
    await step(entity.id, lead, (s) => submitTask(product, s, lead));
    const approval = parseApproveTask({ id: entity.id, version: 0, quality: 'BELOW_REQUIREMENTS', failedAssessments: 2, comment: '' });
    await step(entity.id, reviewer, (s) => approveTask(approval, s, reviewer));
    const cause = parseReasoned({ id: entity.id, version: 0, reason: 'Sở Tài chính gửi số liệu chậm' });
    const last = await step(entity.id, reviewer, (s) => confirmObjectiveCause(cause, s, reviewer));
    const stored = (await store.task(TENANT, entity.id))!;
    expect(stored).toEqual(last);
    expect(stored).toMatchObject({
      expectedQuantity: 150,
      keyResultId: KR,
      supportingAssigneeIds: [HELPER],
      dueDate: '2026-12-05',
      originalDueDate: '2026-11-30',
      product: { fileRef: 'eoffice:8812', note: 'Bản chính' },
      submittedDate: TODAY,
      quality: 'BELOW_REQUIREMENTS',
      failedAssessments: 3,
      extension: { status: 'GRANTED', comment: 'Đồng ý' },
      objectiveCause: { reason: 'Sở Tài chính gửi số liệu chậm' },
      reason: 'Thiếu phụ lục',
      version: 8,
    });
    const first = await store.listSteps(entity.id, planListTaskSteps({ id: entity.id, pageSize: 5, pageToken: '' }).page);
    expect(first.items.map((s) => s.step)).toEqual(['CREATED', 'EXTENSION_REQUESTED', 'EXTENSION_GRANTED', 'SUBMITTED', 'RETURNED']);
    const rest = await store.listSteps(entity.id, planListTaskSteps({ id: entity.id, pageSize: 5, pageToken: first.nextPageToken }).page);
    expect(rest.items.map((s) => s.step)).toEqual(['SUBMITTED', 'APPROVED', 'OBJECTIVE_CAUSE_CONFIRMED']);
    expect(rest.nextPageToken).toBe('');
  });

  it('lists tasks by due date within reach: an assignee’s own, a unit with its subtree, statuses and due dates', async () => {
    const tag = `L${Date.now()}`;
    const mk = (extra: Partial<CreateTaskRequest>, actor = leader('task.assign')) =>
      create(request({ title: tag, ...extra }), actor).then((r) => r.entity);
    const t1 = await mk({ dueDate: '2026-12-03', supportingAssigneeIds: [HELPER] });
    const t2 = await mk({ dueDate: '2026-12-01' });
    const t3 = await mk({ leadAssigneeId: HEAD, dueDate: '2026-12-02' });
    const sysAdmin = actorFor('task.assign', ['sys_admin'], { directory: dir }, NOW);
    const t4 = await mk({ leadAssigneeId: OTHER, dueDate: '2026-12-01' }, sysAdmin);
    const mine = [t1, t2, t3, t4].map((t) => t.id);
    const list = async (actor: Actor, extra: Partial<Parameters<typeof planListTasks>[0]> = {}) => {
      const out: Task[] = [];
      let pageToken = '';
      do {
        const page = await store.listTasks(
          TENANT,
          planListTasks(
            { assigneeId: '', unitId: '', statuses: [], dueFrom: '2026-12-01', dueTo: '2026-12-03', pageSize: 1, pageToken, ...extra },
            actor,
          ),
        );
        out.push(...page.items);
        pageToken = page.nextPageToken;
      } while (pageToken);
      return out.filter((t) => mine.includes(t.id)).map((t) => t.id);
    };
    const byDue = (...ts: Task[]) =>
      ts.sort((a, b) => (a.dueDate === b.dueDate ? (a.id < b.id ? -1 : 1) : a.dueDate < b.dueDate ? -1 : 1)).map((t) => t.id);
    expect(await list(leader('task.read'))).toEqual(byDue(t1, t2, t3));
    expect(await list(head('task.read'))).toEqual(byDue(t1, t2, t3));
    expect(await list(actorFor('task.read', ['auditor'], { directory: dir }, NOW))).toEqual(byDue(t1, t2, t3, t4));
    // Assignees see their own, as lead or supporting; nobody else's.
    expect(await list(official(HELPER, 'task.read'))).toEqual([t1.id]);
    expect(await list(official(LEAD, 'task.read'))).toEqual(byDue(t1, t2));
    expect(await list(official(OTHER, 'task.read'))).toEqual([t4.id]);
    expect(await list(head('task.read'), { assigneeId: HELPER })).toEqual([t1.id]);
    expect(await list(head('task.read'), { unitId: SUB })).toEqual(byDue(t1, t2));
    expect(await list(head('task.read'), { unitId: TOP })).toEqual(byDue(t1, t2, t3));
    expect(await list(head('task.read'), { unitId: UB })).toEqual([]);
    expect(await list(head('task.read'), { dueTo: '2026-12-01' })).toEqual([t2.id]);
    await step(t2.id, official(LEAD, 'task.work'), (s) => startTask({ id: t2.id, version: 0 }, s, official(LEAD, 'task.work')));
    expect(await list(head('task.read'), { statuses: ['IN_PROGRESS', 'SUBMITTED'] })).toEqual([t2.id]);
  });
});
