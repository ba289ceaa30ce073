import { actorFor, directoryWith, failureOf, fieldOf, postRecords, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  type AdvanceState,
  advanceEvaluation,
  checkResultUnconsolidated,
  commentOnEvaluation,
  type Evaluation,
  noEvaluation,
  parseAdvance,
  parseComment,
  parseSelfAssessment,
  STAGE_ACTION,
  submitSelfAssessment,
  withdrawnOnReopen,
} from './evaluation';
import { DECREE_335_2025 } from './packs';

const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000001';
const OTHER_AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000002';
const UNIT = '0190f3a2-3333-7aaa-8bbb-000000000001';
const OTHER_UNIT = '0190f3a2-3333-7aaa-8bbb-000000000002';
const OFFICIAL = '0190f3a2-1111-7aaa-8bbb-000000000001';
const HEAD = '0190f3a2-1111-7aaa-8bbb-000000000002';
const directory = () =>
  directoryWith([
    unitRecord(UNIT, AGENCY),
    unitRecord(OTHER_UNIT, AGENCY),
    unitRecord('0190f3a2-3333-7aaa-8bbb-000000000003', OTHER_AGENCY),
    ...postRecords(OFFICIAL, AGENCY, UNIT),
    ...postRecords(HEAD, AGENCY, UNIT),
  ]);
type Stage = keyof typeof STAGE_ACTION;
const official = () => actorFor('evaluation.self', [], { officialId: OFFICIAL, directory: directory() });
const head = (stage: Stage = 'MANAGER_REVIEWED') =>
  actorFor(STAGE_ACTION[stage], [], { officialId: HEAD, grants: [{ role: 'unit_head', unitId: UNIT }], directory: directory() });
const leader = (stage: Stage, agencyId = AGENCY) =>
  actorFor(STAGE_ACTION[stage], [], { grants: [{ role: 'agency_leader', agencyId }], directory: directory() });
const hr = (stage: Stage) => actorFor(STAGE_ACTION[stage], ['hr_admin'], { directory: directory() });

const self = (extra: Partial<Parameters<typeof parseSelfAssessment>[0]> = {}) =>
  parseSelfAssessment({
    officialId: OFFICIAL,
    period: '2026-11',
    criteria: [{ code: 'POLITICS_ETHICS', points: '9' }],
    comment: ' Hoàn thành kế hoạch ',
    version: 0,
    ...extra,
  });
const advance = (stage: Stage, version: number, comment = 'Đồng ý') =>
  parseAdvance({ officialId: OFFICIAL, period: '2026-11', stage, comment, version });
const state = (existing: Evaluation, extra: Partial<AdvanceState> = {}): AdvanceState => ({
  existing,
  agencyId: AGENCY,
  date: '2026-11-20',
  periodClosed: false,
  assessed: [{ code: 'POLITICS_ETHICS', points: 850 }],
  result: null,
  pack: DECREE_335_2025,
  ...extra,
});
const fresh = () => noEvaluation('tenant-a', '2026-11', OFFICIAL);
const selfState = (existing = fresh()) => ({ existing, pack: DECREE_335_2025, role: 'NON_MANAGER' as const, periodClosed: false });

/** The evaluation taken through the steps up to `stage`. */
function through(stage: Stage | 'SELF_ASSESSED'): Evaluation {
  let e = submitSelfAssessment(self(), selfState(), official()).entity;
  const closed = { periodClosed: true, result: { total: 9150, grade: 'EXCELLENT' as const } };
  const steps: [Stage, () => ReturnType<typeof head>, Partial<AdvanceState>][] = [
    ['MANAGER_REVIEWED', () => head(), {}],
    ['COMMITTEE_REVIEWED', () => leader('COMMITTEE_REVIEWED'), {}],
    ['HR_CONSOLIDATED', () => hr('HR_CONSOLIDATED'), closed],
    ['APPROVED', () => leader('APPROVED'), closed],
  ];
  for (const [s, who, extra] of steps) {
    if (e.stage === stage) break;
    e = advanceEvaluation(advance(s, e.version), state(e, extra), who()).entity;
  }
  return e;
}

describe('the evaluation workflow', () => {
  it('goes self-assessment → manager → collective → HR → approval, each step with who, when and what stood', () => {
    const e = through('APPROVED');
    expect(e.stage).toBe('APPROVED');
    expect(e.version).toBe(5);
    expect(e.steps.map((s) => s.stage)).toEqual(['SELF_ASSESSED', 'MANAGER_REVIEWED', 'COMMITTEE_REVIEWED', 'HR_CONSOLIDATED', 'APPROVED']);
    expect(e.steps[0]).toMatchObject({ comment: 'Hoàn thành kế hoạch', criteria: [{ code: 'POLITICS_ETHICS', points: 900 }] });
    expect(e.steps[1].criteria).toEqual([{ code: 'POLITICS_ETHICS', points: 850 }]);
    expect(e.steps[4]).toMatchObject({ total: 9150, grade: 'EXCELLENT', withdrawn: false });
    expect(e.steps.every((s) => s.by.startsWith('subject-') && s.at instanceof Date)).toBe(true);
    // The pack's window: 10 days after approval.
    expect(e.appealUntil!.getTime() - e.steps[4].at.getTime()).toBe(10 * 86_400_000);
  });

  it('refuses every step out of order, naming the stage', () => {
    expect(failureOf(() => advanceEvaluation(advance('MANAGER_REVIEWED', 0), state(fresh()), head()))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'stage',
    });
    const reviewed = through('MANAGER_REVIEWED');
    const closed = { periodClosed: true, result: { total: 9000, grade: 'GOOD' as const } };
    expect(failureOf(() => advanceEvaluation(advance('HR_CONSOLIDATED', 2), state(reviewed, closed), hr('HR_CONSOLIDATED')))?.field).toBe(
      'stage',
    );
    expect(failureOf(() => advanceEvaluation(advance('APPROVED', 2), state(reviewed, closed), leader('APPROVED')))?.field).toBe('stage');
    const approved = through('APPROVED');
    expect(failureOf(() => advanceEvaluation(advance('APPROVED', 5), state(approved, closed), leader('APPROVED')))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'stage',
    });
  });

  it('lets the manager and the collective take their step again (a new step, the history kept) until the next is taken', () => {
    const reviewed = through('MANAGER_REVIEWED');
    const again = advanceEvaluation(advance('MANAGER_REVIEWED', 2, 'Bổ sung'), state(reviewed), head()).entity;
    expect(again.steps.map((s) => [s.stage, s.comment])).toEqual([
      ['SELF_ASSESSED', 'Hoàn thành kế hoạch'],
      ['MANAGER_REVIEWED', 'Đồng ý'],
      ['MANAGER_REVIEWED', 'Bổ sung'],
    ]);
    const committee = through('COMMITTEE_REVIEWED');
    expect(failureOf(() => advanceEvaluation(advance('MANAGER_REVIEWED', 3), state(committee), head()))?.field).toBe('stage');
  });

  it('needs the general criteria recorded before a review, and the closed period’s result before consolidation and approval', () => {
    const selfAssessed = through('SELF_ASSESSED');
    expect(failureOf(() => advanceEvaluation(advance('MANAGER_REVIEWED', 1), state(selfAssessed, { assessed: null }), head()))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'official_id',
    });
    const committee = through('COMMITTEE_REVIEWED');
    expect(failureOf(() => advanceEvaluation(advance('HR_CONSOLIDATED', 3), state(committee), hr('HR_CONSOLIDATED')))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'period',
    });
  });

  it('gives each step to whom it belongs: nobody on their own, a unit head only the manager’s review, an agency’s leader only their agency', () => {
    const reviewed = through('MANAGER_REVIEWED');
    expect(() => head('COMMITTEE_REVIEWED')).toThrow(/no scope/);
    expect(
      failureOf(() => advanceEvaluation(advance('COMMITTEE_REVIEWED', 2), state(reviewed), leader('COMMITTEE_REVIEWED', OTHER_AGENCY)))
        ?.reason,
    ).toBe('PERMISSION_DENIED');
    const own = actorFor('evaluation.review', [], {
      officialId: OFFICIAL,
      grants: [{ role: 'unit_head', unitId: UNIT }],
      directory: directory(),
    });
    expect(failureOf(() => advanceEvaluation(advance('MANAGER_REVIEWED', 1), state(through('SELF_ASSESSED')), own))?.reason).toBe(
      'PERMISSION_DENIED',
    );
    const otherHead = actorFor('evaluation.review', [], { grants: [{ role: 'unit_head', unitId: OTHER_UNIT }], directory: directory() });
    expect(failureOf(() => advanceEvaluation(advance('MANAGER_REVIEWED', 1), state(through('SELF_ASSESSED')), otherHead))?.reason).toBe(
      'PERMISSION_DENIED',
    );
    expect(() => leader('HR_CONSOLIDATED')).toThrow(/no scope/);
  });

  it('checks the version read', () => {
    expect(failureOf(() => advanceEvaluation(advance('MANAGER_REVIEWED', 0), state(through('SELF_ASSESSED')), head()))).toEqual({
      reason: 'VERSION_CONFLICT',
      field: 'version',
    });
    expect(failureOf(() => submitSelfAssessment(self({ version: 3 }), selfState(), official()))?.reason).toBe('VERSION_CONFLICT');
  });
});

describe('self-assessment', () => {
  it('is the official’s own, within the pack’s criteria, while the period is open and before the manager’s review', () => {
    expect(failureOf(() => submitSelfAssessment(self(), selfState(), head()))?.reason).toBe('PERMISSION_DENIED');
    expect(fieldOf(() => submitSelfAssessment(self({ criteria: [{ code: 'NOPE', points: '1' }] }), selfState(), official()))).toBe(
      'criteria[0].code',
    );
    expect(
      fieldOf(() => submitSelfAssessment(self({ criteria: [{ code: 'POLITICS_ETHICS', points: '10.01' }] }), selfState(), official())),
    ).toBe('criteria[0].points');
    expect(fieldOf(() => self({ criteria: [{ code: 'POLITICS_ETHICS', points: '-1' }] }))).toBe('criteria[0].points');
    expect(failureOf(() => submitSelfAssessment(self(), { ...selfState(), periodClosed: true }, official()))?.field).toBe('period');
    const again = submitSelfAssessment(self({ version: 1, comment: 'Sửa lại' }), selfState(through('SELF_ASSESSED')), official()).entity;
    expect(again.steps.map((s) => s.comment)).toEqual(['Hoàn thành kế hoạch', 'Sửa lại']);
    expect(failureOf(() => submitSelfAssessment(self({ version: 2 }), selfState(through('MANAGER_REVIEWED')), official()))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'official_id',
    });
  });

  it('refuses a period not started and bad fields, naming each', () => {
    expect(fieldOf(() => submitSelfAssessment(self({ period: '2027-01' }), selfState(), official()))).toBe('period');
    expect(fieldOf(() => self({ officialId: 'x' }))).toBe('official_id');
    expect(fieldOf(() => self({ comment: 'x'.repeat(2001) }))).toBe('comment');
    expect(fieldOf(() => parseAdvance({ officialId: OFFICIAL, period: '2026-11', stage: 'SELF_ASSESSED', comment: '', version: 0 }))).toBe(
      'stage',
    );
  });
});

describe('comments and appeals', () => {
  const comment = (version: number, appeal = false, text = 'Tôi đề nghị xem lại điểm tiêu chí') =>
    parseComment({ officialId: OFFICIAL, period: '2026-11', text, appeal, version });

  it('takes the official’s comment at any step, an appeal only of the approved result within the window', () => {
    const reviewed = through('MANAGER_REVIEWED');
    const commented = commentOnEvaluation(comment(2), reviewed, official()).entity;
    expect(commented.comments).toMatchObject([{ text: 'Tôi đề nghị xem lại điểm tiêu chí', appeal: false }]);
    expect(commented.stage).toBe('MANAGER_REVIEWED');
    expect(failureOf(() => commentOnEvaluation(comment(2, true), reviewed, official()))?.field).toBe('appeal');
    const approved = through('APPROVED');
    expect(commentOnEvaluation(comment(5, true), approved, official()).entity.comments[0].appeal).toBe(true);
    const late = actorFor(
      'evaluation.self',
      [],
      { officialId: OFFICIAL, directory: directory() },
      new Date(approved.appealUntil!.getTime() + 1),
    );
    expect(failureOf(() => commentOnEvaluation(comment(5, true), approved, late))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'appeal',
    });
    expect(failureOf(() => commentOnEvaluation(comment(5), approved, head()))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => commentOnEvaluation(comment(0), fresh(), official()))?.reason).toBe('FAILED_PRECONDITION');
    expect(fieldOf(() => comment(0, false, '  '))).toBe('text');
  });
});

describe('reopening the period', () => {
  it('withdraws consolidation and approval, back at the collective’s review, the steps kept', () => {
    const e = withdrawnOnReopen(through('APPROVED'));
    expect(e.stage).toBe('COMMITTEE_REVIEWED');
    expect(e.appealUntil).toBeNull();
    expect(e.steps.map((s) => s.withdrawn)).toEqual([false, false, false, true, true]);
    expect(e.version).toBe(6);
    const again = advanceEvaluation(
      advance('HR_CONSOLIDATED', 6),
      state(e, { periodClosed: true, result: { total: 8800, grade: 'GOOD' } }),
      hr('HR_CONSOLIDATED'),
    ).entity;
    expect(again.steps.at(-1)).toMatchObject({ stage: 'HR_CONSOLIDATED', total: 8800, grade: 'GOOD', withdrawn: false });
    const early = through('COMMITTEE_REVIEWED');
    expect(withdrawnOnReopen(early)).toBe(early);
  });
});

describe('quota exceptions', () => {
  it('are refused once HR consolidated the result, allowed before', () => {
    expect(() => checkResultUnconsolidated(through('COMMITTEE_REVIEWED'))).not.toThrow();
    for (const stage of ['HR_CONSOLIDATED', 'APPROVED'] as const)
      expect(failureOf(() => checkResultUnconsolidated(through(stage)))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'official_id' });
  });
});
