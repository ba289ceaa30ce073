import fc from 'fast-check';
import { SHIPPED_PACKS } from './packs';
import { type DiaryFact, productsOf, type TaskFact } from './products';
import { cmp, ONE, ZERO } from './ratio';
import type { RulePack } from './rule-pack';
import { type OfficialPeriodInput, scoreOfficial } from './score';

// Properties every pack keeps, over random tasks, diaries and entered criteria.

const taskArb = fc.record<TaskFact>({
  id: fc.uuid(),
  leadAssigneeId: fc.constant('A'),
  status: fc.constantFrom('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'RETURNED', 'CANCELLED'),
  dueDate: fc.constant('2026-03-20'),
  assignedMinutes: fc.integer({ min: 1, max: 5000 }),
  quality: fc.constantFrom('MEETS_REQUIREMENTS', 'BELOW_REQUIREMENTS', null),
  failedAssessments: fc.integer({ min: 0, max: 6 }),
  timeliness: fc.constantFrom('ON_TIME', 'LATE', null),
  daysLate: fc.integer({ min: 0, max: 40 }),
  objectiveCause: fc.boolean(),
});
const entryArb = (taskIds: string[]) =>
  fc.record<DiaryFact>({
    id: fc.uuid(),
    officialId: fc.constant('A'),
    workDate: fc.constant('2026-03-10'),
    workItemId: fc.constantFrom('i1', 'i2', 'i3'),
    minutes: fc.integer({ min: 1, max: 960 }),
    status: fc.constantFrom('LOGGED', 'AWAITING_LATE_APPROVAL', 'APPROVED', 'RETURNED', 'DELETED'),
    taskId: taskIds.length ? fc.option(fc.constantFrom(...taskIds), { nil: null }) : fc.constant(null),
  });
const caseArb = fc.array(taskArb, { maxLength: 12 }).chain((tasks) =>
  fc.record({
    tasks: fc.constant(tasks),
    diary: fc.array(entryArb(tasks.map((t) => t.id)), { maxLength: 20 }),
    pack: fc.constantFrom(...SHIPPED_PACKS),
    isManager: fc.boolean(),
    general: fc.dictionary(
      fc.constantFrom('POLITICS_ETHICS', 'INNOVATION', 'ADMIN_REFORM_IT', 'LEADERSHIP', 'POLITICS'),
      fc.integer({ min: -500, max: 3000 }),
    ),
    organisationReduced: fc.boolean(),
    unityReduced: fc.boolean(),
    capAtFull: fc.boolean(),
    floorAtZero: fc.boolean(),
  }),
);
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const packOf = (c: Case): RulePack => ({
  ...c.pack,
  parameters: { ...c.pack.parameters, capAtFull: c.capAtFull, floorAtZero: c.floorAtZero },
});
const score = (c: Case, tasks = c.tasks, diary = c.diary) => {
  const pack = packOf(c);
  const input: OfficialPeriodInput = {
    officialId: 'A',
    agencyId: 'agency',
    dutyGroup: 'g',
    category: 'CIVIL_SERVANT',
    isManager: c.isManager,
    manages: [],
    products: productsOf('A', tasks, diary, pack.parameters),
    general: c.general,
    organisationReduced: c.organisationReduced,
    unityReduced: c.unityReduced,
    disqualifiers: [],
  };
  return scoreOfficial(input, pack);
};

describe('scores (properties)', () => {
  it('stay within 0–100, with every measure within 0–100% unless the pack lets quantity show over-delivery', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = score(c);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(10_000);
        expect(s.taskPoints).toBeLessThanOrEqual(c.pack.variants[s.role].taskPoints + (c.capAtFull ? 0 : 1_000_000));
        for (const m of s.measures) {
          expect(cmp(m.value, ZERO)).toBeGreaterThanOrEqual(0);
          if (m.measure !== 'QUANTITY' || c.capAtFull) expect(cmp(m.value, ONE)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });

  it('never fall when more on-time, good-quality work is approved', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 5000 }), fc.boolean(), (c, minutes, asTask) => {
        fc.pre(c.capAtFull);
        const before = score(c).total;
        const more = asTask
          ? score(c, [...c.tasks, { ...baseTask, id: 'new', dueDate: '2026-03-20', assignedMinutes: minutes }])
          : score(c, c.tasks, [
              ...c.diary,
              { id: 'new', officialId: 'A', workDate: '2026-03-11', workItemId: 'i9', minutes, status: 'APPROVED', taskId: null },
            ]);
        expect(more.total).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('never fall when a pending task is approved on time as meeting its requirements', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        fc.pre(c.capAtFull && c.tasks.some((t) => t.status !== 'APPROVED' && t.status !== 'CANCELLED'));
        const i = c.tasks.findIndex((t) => t.status !== 'APPROVED' && t.status !== 'CANCELLED');
        const approved = c.tasks.map((t, j) => (j === i ? { ...t, ...baseTask } : t));
        expect(score(c, approved).total).toBeGreaterThanOrEqual(score(c).total);
      }),
    );
  });

  it('are the same whatever order the facts arrive in', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const shuffle = <T>(xs: T[]) =>
          xs
            .map((x, i) => ({ x, k: Math.sin(seed + i) }))
            .sort((a, b) => a.k - b.k)
            .map((y) => y.x);
        expect(score(c, shuffle(c.tasks), shuffle(c.diary))).toEqual(score(c));
      }),
    );
  });
});

/** A task approved on time, meeting its requirements, with nothing to deduct. */
const baseTask: Omit<TaskFact, 'id' | 'dueDate' | 'assignedMinutes'> = {
  leadAssigneeId: 'A',
  status: 'APPROVED',
  quality: 'MEETS_REQUIREMENTS',
  failedAssessments: 0,
  timeliness: 'ON_TIME',
  daysLate: 0,
  objectiveCause: false,
};
