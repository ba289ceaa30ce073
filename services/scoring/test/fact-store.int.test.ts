import { type Pool, withTransaction } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { migratedTestDatabase } from '@thuocdo/testing';
import { TENANT } from '@thuocdo/testing/src/domain-fixtures';
import { type DiaryRecord, FactStore, type TaskRecord } from '../src/store/fact-store';

// The facts scoring keeps, in the real PostgreSQL: newest versions win whatever the order of
// delivery, posts are read as of a date, and a period's facts are those of its dates.

const id = (n: number) => `0190f3a2-5555-7aaa-8bbb-${String(n).padStart(12, '0')}`;
const [OFFICIAL, OTHER, AGENCY, UNIT, POSITION, TASK, ENTRY] = [1, 2, 3, 4, 5, 6, 7].map(id);

describe('FactStore (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: FactStore;
  const apply = (fn: (c: import('pg').PoolClient) => Promise<void>) => withTransaction(pool, fn);

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('scoring_facts', assetPath('services/scoring/migrations'), [DIRECTORY_MIGRATIONS]));
    store = new FactStore(pool);
  });
  afterAll(() => close());

  const task = (t: Partial<TaskRecord> = {}): TaskRecord => ({
    id: TASK,
    tenantId: TENANT,
    leadAssigneeId: OFFICIAL,
    status: 'ASSIGNED',
    dueDate: '2026-03-20',
    assignedMinutes: 240,
    quality: null,
    failedAssessments: 0,
    timeliness: null,
    daysLate: 0,
    objectiveCause: false,
    ...t,
  });
  const entry = (e: Partial<DiaryRecord> = {}): DiaryRecord => ({
    id: ENTRY,
    tenantId: TENANT,
    officialId: OFFICIAL,
    workDate: '2026-03-10',
    workItemId: id(8),
    minutes: 90,
    status: 'LOGGED',
    taskId: null,
    ...e,
  });

  it('keeps the newest version of a task and an entry, whatever order the events come in', async () => {
    await apply((c) => store.applyTask(c, task({ status: 'APPROVED', quality: 'MEETS_REQUIREMENTS', timeliness: 'ON_TIME' }), 4));
    // An older step delivered late, and the same step again: nothing changes.
    await apply((c) => store.applyTask(c, task({ status: 'SUBMITTED' }), 3));
    await apply((c) => store.applyTask(c, task({ status: 'ASSIGNED' }), 4));
    await apply((c) => store.applyEntry(c, entry({ status: 'APPROVED' }), 2));
    await apply((c) => store.applyEntry(c, entry({ status: 'LOGGED', minutes: 60 }), 1));
    const { tasks, diary } = await store.periodFacts(TENANT, [OFFICIAL], '2026-03-01', '2026-03-31');
    expect(tasks).toEqual([
      {
        id: TASK,
        leadAssigneeId: OFFICIAL,
        status: 'APPROVED',
        dueDate: '2026-03-20',
        assignedMinutes: 240,
        quality: 'MEETS_REQUIREMENTS',
        failedAssessments: 0,
        timeliness: 'ON_TIME',
        daysLate: 0,
        objectiveCause: false,
      },
    ]);
    expect(diary).toEqual([
      { id: ENTRY, officialId: OFFICIAL, workDate: '2026-03-10', workItemId: id(8), minutes: 90, status: 'APPROVED', taskId: null },
    ]);
    // A newer version does change it.
    await apply((c) => store.applyEntry(c, entry({ status: 'DELETED' }), 3));
    expect((await store.periodFacts(TENANT, [OFFICIAL], '2026-03-01', '2026-03-31')).diary[0].status).toBe('DELETED');
  });

  it("answers a period's facts only: tasks by their due date, entries by their date, of the officials asked for", async () => {
    const who = id(40);
    await apply(async (c) => {
      await store.applyTask(c, task({ id: id(41), leadAssigneeId: who }), 1);
      await store.applyTask(c, task({ id: id(42), leadAssigneeId: who, dueDate: '2026-04-01' }), 1);
      await store.applyEntry(c, entry({ id: id(43), officialId: who }), 1);
      await store.applyEntry(c, entry({ id: id(44), officialId: who, workDate: '2026-02-28' }), 1);
      await store.applyEntry(c, entry({ id: id(45), officialId: OTHER }), 1);
      await store.applyEntry(c, entry({ id: id(46), officialId: who, tenantId: 'another-province' }), 1);
    });
    const march = await store.periodFacts(TENANT, [who], '2026-03-01', '2026-03-31');
    expect(march.tasks.map((t) => t.id)).toEqual([id(41)]);
    expect(march.diary.map((e) => e.id)).toEqual([id(43)]);
  });

  it('reads main posts as of a date, with the position’s leadership and duty group, and categories', async () => {
    await apply(async (c) => {
      await store.applyOfficial(
        c,
        { id: OFFICIAL, tenantId: TENANT, category: 'PUBLIC_EMPLOYEE', fullName: 'Lê Thị Hồng', staffCode: 'STC-07', removed: false },
        1,
      );
      await store.applyJobPosition(
        c,
        { id: POSITION, tenantId: TENANT, agencyId: AGENCY, category: 'LEADERSHIP', leadership: true, removed: false },
        1,
      );
      const m = { tenantId: TENANT, officialId: OFFICIAL, agencyId: AGENCY, unitId: UNIT, removed: false };
      await store.applyMembership(
        c,
        { ...m, id: id(30), positionId: null, kind: 'MAIN', validFrom: '2020-01-01', validTo: '2026-03-15' },
        1,
      );
      await store.applyMembership(c, { ...m, id: id(31), positionId: POSITION, kind: 'MAIN', validFrom: '2026-03-15', validTo: null }, 1);
      await store.applyMembership(
        c,
        { ...m, id: id(32), positionId: POSITION, kind: 'CONCURRENT', validFrom: '2020-01-01', validTo: null },
        1,
      );
    });
    expect(await store.mainPosts(TENANT, '2026-03-01', { officialIds: [OFFICIAL] })).toEqual([
      { officialId: OFFICIAL, agencyId: AGENCY, unitId: UNIT, leadership: false, dutyGroup: '' },
    ]);
    expect(await store.mainPosts(TENANT, '2026-03-31', { unitIds: [UNIT] })).toEqual([
      { officialId: OFFICIAL, agencyId: AGENCY, unitId: UNIT, leadership: true, dutyGroup: 'LEADERSHIP' },
    ]);
    expect(await store.categories(TENANT, [OFFICIAL, OTHER])).toEqual(new Map([[OFFICIAL, 'PUBLIC_EMPLOYEE']]));
    // A removed post is no post.
    await apply((c) =>
      store.applyMembership(
        c,
        {
          id: id(31),
          tenantId: TENANT,
          officialId: OFFICIAL,
          agencyId: AGENCY,
          unitId: UNIT,
          positionId: POSITION,
          kind: 'MAIN',
          validFrom: '2026-03-15',
          validTo: null,
          removed: true,
        },
        2,
      ),
    );
    expect(await store.mainPosts(TENANT, '2026-03-31', { unitIds: [UNIT] })).toEqual([]);
  });
});
