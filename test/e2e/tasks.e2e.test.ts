/**
 * Tasks (giao việc) through the real platform: a document system (E-Office) sending the same
 * task twice at once gets one task; a unit head assigns, the official starts and submits, the
 * head returns it, the official submits again and the head approves; nobody judges a task they
 * lead; the REST routes through the gateway.
 */
import { randomUUID } from 'node:crypto';
import { type Metadata, status } from '@grpc/grpc-js';
import { addDays, todayInVietnam } from '@thuocdo/kit';
import { catalogV1, orgV1, tasksV1 } from '@thuocdo/proto';
import { callMetadata, insecure, unary } from '@thuocdo/service';
import {
  adminToken,
  failure,
  person,
  publishedWorkItem,
  serviceAccount,
  startTestPlatform,
  type TestPlatform,
  until,
  untilDirectoryHas,
} from './support';

const { TaskStatus, TaskSource, TaskQuality, TaskTimeliness } = tasksV1;

describe('tasks', () => {
  let tp: TestPlatform;
  let tasks: tasksV1.TaskServiceClient;
  let agencyId: string;
  let subUnitId: string;
  let workItemId: string;
  /** Tokens of: the agency's leader, the head of the top unit, two officials of the sub-unit, an official elsewhere, the agency's E-Office. */
  const md = {} as Record<'leader' | 'head' | 'lan' | 'binh' | 'outsider' | 'eoffice', Metadata>;
  const ids = {} as Record<'head' | 'lan' | 'binh', string>;
  const tokens = {} as Record<'lan' | 'outsider', string>;
  const today = todayInVietnam();
  const due = addDays(today, 7);

  beforeAll(async () => {
    tp = await startTestPlatform();
    tasks = new tasksV1.TaskServiceClient(tp.platform.address('worklog'), insecure());
    const admin = callMetadata(await adminToken(tp));
    const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
      tp.clients.org.createAgency(orgV1.CreateAgencyRequest.fromPartial({ code: 'SNV', name: 'Sở Nội vụ', kind: 1 }), admin, cb),
    );
    agencyId = agency!.id;
    const unit = async (code: string, name: string, parentUnitId = '') =>
      (
        await unary<orgV1.CreateUnitResponse>((cb) =>
          tp.clients.org.createUnit(
            orgV1.CreateUnitRequest.fromPartial({ agencyId, parentUnitId, code, name, validFrom: '2020-01-01' }),
            admin,
            cb,
          ),
        )
      ).unit!.id;
    const topUnitId = await unit('CCVC', 'Phòng Công chức, viên chức');
    subUnitId = await unit('CCVC.TD', 'Tổ Tuyển dụng', topUnitId);
    await untilDirectoryHas(tp, [agencyId, topUnitId, subUnitId]);
    const top = { agencyId, unitId: topUnitId };
    const sub = { agencyId, unitId: subUnitId };
    const leader = await person(tp, [{ role: 'agency_leader', agencyId }], top, 'Phạm Văn Đức');
    const head = await person(tp, [{ role: 'unit_head', unitId: topUnitId }], top, 'Lê Minh Tâm');
    const lan = await person(tp, [], sub, 'Nguyễn Thị Lan');
    const binh = await person(tp, [], sub, 'Trần Văn Bình');
    const outsider = await person(tp, [], undefined, 'Hoàng Văn Nam');
    const eoffice = await serviceAccount(tp, 'snv-eoffice', [{ role: 'integrator', agencyId }]);
    Object.assign(ids, { head: head.officialId, lan: lan.officialId, binh: binh.officialId });
    Object.assign(tokens, { lan: lan.token, outsider: outsider.token });
    for (const [k, token] of Object.entries({
      leader: leader.token,
      head: head.token,
      lan: lan.token,
      binh: binh.token,
      outsider: outsider.token,
      eoffice,
    }))
      md[k as keyof typeof md] = callMetadata(token);
    const item = await publishedWorkItem(tp, admin, {
      code: 'SNV.B01',
      fields: { name: 'Báo cáo chuyên đề', group: catalogV1.WorkItemGroup.WORK_ITEM_GROUP_B, productUnit: 'báo cáo', standardMinutes: 240 },
    });
    workItemId = item.id;
    // worklog learns work items from catalog's events; a task is measured by one it knows.
    await until('worklog to know the work item', async () => {
      const rows = await tp.sql('worklog', 'SELECT count(*)::int AS n FROM work_item_revision_ref WHERE work_item_id = $1', [workItemId]);
      return rows[0].n >= 1;
    });
  });
  afterAll(async () => {
    tasks?.close();
    await tp?.stop();
  });

  const assign = (m: Metadata, req: Partial<tasksV1.CreateTaskRequest>) =>
    unary<tasksV1.CreateTaskResponse>((cb) =>
      tasks.createTask(
        tasksV1.CreateTaskRequest.fromPartial({
          title: 'Báo cáo kết quả tuyển dụng công chức năm 2026',
          source: TaskSource.TASK_SOURCE_PLANNED,
          workItemId,
          leadAssigneeId: ids.lan,
          dueDate: due,
          ...req,
        }),
        m,
        cb,
      ),
    );
  const product = { documentNumber: '125/BC-SNV', link: 'https://vanban.snv.example.vn/125', fileRef: '', note: 'Bản trình ký' };
  const start = (m: Metadata, t: tasksV1.Task) =>
    unary<tasksV1.StartTaskResponse>((cb) => tasks.startTask({ id: t.id, version: t.version }, m, cb)).then((r) => r.task!);
  const submit = (m: Metadata, t: tasksV1.Task) =>
    unary<tasksV1.SubmitTaskResponse>((cb) => tasks.submitTask({ id: t.id, version: t.version, product }, m, cb)).then((r) => r.task!);
  const approve = (m: Metadata, t: tasksV1.Task, failedAssessments = 0) =>
    unary<tasksV1.ApproveTaskResponse>((cb) =>
      tasks.approveTask(
        { id: t.id, version: t.version, quality: TaskQuality.TASK_QUALITY_MEETS_REQUIREMENTS, failedAssessments, comment: 'Đạt yêu cầu' },
        m,
        cb,
      ),
    ).then((r) => r.task!);
  const published = async (taskId: string) =>
    (
      await tp.sql<{ n: number }>('worklog', 'SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND message_key = $2', [
        'worklog.task-changed.v1',
        taskId,
      ])
    )[0].n;

  it('creates one task when E-Office sends the same document twice at once, and refuses its number for another task', async () => {
    const req = {
      title: 'Tham mưu trả lời Công văn số 3456/BNV-CCVC',
      source: TaskSource.TASK_SOURCE_OTHER_ASSIGNED,
      supportingAssigneeIds: [ids.binh],
      sourceSystem: 'eoffice',
      externalId: `3456/BNV-CCVC/${randomUUID().slice(0, 8)}`,
    };
    const answers = await Promise.all([assign(md.eoffice, req), assign(md.eoffice, req)]);
    expect(answers[0].task!.id).toBe(answers[1].task!.id);
    expect(answers.map((a) => a.created).sort()).toEqual([false, true]);
    expect(answers[0].task).toMatchObject({
      status: TaskStatus.TASK_STATUS_ASSIGNED,
      leadAssigneeId: ids.lan,
      supportingAssigneeIds: [ids.binh],
      unitId: subUnitId,
      agencyId,
      startDate: today,
      dueDate: due,
      originalDueDate: due,
      expectedQuantity: '1.00',
      workItemRevision: 1,
      sourceSystem: 'eoffice',
      externalId: req.externalId,
      assignedBy: 'service-account-snv-eoffice',
      version: 1,
    });
    const rows = await tp.sql('worklog', 'SELECT id FROM task WHERE source_system = $1 AND external_id = $2', ['eoffice', req.externalId]);
    expect(rows).toHaveLength(1);
    expect(await published(rows[0].id)).toBe(1);
    // Once more later: the same task again.
    const again = await assign(md.eoffice, req);
    expect([again.task!.id, again.created]).toEqual([rows[0].id, false]);
    expect(
      await failure(
        (m, cb) =>
          tasks.createTask(
            tasksV1.CreateTaskRequest.fromPartial({ ...req, workItemId, leadAssigneeId: ids.lan, dueDate: addDays(due, 1) }),
            m,
            cb,
          ),
        md.eoffice,
      ),
    ).toEqual({
      code: status.ALREADY_EXISTS,
      field: 'external_id',
    });
    // Both assignees find it among their tasks.
    for (const m of [md.lan, md.binh]) {
      const { tasks: mine } = await unary<tasksV1.ListTasksResponse>((cb) =>
        tasks.listTasks(tasksV1.ListTasksRequest.fromPartial({ statuses: [TaskStatus.TASK_STATUS_ASSIGNED], pageSize: 1000 }), m, cb),
      );
      expect(mine.map((t) => t.id)).toContain(rows[0].id);
    }
  });

  it('goes from a unit head through the official, a return and a second submission to approval', async () => {
    const { task: assigned, created } = await assign(md.head, { supportingAssigneeIds: [ids.binh], expectedQuantity: '2' });
    expect(created).toBe(true);
    // Two reports of a 240-minute item: 480 converted minutes, what scoring counts as assigned.
    expect(assigned!.expectedMinutes).toBe(480);
    // A supporting assignee does not start the lead's task; someone elsewhere does not even see it.
    expect((await failure((m, cb) => tasks.startTask({ id: assigned!.id, version: 0 }, m, cb), md.binh)).code).toBe(
      status.PERMISSION_DENIED,
    );
    expect((await failure((m, cb) => tasks.getTask({ id: assigned!.id }, m, cb), md.outsider)).code).toBe(status.NOT_FOUND);
    const started = await start(md.lan, assigned!);
    expect(started).toMatchObject({ status: TaskStatus.TASK_STATUS_IN_PROGRESS, version: 2 });
    // The version read before starting is stale now.
    expect(
      (await failure((m, cb) => tasks.submitTask({ id: assigned!.id, version: assigned!.version, product }, m, cb), md.lan)).code,
    ).toBe(status.ABORTED);
    const submitted = await submit(md.lan, started);
    expect(submitted).toMatchObject({ status: TaskStatus.TASK_STATUS_SUBMITTED, submittedDate: today, product });
    const { task: returned } = await unary<tasksV1.ReturnTaskResponse>((cb) =>
      tasks.returnTask({ id: submitted.id, version: submitted.version, reason: 'Thiếu số liệu tuyển dụng quý III' }, md.head, cb),
    );
    expect(returned).toMatchObject({
      status: TaskStatus.TASK_STATUS_RETURNED,
      failedAssessments: 1,
      reason: 'Thiếu số liệu tuyển dụng quý III',
    });
    // A returned task cannot be approved until it is submitted again.
    expect(
      await failure(
        (m, cb) =>
          tasks.approveTask(
            { id: returned!.id, version: 0, quality: TaskQuality.TASK_QUALITY_MEETS_REQUIREMENTS, failedAssessments: 0, comment: '' },
            m,
            cb,
          ),
        md.head,
      ),
    ).toEqual({ code: status.FAILED_PRECONDITION, field: '' });
    const resubmitted = await submit(md.lan, returned!);
    const approved = await approve(md.head, resubmitted, 1);
    expect(approved).toMatchObject({
      status: TaskStatus.TASK_STATUS_APPROVED,
      quality: TaskQuality.TASK_QUALITY_MEETS_REQUIREMENTS,
      failedAssessments: 2,
      timeliness: TaskTimeliness.TASK_TIMELINESS_ON_TIME,
      daysLate: 0,
      version: 6,
    });
    const { steps } = await unary<tasksV1.ListTaskStepsResponse>((cb) =>
      tasks.listTaskSteps({ id: approved.id, pageSize: 0, pageToken: '' }, md.binh, cb),
    );
    expect(steps.map((s) => [s.step, s.toStatus])).toEqual([
      ['CREATED', TaskStatus.TASK_STATUS_ASSIGNED],
      ['STARTED', TaskStatus.TASK_STATUS_IN_PROGRESS],
      ['SUBMITTED', TaskStatus.TASK_STATUS_SUBMITTED],
      ['RETURNED', TaskStatus.TASK_STATUS_RETURNED],
      ['SUBMITTED', TaskStatus.TASK_STATUS_SUBMITTED],
      ['APPROVED', TaskStatus.TASK_STATUS_APPROVED],
    ]);
    expect(steps[3].comment).toBe('Thiếu số liệu tuyển dụng quý III');
    expect(await published(approved.id)).toBe(6);
    // Approved is final: it is neither cancelled nor returned any more.
    expect(await failure((m, cb) => tasks.cancelTask({ id: approved.id, version: 0, reason: 'Không cần nữa' }, m, cb), md.head)).toEqual({
      code: status.FAILED_PRECONDITION,
      field: '',
    });
  });

  it('lets nobody approve a task they lead', async () => {
    // An official has no reviewer's grant at all.
    const { task: own } = await assign(md.head, {});
    const lansProduct = await submit(md.lan, own!);
    expect(
      (
        await failure(
          (m, cb) => tasks.approveTask({ id: lansProduct.id, version: 0, quality: 1, failedAssessments: 0, comment: '' }, m, cb),
          md.lan,
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
    // The unit head leads a task the agency's leader assigned them: their grant over the unit does not let them judge it.
    const { task: heads } = await assign(md.leader, { leadAssigneeId: ids.head });
    const handedIn = await submit(md.head, await start(md.head, heads!));
    expect(
      (
        await failure(
          (m, cb) => tasks.approveTask({ id: handedIn.id, version: 0, quality: 1, failedAssessments: 0, comment: '' }, m, cb),
          md.head,
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
    expect((await approve(md.leader, handedIn)).status).toBe(TaskStatus.TASK_STATUS_APPROVED);
    // An official assigns to themself alone (the tenant's rules allow it by default), never to a colleague.
    const self = await assign(md.lan, { title: 'Tự rà soát hồ sơ lưu trữ' });
    expect([self.created, self.task!.leadAssigneeId, self.task!.unitId]).toEqual([true, ids.lan, subUnitId]);
    expect(
      (
        await failure(
          (m, cb) =>
            tasks.createTask(
              tasksV1.CreateTaskRequest.fromPartial({
                title: 'Giao cho Bình',
                source: 1,
                workItemId,
                leadAssigneeId: ids.binh,
                dueDate: due,
              }),
              m,
              cb,
            ),
          md.lan,
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
  });

  it('serves the tasks over REST through the gateway', async () => {
    const gateway = tp.platform.gatewayUrl;
    const headers = { authorization: `Bearer ${tokens.lan}`, 'content-type': 'application/json' };
    const posted = await fetch(`${gateway}/api/v1/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: 'Cập nhật hồ sơ cá nhân trên phần mềm',
        source: 'TASK_SOURCE_ARISING',
        work_item_id: workItemId,
        lead_assignee_id: ids.lan,
        due_date: due,
        priority: 'TASK_PRIORITY_HIGH',
      }),
    });
    expect(posted.status).toBe(201);
    const created = ((await posted.json()) as any).task;
    expect(created).toMatchObject({
      status: 'TASK_STATUS_ASSIGNED',
      priority: 'TASK_PRIORITY_HIGH',
      lead_assignee_id: ids.lan,
      due_date: due,
    });
    const list = async (query: string, token = tokens.lan) => {
      const res = await fetch(`${gateway}/api/v1/tasks?${query}`, { headers: { authorization: `Bearer ${token}` } });
      return [res.status, (await res.json()) as any] as const;
    };
    const [code, body] = await list(
      `assignee_id=${ids.lan}&statuses=TASK_STATUS_ASSIGNED&statuses=TASK_STATUS_IN_PROGRESS&due_from=${today}&page_size=1000`,
    );
    expect(code).toBe(200);
    expect(body.tasks.map((t: { id: string }) => t.id)).toContain(created.id);
    expect(body.tasks.every((t: { status: string }) => ['TASK_STATUS_ASSIGNED', 'TASK_STATUS_IN_PROGRESS'].includes(t.status))).toBe(true);
    const dueDates = body.tasks.map((t: { due_date: string }) => t.due_date);
    expect(dueDates).toEqual([...dueDates].sort());
    // Someone elsewhere lists nothing of Lan's, and cannot open it.
    const [, theirs] = await list(`assignee_id=${ids.lan}`, tokens.outsider);
    expect(theirs.tasks ?? []).toEqual([]);
    const hidden = await fetch(`${gateway}/api/v1/tasks/${created.id}`, { headers: { authorization: `Bearer ${tokens.outsider}` } });
    expect(hidden.status).toBe(404);
    const [bad, error] = await list('due_from=2026-13-01');
    expect([bad, error.error.field]).toEqual([400, 'due_from']);
    const started = await fetch(`${gateway}/api/v1/tasks/${created.id}:start`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ version: created.version }),
    });
    expect(((await started.json()) as any).task.status).toBe('TASK_STATUS_IN_PROGRESS');
  });
});
