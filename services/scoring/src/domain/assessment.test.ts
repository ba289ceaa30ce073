import { actorFor, directoryWith, failureOf, fieldOf, postRecords, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { type Assessment, type AssessmentInput, type AssessmentState, parseAssessment, recordAssessment } from './assessment';
import { DECREE_335_2025 } from './packs';

const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000001';
const UNIT = '0190f3a2-3333-7aaa-8bbb-000000000001';
const OTHER_UNIT = '0190f3a2-3333-7aaa-8bbb-000000000002';
const OFFICIAL = '0190f3a2-1111-7aaa-8bbb-000000000001';
const HEAD = '0190f3a2-1111-7aaa-8bbb-000000000002';
const directory = () =>
  directoryWith([
    unitRecord(UNIT, AGENCY),
    unitRecord(OTHER_UNIT, AGENCY),
    ...postRecords(OFFICIAL, AGENCY, UNIT),
    ...postRecords(HEAD, AGENCY, UNIT),
  ]);
const head = () =>
  actorFor('score.assess', [], { officialId: HEAD, grants: [{ role: 'unit_head', unitId: UNIT }], directory: directory() });

const request = (extra: Partial<Parameters<typeof parseAssessment>[0]> = {}) => ({
  officialId: OFFICIAL,
  period: '2026-11',
  criteria: [
    { code: 'POLITICS_ETHICS', points: '9.5' },
    { code: 'INNOVATION', points: '8' },
  ],
  organisationReduced: false,
  unityReduced: false,
  disqualifiers: [],
  comment: ' Hoàn thành tốt ',
  version: 0,
  ...extra,
});
const state = (extra: Partial<AssessmentState> = {}): AssessmentState => ({
  existing: undefined,
  pack: DECREE_335_2025,
  role: 'NON_MANAGER',
  date: '2026-11-20',
  today: '2026-11-20',
  ...extra,
});
const decide = (input: AssessmentInput, s = state(), actor = head()) => recordAssessment(input, s, actor);

describe('assessments', () => {
  it('reads criteria as two-place points, naming the field at fault', () => {
    const a = parseAssessment(request());
    expect(a.criteria).toEqual([
      { code: 'POLITICS_ETHICS', points: 950 },
      { code: 'INNOVATION', points: 800 },
    ]);
    expect(a.comment).toBe('Hoàn thành tốt');
    expect(
      fieldOf(() =>
        parseAssessment(
          request({
            criteria: [
              { code: 'A', points: '1' },
              { code: 'A', points: '2' },
            ],
          }),
        ),
      ),
    ).toBe('criteria[1].code');
    for (const points of ['8.555', '-1', 'tám', ''])
      expect(fieldOf(() => parseAssessment(request({ criteria: [{ code: 'INNOVATION', points }] })))).toBe('criteria[0].points');
    expect(fieldOf(() => parseAssessment(request({ officialId: 'x' })))).toBe('official_id');
    expect(fieldOf(() => parseAssessment(request({ period: '2026-13' })))).toBe('period');
    expect(fieldOf(() => parseAssessment(request({ comment: 'x'.repeat(2001) })))).toBe('comment');
  });

  it('records the first assessment as version 1, by the manager, with the points by code', () => {
    const actor = head();
    const d = decide(parseAssessment(request()), state(), actor);
    expect(d.entity).toMatchObject({
      officialId: OFFICIAL,
      period: '2026-11',
      general: { POLITICS_ETHICS: 950, INNOVATION: 800 },
      comment: 'Hoàn thành tốt',
      by: actor.principal.subject,
      version: 1,
    });
  });

  it("checks the criteria against the pack: known codes, each within its maximum; đ, e and leaders' disqualifiers only for managers", () => {
    const field = (extra: Partial<Parameters<typeof parseAssessment>[0]>, s = state()) =>
      failureOf(() => decide(parseAssessment(request(extra)), s));
    expect(field({ criteria: [{ code: 'ADMIN_REFORM_IT', points: '5' }] })).toEqual({ reason: 'INVALID_FIELD', field: 'criteria[0].code' });
    expect(field({ criteria: [{ code: 'INNOVATION', points: '10.01' }] })).toEqual({
      reason: 'INVALID_FIELD',
      field: 'criteria[0].points',
    });
    expect(field({ organisationReduced: true })).toEqual({ reason: 'INVALID_FIELD', field: 'organisation_reduced' });
    expect(field({ disqualifiers: ['UNIT_CORRUPTION'] })).toEqual({ reason: 'INVALID_FIELD', field: 'disqualifiers[0]' });
    expect(field({ disqualifiers: ['NO_SUCH'] })).toEqual({ reason: 'INVALID_FIELD', field: 'disqualifiers[0]' });
    expect(field({ unityReduced: true, disqualifiers: ['UNIT_CORRUPTION'] }, state({ role: 'MANAGER' }))).toBeUndefined();
    expect(field({ period: '2026-12' })).toEqual({ reason: 'INVALID_FIELD', field: 'period' });
  });

  it('never lets officials assess themselves, nor anyone out of reach', () => {
    const self = actorFor('score.assess', [], {
      officialId: OFFICIAL,
      grants: [{ role: 'unit_head', unitId: UNIT }],
      directory: directory(),
    });
    expect(failureOf(() => decide(parseAssessment(request()), state(), self))?.reason).toBe('PERMISSION_DENIED');
    const elsewhere = actorFor('score.assess', [], { grants: [{ role: 'unit_head', unitId: OTHER_UNIT }], directory: directory() });
    expect(failureOf(() => decide(parseAssessment(request()), state(), elsewhere))?.reason).toBe('PERMISSION_DENIED');
  });

  it('replaces the version read, refuses a stale one, and writes nothing for the same content again', () => {
    const first = decide(parseAssessment(request())).entity;
    const existing: Assessment = first;
    expect(failureOf(() => decide(parseAssessment(request()), state({ existing })))).toMatchObject({
      reason: 'VERSION_CONFLICT',
      field: 'version',
    });
    expect(decide(parseAssessment(request({ version: 1 })), state({ existing })).unchanged).toBe(true);
    const second = decide(parseAssessment(request({ version: 1, criteria: [{ code: 'INNOVATION', points: '10' }] })), state({ existing }));
    expect(second.entity).toMatchObject({ general: { INNOVATION: 1000 }, version: 2 });
  });
});
