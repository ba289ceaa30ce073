import { directoryWith, failureOf, fieldOf, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { checkAllScorable, evaluateOfficial, managedBy, type PostOnDate, parseScoreRequest, scoreDate, unitSubtree } from './evaluate';
import { packFor, parsePeriod } from './period';
import type { DiaryFact } from './products';

// A department (U) with an office below it (U1) and a team below that (U2); another department (V).
const AG = '0190f3a2-2222-7aaa-8bbb-000000000001';
const [U, U1, U2, V] = ['u', 'u1', 'u2', 'v'].map((_, i) => `0190f3a2-3333-7aaa-8bbb-00000000000${i + 1}`);
const dir = directoryWith([unitRecord(U, AG), unitRecord(U1, AG, U), unitRecord(U2, AG, U1), unitRecord(V, AG)]);
const post = (officialId: string, unitId: string, leadership = false): PostOnDate => ({
  officialId,
  agencyId: AG,
  unitId,
  leadership,
  dutyGroup: leadership ? 'LEADERSHIP' : 'SPECIALIST',
});

describe('periods', () => {
  it('reads a month or a quarter as its dates', () => {
    expect(parsePeriod('2026-02')).toEqual({ key: '2026-02', kind: 'MONTH', year: 2026, from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriod('2028-02').to).toBe('2028-02-29');
    expect(parsePeriod(' 2026-q4 ')).toEqual({ key: '2026-Q4', kind: 'QUARTER', year: 2026, from: '2026-10-01', to: '2026-12-31' });
    for (const bad of ['2026-00', '2026-13', '2026-Q0', '2026-Q5', '26-03', '2026/03', '1999-01', ''])
      expect(fieldOf(() => parsePeriod(bad))).toBe('period');
    expect(fieldOf(() => parseScoreRequest({ officialId: 'x', period: '2026-03' }))).toBe('official_id');
  });

  it('makes the score as of today while the period runs, as of its last day after', () => {
    const march = parsePeriod('2026-03');
    expect(scoreDate(march, '2026-03-10')).toBe('2026-03-10');
    expect(scoreDate(march, '2026-05-01')).toBe('2026-03-31');
  });

  it('picks the newest pack in force for the category and year', () => {
    expect(packFor('CIVIL_SERVANT', 2026)?.code).toBe('ND335-2025');
    expect(packFor('CIVIL_SERVANT', 2025)?.code).toBe('KH-1636-2025');
    expect(packFor('PUBLIC_EMPLOYEE', 2026)?.code).toBe('KH-1636-2025');
    expect(packFor('CONTRACT_WORKER', 2021)?.code).toBe('ND90-2020');
    expect(packFor('CIVIL_SERVANT', 2019)).toBeUndefined();
  });
});

describe('whom a leader manages', () => {
  it('takes the subtree of the leader’s unit as it stood on the date', () => {
    expect(unitSubtree(dir, U, '2026-03-31').sort()).toEqual([U, U1, U2].sort());
    expect(unitSubtree(dir, U1, '2026-03-31').sort()).toEqual([U1, U2].sort());
    expect(unitSubtree(dir, V, '2026-03-31')).toEqual([V]);
  });

  it('is everyone posted below, leaders of units below included, but not the other leaders of the same unit', () => {
    const posts = [
      post('head', U, true),
      post('deputy', U, true),
      post('staff', U),
      post('office head', U1, true),
      post('clerk', U1),
      post('team', U2),
      post('other', V),
    ];
    const m = managedBy(posts, dir, '2026-03-31');
    expect(m.get('head')).toEqual(['staff', 'office head', 'clerk', 'team']);
    expect(m.get('deputy')).toEqual(['staff', 'office head', 'clerk', 'team']);
    expect(m.get('office head')).toEqual(['clerk', 'team']);
    expect(m.has('staff')).toBe(false);
  });
});

describe('evaluateOfficial', () => {
  const entry = (officialId: string, minutes: number): DiaryFact => ({
    id: `${officialId}-${minutes}`,
    officialId,
    workDate: '2026-03-10',
    workItemId: 'item',
    minutes,
    status: 'APPROVED',
    taskId: null,
  });
  const request = parseScoreRequest({ officialId: '0190f3a2-1111-7aaa-8bbb-000000000001', period: '2026-03' });
  const HEAD = request.officialId;
  const STAFF = '0190f3a2-1111-7aaa-8bbb-000000000002';

  it("scores a leader with their staff's grades and products, each by the pack of their category", () => {
    const s = evaluateOfficial({
      request,
      date: '2026-03-31',
      posts: [post(HEAD, U, true), post(STAFF, U1)],
      categories: new Map([
        [HEAD, 'CIVIL_SERVANT'],
        [STAFF, 'PUBLIC_EMPLOYEE'],
      ]),
      facts: { tasks: [], diary: [entry(HEAD, 100), entry(STAFF, 200)] },
      assessments: new Map(),
      directory: dir,
    });
    // The staff member (Decree 90) has 70 task points and nothing entered yet: GOOD, every product
    // done on time, so the unit result is 100%; the leader's products are theirs and the staff's.
    expect(s.role).toBe('MANAGER');
    expect(s.pack.code).toBe('ND335-2025');
    expect(s.sums.assigned).toBe(300);
    expect(s.measures.find((m) => m.measure === 'UNIT_RESULT')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(s.taskPoints).toBe(7000);
  });

  it('refuses an official with no pack for their category and year, naming the official', () => {
    expect(
      failureOf(() =>
        evaluateOfficial({
          request: parseScoreRequest({ officialId: HEAD, period: '2019-03' }),
          date: '2019-03-31',
          posts: [post(HEAD, U)],
          categories: new Map([[HEAD, 'CIVIL_SERVANT']]),
          facts: { tasks: [], diary: [] },
          assessments: new Map(),
          directory: dir,
        }),
      ),
    ).toMatchObject({ field: 'official_id' });
  });
});

describe('checkAllScorable', () => {
  const ids = Array.from({ length: 7 }, (_, i) => `0190f3a2-4444-7aaa-8bbb-00000000000${i}`);
  it('lets closing go on when every official posted has a category and a pack', () => {
    expect(() => checkAllScorable([post(ids[0], U)], new Map([[ids[0], 'CIVIL_SERVANT']]), 2026)).not.toThrow();
  });

  it('stops closing at an official scoring has no record of, or whose category has no pack that year, naming the first five', () => {
    const posts = ids.map((id) => post(id, U));
    const unknown = () => checkAllScorable(posts, new Map(ids.slice(1).map((id) => [id, 'CIVIL_SERVANT'])), 2026);
    expect(failureOf(unknown)).toMatchObject({ reason: 'FAILED_PRECONDITION', field: 'period' });
    expect(() => unknown()).toThrow(`1 official(s) cannot be scored (category unknown or no rule pack for 2026): ${ids[0]} (?)`);
    const tooEarly = () => checkAllScorable(posts, new Map(ids.map((id) => [id, 'CIVIL_SERVANT'])), 2019);
    expect(() => tooEarly()).toThrow(/^7 official\(s\) .*\(CIVIL_SERVANT\) …\(\+2\)/);
  });
});
