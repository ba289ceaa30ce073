import { ValidationError } from '@thuocdo/kit';
import { annualResult } from './annual';
import { DECREE_90_2020, DECREE_335_2025, KHANH_HOA_1636 } from './packs';
import { type DiaryFact, type Product, productsOf, type TaskFact } from './products';
import { formatRatio } from './ratio';
import { type RulePack, validateRulePack } from './rule-pack';
import { type OfficialPeriodInput, scoreOfficial, scoreOfficials } from './score';

// Golden figures worked out by hand from the rules of the shipped packs (packs.ts; Decree 335,
// Decree 90/2020 + 48/2023 and Khánh Hòa's Quy định 1636, docs/architecture.md "Scores and
// grades"); each test shows its arithmetic.

const task = (id: string, t: Partial<TaskFact> = {}): TaskFact => ({
  id,
  leadAssigneeId: 'A',
  status: 'APPROVED',
  dueDate: '2026-03-20',
  assignedMinutes: 100,
  quality: 'MEETS_REQUIREMENTS',
  failedAssessments: 0,
  timeliness: 'ON_TIME',
  daysLate: 0,
  objectiveCause: false,
  ...t,
});
let entrySeq = 0;
const entry = (minutes: number, e: Partial<DiaryFact> = {}): DiaryFact => ({
  id: `e${++entrySeq}`,
  officialId: 'A',
  workDate: '2026-03-10',
  workItemId: 'item-1',
  minutes,
  status: 'APPROVED',
  taskId: null,
  ...e,
});
const official = (id: string, products: Product[], o: Partial<OfficialPeriodInput> = {}): OfficialPeriodInput => ({
  officialId: id,
  agencyId: 'agency-1',
  dutyGroup: 'specialists',
  category: 'CIVIL_SERVANT',
  isManager: false,
  manages: [],
  products,
  general: {},
  organisationReduced: false,
  unityReduced: false,
  disqualifiers: [],
  ...o,
});
const general335 = (a: number, b: number, c: number) => ({
  POLITICS_ETHICS: a * 100,
  COMPETENCE_RESPONSIBILITY: b * 100,
  INNOVATION: c * 100,
});

describe('Decree 335/2025, an official without a leadership post', () => {
  // T1 600 min approved, on time, meets requirements          → completed 600, quality 600, timeliness 600
  // T2 400 min approved, 1 failed assessment, late (1 delay)   → completed 400, quality 300, timeliness 300
  // T3 200 min still in progress                               → completed 0
  // diary 800 min approved, not against a task                 → completed 800, quality 800, timeliness 800
  // assigned 2000: a = 1800/2000 = 0.90, b = 1700/2000 = 0.85, c = 1700/2000 = 0.85
  // task points = (0.90 + 0.85 + 0.85) / 3 × 70 = 60.666… ; general 9 + 8.5 + 7 = 24.5 ; total 85.1666… → 85.17 GOOD
  const tasks = [
    task('T1', { assignedMinutes: 600 }),
    task('T2', { assignedMinutes: 400, failedAssessments: 1, timeliness: 'LATE', daysLate: 3 }),
    task('T3', { assignedMinutes: 200, status: 'IN_PROGRESS', quality: null, timeliness: null }),
  ];
  const diary = [entry(500), entry(300, { workItemId: 'item-2' })];

  it('scores quantity, quality and timeliness of converted products, with the 25% deductions', () => {
    const products = productsOf('A', tasks, diary, DECREE_335_2025.parameters);
    const s = scoreOfficial(
      official('A', products, { general: { POLITICS_ETHICS: 900, COMPETENCE_RESPONSIBILITY: 850, INNOVATION: 700 } }),
      DECREE_335_2025,
    );
    expect(s.measures.map((m) => [m.measure, formatRatio(m.value)])).toEqual([
      ['QUANTITY', '0.90'],
      ['QUALITY', '0.85'],
      ['TIMELINESS', '0.85'],
    ]);
    expect(s.taskPoints).toBe(6067);
    expect(s.generalPoints).toBe(2450);
    expect(s.total).toBe(8517);
    expect(s.grade).toBe('GOOD');
    expect(s.pack).toEqual({ code: 'ND335-2025', version: 1 });
    // The breakdown reaches down to the tasks and the diary entries.
    expect(s.products.map((p) => [p.kind, p.id, p.assigned, p.completed, p.qualityBp, p.timelinessBp])).toEqual([
      ['TASK', 'T1', 600, 600, 10000, 10000],
      ['TASK', 'T2', 400, 400, 7500, 7500],
      ['TASK', 'T3', 200, 0, 0, 0],
      ['DIARY', 'item-1', 500, 500, 10000, 10000],
      ['DIARY', 'item-2', 300, 300, 10000, 10000],
    ]);
    expect(s.products[1].notes).toEqual([
      { kind: 'FAILED_ASSESSMENTS', count: 1 },
      { kind: 'DELAYS', count: 1, daysLate: 3 },
    ]);
    expect(s.products[2].notes).toEqual([{ kind: 'NOT_APPROVED', status: 'IN_PROGRESS' }]);
  });

  it('deducts nothing where a competent person confirmed an objective cause', () => {
    // T2 keeps all its points: b = c = 1800/2000 = 0.90; (0.9 × 3) / 3 × 70 = 63.00; total 63 + 24.5 = 87.50
    const excused = tasks.map((t) => (t.id === 'T2' ? { ...t, objectiveCause: true } : t));
    const s = scoreOfficial(
      official('A', productsOf('A', excused, diary, DECREE_335_2025.parameters), { general: general335(9, 8.5, 7) }),
      DECREE_335_2025,
    );
    expect(s.taskPoints).toBe(6300);
    expect(s.total).toBe(8750);
    expect(s.products[1].notes).toEqual([{ kind: 'OBJECTIVE_CAUSE' }]);
  });

  it('deducts 25% per failed assessment down to nothing, and a product below requirements keeps no quality points', () => {
    const p = DECREE_335_2025.parameters;
    const [five] = productsOf('A', [task('T', { failedAssessments: 5 })], [], p);
    expect(five.qualityBp).toBe(0);
    const [below] = productsOf('A', [task('T', { quality: 'BELOW_REQUIREMENTS', failedAssessments: 1 })], [], p);
    expect([below.qualityBp, below.timelinessBp]).toEqual([0, 10000]);
    // days_per_delay 5: 12 working days late are 3 delays, 75% off.
    const [late] = productsOf('A', [task('T', { timeliness: 'LATE', daysLate: 12 })], [], { ...p, daysPerDelay: 5 });
    expect(late.timelinessBp).toBe(2500);
    // A pack that does not floor lets a product's deductions go below zero.
    const [negative] = productsOf('A', [task('T', { failedAssessments: 5 })], [], { ...p, floorAtZero: false });
    expect(negative.qualityBp).toBe(-2500);
  });

  it('counts diary entries by status: approved, and not yet reviewed by default; never late, returned or deleted', () => {
    const p = DECREE_335_2025.parameters;
    const d = [
      entry(100),
      entry(50, { status: 'LOGGED' }),
      entry(70, { status: 'AWAITING_LATE_APPROVAL' }),
      entry(30, { status: 'RETURNED' }),
      entry(20, { status: 'DELETED' }),
      entry(40, { officialId: 'B' }),
    ];
    expect(productsOf('A', [], d, p).map((x) => x.completed)).toEqual([150]);
    expect(productsOf('A', [], d, { ...p, countUnreviewedEntries: false }).map((x) => x.completed)).toEqual([100]);
  });

  it('counts entries logged against a led task in the task, and over-delivery beyond the assigned products', () => {
    const p = DECREE_335_2025.parameters;
    const products = productsOf(
      'A',
      [task('T', { assignedMinutes: 300 })],
      [entry(200, { taskId: 'T' }), entry(250, { taskId: 'T' }), entry(60, { taskId: 'other' })],
      p,
    );
    expect(products.map((x) => [x.kind, x.id, x.assigned, x.completed, x.entryIds.length])).toEqual([
      ['TASK', 'T', 300, 450, 2],
      ['DIARY', 'item-1', 60, 60, 1],
    ]);
    expect(products[0].notes).toEqual([{ kind: 'EXCEEDED' }]);
    // a is capped at 100% by default; without the cap it shows the over-delivery.
    const capped = scoreOfficial(official('A', products), DECREE_335_2025);
    expect(formatRatio(capped.measures[0].value)).toBe('1.00');
    expect(capped.measures[0].capped).toBe(true);
    const uncapped = scoreOfficial(official('A', products), { ...DECREE_335_2025, parameters: { ...p, capAtFull: false } });
    expect(formatRatio(uncapped.measures[0].value)).toBe('1.42'); // 510 / 360
  });

  it('leaves cancelled tasks out, and scores an official with nothing assigned at 0 task points', () => {
    const products = productsOf('A', [task('T', { status: 'CANCELLED' })], [], DECREE_335_2025.parameters);
    expect(products).toEqual([]);
    const s = scoreOfficial(official('A', products, { general: general335(10, 10, 10) }), DECREE_335_2025);
    expect([s.taskPoints, s.total, s.grade]).toEqual([0, 3000, 'NOT_COMPLETED']);
    expect(s.reasons).toContainEqual({ kind: 'NO_PRODUCTS' });
  });

  it('grades at 90, 70 and 50, each boundary inclusive', () => {
    const p = DECREE_335_2025.parameters;
    const full = productsOf('A', [], [entry(100)], p); // 70 task points
    const half = productsOf('A', [task('T', { status: 'SUBMITTED' })], [entry(100)], p); // a = b = c = 0.5: 35 task points
    const at = (products: Product[], general: number) => {
      const s = scoreOfficial(
        official('A', products, { general: { POLITICS_ETHICS: Math.min(general, 1000), INNOVATION: Math.max(0, general - 1000) } }),
        DECREE_335_2025,
      );
      return [s.total, s.grade];
    };
    expect(at(full, 2000)).toEqual([9000, 'EXCELLENT']);
    expect(at(full, 1999)).toEqual([8999, 'GOOD']);
    expect(at(full, 0)).toEqual([7000, 'GOOD']);
    expect(at(half, 1500)).toEqual([5000, 'COMPLETED']);
    expect(at(half, 1499)).toEqual([4999, 'NOT_COMPLETED']);
  });

  it('makes the grade NOT_COMPLETED whatever the score on a disqualifier, leaders-only ones for leaders only', () => {
    const products = productsOf('A', [], [entry(100)], DECREE_335_2025.parameters);
    const disciplined = scoreOfficial(
      official('A', products, { general: general335(10, 10, 10), disqualifiers: ['DISCIPLINED'] }),
      DECREE_335_2025,
    );
    expect([disciplined.total, disciplined.grade]).toEqual([10000, 'NOT_COMPLETED']);
    expect(disciplined.reasons).toEqual([{ kind: 'DISQUALIFIED', code: 'DISCIPLINED' }]);
    const notALeader = scoreOfficial(
      official('A', products, { general: general335(10, 10, 10), disqualifiers: ['UNIT_CORRUPTION'] }),
      DECREE_335_2025,
    );
    expect(notALeader.grade).toBe('EXCELLENT');
  });
});

describe('Decree 335/2025, a leader or manager', () => {
  // Staff S1: diary 500 approved, general 30           → 70 + 30 = 100, EXCELLENT
  // Staff S2: a task of 500 not approved, general 20    → 0 + 20 = 20, NOT_COMPLETED
  // Leader L: a task of 1000 approved on time, and (by default) the staff's products:
  //   assigned 2000, completed 1500: a = b = c = 0.75
  //   d = 50% (S2 is NOT_COMPLETED), đ = 100%, e = 50% (prolonged disunity entered)
  //   (0.75 × 3 + 0.5 + 1 + 0.5) / 6 × 70 = 4.25 / 6 × 70 = 49.5833… ; general 28 ; total 77.5833… → 77.58 GOOD
  const p = DECREE_335_2025.parameters;
  const inputs = [
    official('S1', productsOf('S1', [], [entry(500, { officialId: 'S1' })], p), { general: general335(10, 10, 10) }),
    official('S2', productsOf('S2', [task('S2-T', { leadAssigneeId: 'S2', assignedMinutes: 500, status: 'SUBMITTED' })], [], p), {
      general: general335(10, 5, 5),
    }),
    official('L', productsOf('L', [task('L-T', { leadAssigneeId: 'L', assignedMinutes: 1000 })], [], p), {
      isManager: true,
      manages: ['S1', 'S2'],
      unityReduced: true,
      general: general335(10, 10, 8),
      dutyGroup: 'managers',
    }),
  ];

  it('adds the unit result, organisation and unity to the mean of six, after the staff are graded', () => {
    const scores = scoreOfficials([...inputs].reverse(), () => DECREE_335_2025);
    expect([scores.get('S1')!.total, scores.get('S1')!.grade]).toEqual([10000, 'EXCELLENT']);
    expect([scores.get('S2')!.total, scores.get('S2')!.grade]).toEqual([2000, 'NOT_COMPLETED']);
    const l = scores.get('L')!;
    expect(l.role).toBe('MANAGER');
    expect(l.measures.map((m) => [m.measure, formatRatio(m.value)])).toEqual([
      ['QUANTITY', '0.75'],
      ['QUALITY', '0.75'],
      ['TIMELINESS', '0.75'],
      ['UNIT_RESULT', '0.50'],
      ['ORGANISATION', '1.00'],
      ['UNITY', '0.50'],
    ]);
    expect(l.measures[3]).toMatchObject({ numerator: 1, denominator: 2 });
    expect(l.taskPoints).toBe(4958);
    expect([l.total, l.grade]).toEqual([7758, 'GOOD']);
  });

  it("counts only the leader's own products when the pack says so, and 100% unit result when all staff complete", () => {
    const own = { ...DECREE_335_2025, parameters: { ...p, leaderCountsStaffProducts: false } };
    const staffOk = inputs.map((o) => (o.officialId === 'S2' ? { ...o, general: general335(10, 10, 10) } : o));
    // S2 then has 0 + 30 = 30: still NOT_COMPLETED, so d stays 50%; a = b = c = 1 on L's own task.
    // (1 × 3 + 0.5 + 1 + 0.5) / 6 × 70 = 58.333… ; total 86.33
    expect(scoreOfficials(staffOk, () => own).get('L')!.total).toBe(8633);
    // With S2 at COMPLETED (a task of theirs approved): d = 100%, (3 + 1 + 1 + 0.5) / 6 × 70 = 64.1666… ; total 92.17
    const s2Done = staffOk.map((o) =>
      o.officialId === 'S2'
        ? { ...o, products: productsOf('S2', [task('S2-T', { leadAssigneeId: 'S2', assignedMinutes: 500 })], [], p) }
        : o,
    );
    expect(scoreOfficials(s2Done, () => own).get('L')!.total).toBe(9217);
  });

  it('disqualifies a leader for corruption or waste in a unit they directly manage', () => {
    const corrupt = inputs.map((o) => (o.officialId === 'L' ? { ...o, disqualifiers: ['UNIT_CORRUPTION'] } : o));
    expect(scoreOfficials(corrupt, () => DECREE_335_2025).get('L')!.grade).toBe('NOT_COMPLETED');
  });
});

describe('Decree 90/2020 + 48/2023, public employees', () => {
  const p = DECREE_90_2020.parameters;
  const general = { POLITICS_ETHICS: 1000, COMPETENCE_RESPONSIBILITY: 1000, INNOVATION: 500 };

  it('needs every task done and half of them over-completed for EXCELLENT, every task on time for GOOD', () => {
    // A task of 1000 delivered as 1200 (exceeded) and 500 of routine work: exceeded share 1000/1500 = 66%.
    // a = b = c = 1 (capped): 70 + 25 = 95 → EXCELLENT.
    const exceeded = productsOf('A', [task('T', { assignedMinutes: 1000 })], [entry(1200, { taskId: 'T' }), entry(500)], p);
    const e = scoreOfficial(official('A', exceeded, { category: 'PUBLIC_EMPLOYEE', general }), DECREE_90_2020);
    expect([e.total, e.grade]).toEqual([9500, 'EXCELLENT']);

    // The same task delivered as assigned: score 95, but nothing exceeded → GOOD.
    const asAssigned = productsOf('A', [task('T', { assignedMinutes: 1000 })], [entry(500)], p);
    const g = scoreOfficial(official('A', asAssigned, { category: 'PUBLIC_EMPLOYEE', general }), DECREE_90_2020);
    expect([g.total, g.grade]).toEqual([9500, 'GOOD']);
    expect(g.reasons).toContainEqual({
      kind: 'REQUIREMENT_NOT_MET',
      grade: 'EXCELLENT',
      requirement: 'minExceededPercent',
      needed: 50,
      actual: 0,
    });

    // Delivered late (an objective cause not confirmed): not all on time → not GOOD either.
    // c = (1000 × 0.75 + 500) / 1500 = 0.8333…: (1 + 1 + 0.8333…) / 3 × 70 = 66.11 ; total 91.11 → band EXCELLENT → COMPLETED
    const late = productsOf('A', [task('T', { assignedMinutes: 1000, timeliness: 'LATE', daysLate: 2 })], [entry(500)], p);
    const c = scoreOfficial(official('A', late, { category: 'PUBLIC_EMPLOYEE', general }), DECREE_90_2020);
    expect([c.total, c.grade]).toEqual([9111, 'COMPLETED']);
  });
});

describe('Khánh Hòa, Quy định 1636', () => {
  const p = KHANH_HOA_1636.parameters;
  const full = productsOf('A', [], [entry(480)], p);
  const gen = (points: number) => ({ ADMIN_REFORM_IT: Math.min(points, 1000), POLITICS: Math.max(0, Math.min(500, points - 1000)) });

  it('weighs the KPI score at 70% for a non-manager and 50% for a manager', () => {
    // Non-manager: full KPI 70 + general 15 = 85.00 → above 80 → GOOD
    const s = scoreOfficial(official('A', full, { general: gen(1500) }), KHANH_HOA_1636);
    expect([s.taskPoints, s.total, s.grade]).toEqual([7000, 8500, 'GOOD']);
    // Manager: full KPI (a, b, c and the unit result, no staff) is 50 points; general up to 50.
    const m = scoreOfficial(
      official('A', full, { isManager: true, general: { ...gen(1500), LEADERSHIP: 1000, UNITY_EXAMPLE: 1000, ETHICS_LIFESTYLE: 500 } }),
      KHANH_HOA_1636,
    );
    expect([m.taskPoints, m.generalPoints, m.total, m.grade]).toEqual([5000, 4000, 9000, 'EXCELLENT']);
  });

  it('takes its own bands: GOOD above 80, COMPLETED above 50, the boundaries themselves one grade lower', () => {
    const at = (general: number) => scoreOfficial(official('A', full, { general: gen(general) }), KHANH_HOA_1636).grade;
    expect(at(1000)).toBe('COMPLETED'); // exactly 80
    expect(at(1001)).toBe('GOOD'); // 80.01
    expect(at(1500)).toBe('GOOD');
    const none = scoreOfficial(
      official('A', [], { general: { ADMIN_REFORM_IT: 1000, POLITICS: 500, ETHICS_LIFESTYLE: 500, WORK_STYLE: 500, DISCIPLINE: 500 } }),
      KHANH_HOA_1636,
    );
    expect([none.total, none.grade]).toEqual([3000, 'NOT_COMPLETED']);
  });
});

describe('general criteria', () => {
  it('caps each at its maximum, ignores unknown codes and shows which were not entered', () => {
    const s = scoreOfficial(official('A', [], { general: { POLITICS_ETHICS: 1500, INNOVATION: -3, MADE_UP: 900 } }), DECREE_335_2025);
    expect(s.general).toEqual([
      { code: 'POLITICS_ETHICS', points: 1000, maxPoints: 1000, entered: true },
      { code: 'COMPETENCE_RESPONSIBILITY', points: 0, maxPoints: 1000, entered: false },
      { code: 'INNOVATION', points: 0, maxPoints: 1000, entered: true },
    ]);
  });
});

describe('the annual result', () => {
  const monthly = (total: number, period: string) => {
    const s = scoreOfficial(official('A', productsOf('A', [], [entry(100)], DECREE_335_2025.parameters)), DECREE_335_2025);
    return { period, score: { ...s, total } };
  };

  it('is the mean of the periods evaluated, graded with the year’s disqualifiers', () => {
    // Six months at 92 and six at 80 (a month of leave not among them): 86.00 → GOOD
    const months = [
      ...Array.from({ length: 6 }, (_, i) => monthly(9200, `2026-0${i + 1}`)),
      ...Array.from({ length: 6 }, (_, i) => monthly(8000, `2026-${String(i + 7).padStart(2, '0')}`)),
    ];
    const year = annualResult('A', 'NON_MANAGER', months, DECREE_335_2025, []);
    expect([year.total, year.grade, year.periods.length]).toEqual([8600, 'GOOD', 12]);
    // Three quarters 90, 91, 90: 90.333… → 90.33 EXCELLENT; disciplined → NOT_COMPLETED
    const quarters = [monthly(9000, '2026-Q1'), monthly(9100, '2026-Q2'), monthly(9000, '2026-Q3')];
    expect(annualResult('A', 'NON_MANAGER', quarters, DECREE_335_2025, []).total).toBe(9033);
    expect(annualResult('A', 'NON_MANAGER', quarters, DECREE_335_2025, ['DISCIPLINED']).grade).toBe('NOT_COMPLETED');
  });
});

describe('custom rule packs', () => {
  const custom = (change: (p: RulePack) => RulePack) => () => validateRulePack(change(structuredClone(DECREE_335_2025)));
  const fieldOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof ValidationError) return e.field;
      throw e;
    }
    return undefined;
  };

  it('accepts a pack built from the same parts', () => {
    expect(
      fieldOf(
        custom((p) => ({
          ...p,
          code: 'HN-PILOT-2026',
          variants: {
            ...p.variants,
            NON_MANAGER: {
              ...p.variants.NON_MANAGER,
              taskPoints: 8000,
              generalCriteria: p.variants.NON_MANAGER.generalCriteria.slice(0, 2),
            },
          },
        })),
      ),
    ).toBeUndefined();
  });

  it('refuses weights that do not add up, measures out of place, bands out of order and bad parameters, naming the field', () => {
    expect(
      fieldOf(custom((p) => ({ ...p, variants: { ...p.variants, NON_MANAGER: { ...p.variants.NON_MANAGER, taskPoints: 6000 } } }))),
    ).toBe('non_manager.general_criteria');
    expect(
      fieldOf(
        custom((p) => ({ ...p, variants: { ...p.variants, NON_MANAGER: { ...p.variants.NON_MANAGER, measures: ['QUANTITY', 'UNITY'] } } })),
      ),
    ).toBe('non_manager.measures[1]');
    expect(
      fieldOf(
        custom((p) => ({ ...p, variants: { ...p.variants, MANAGER: { ...p.variants.MANAGER, measures: ['QUANTITY', 'QUANTITY'] } } })),
      ),
    ).toBe('manager.measures[1]');
    expect(fieldOf(custom((p) => ({ ...p, grades: [p.grades[0], { ...p.grades[1], min: 9500 }, p.grades[2]] })))).toBe('grades[1].min');
    expect(fieldOf(custom((p) => ({ ...p, parameters: { ...p.parameters, overrideCeilingPercent: 10 } })))).toBe(
      'parameters.override_ceiling_percent',
    );
    expect(fieldOf(custom((p) => ({ ...p, parameters: { ...p.parameters, delayDeductionPercent: 120 } })))).toBe(
      'parameters.delay_deduction_percent',
    );
    expect(fieldOf(custom((p) => ({ ...p, code: 'bad code' })))).toBe('code');
    expect(fieldOf(custom((p) => ({ ...p, name: { vi: 'x', en: '' } })))).toBe('name');
    expect(fieldOf(custom((p) => ({ ...p, toYear: 2020 })))).toBe('to_year');
    expect(fieldOf(custom((p) => ({ ...p, requirements: [{ grade: 'GOOD', minOnTimePercent: 101 }] })))).toBe(
      'requirements[0].min_on_time_percent',
    );
  });
});
