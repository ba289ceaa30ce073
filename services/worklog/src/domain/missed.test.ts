import type { Actor, DirectoryRecord } from '@thuocdo/kit';
import { actorFor, directoryWith, failureOf, fieldOf, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { expectedDays, MAX_MISSED_DAYS, type MissedQuery, missedDeclarations, planMissedDeclarations } from './missed';
import { calendarYear } from './working-calendar';

const A1 = '0190f3a2-3333-7aaa-8bbb-000000000001';
const A2 = '0190f3a2-3333-7aaa-8bbb-000000000002';
const TOP = '0190f3a2-5555-7aaa-8bbb-000000000001';
const U1 = '0190f3a2-5555-7aaa-8bbb-000000000002';
const U2 = '0190f3a2-5555-7aaa-8bbb-000000000003';
const U9 = '0190f3a2-5555-7aaa-8bbb-000000000009';
// Ids in the order expectedDays sorts them.
const O1 = '0190f3a2-1111-7aaa-8bbb-000000000001'; // U1 all along
const O2 = '0190f3a2-1111-7aaa-8bbb-000000000002'; // U2 from Thursday 3 September 2026
const O3 = '0190f3a2-1111-7aaa-8bbb-000000000003'; // U1 until 3 September 2026, then U9 in another agency
const O9 = '0190f3a2-1111-7aaa-8bbb-000000000009'; // U9

const post = (officialId: string, agencyId: string, unitId: string, validFrom: string, validTo: string | null): DirectoryRecord => ({
  kind: 'membership',
  id: `m-${officialId}-${unitId}`,
  version: 1,
  removed: false,
  value: { id: `m-${officialId}-${unitId}`, tenantId: TENANT, officialId, agencyId, unitId, kind: 'MAIN', validFrom, validTo },
});

const directory = () =>
  directoryWith([
    unitRecord(TOP, A1),
    unitRecord(U1, A1, TOP),
    unitRecord(U2, A1, TOP),
    unitRecord(U9, A2),
    ...postRecords(O1, A1, U1),
    ...postRecords(O2, A1, U2, '2026-09-03'),
    ...postRecords(O9, A2, U9),
    { kind: 'official', id: O3, version: 1, removed: false, value: { id: O3, tenantId: TENANT, idpSubject: null, active: true } },
    post(O3, A1, U1, '2020-01-01', '2026-09-03'),
    post(O3, A2, U9, '2026-09-03', null),
  ]);

const head = () => actorFor('worklog.missed.read', [], { grants: [{ role: 'unit_head', unitId: TOP }], directory: directory() });
const own = (officialId = O1) => actorFor('worklog.missed.read', [], { officialId, directory: directory() });
const auditor = () => actorFor('worklog.missed.read', ['auditor'], { directory: directory() });

const plan = (actor: Actor, r: Partial<Parameters<typeof planMissedDeclarations>[0]> = {}) =>
  planMissedDeclarations({ unitId: TOP, fromDate: '2026-08-31', toDate: '2026-09-04', pageSize: 0, pageToken: '', ...r }, actor);

// 31 August to 4 September 2026: 1 and 2 September are National Day holidays.
const calendars = new Map([[2026, calendarYear(2026, null)]]);

describe('planMissedDeclarations', () => {
  it('checks the range: in order, not in the future (today is 20 Nov 2026), at most 92 days', () => {
    expect(plan(head())).toMatchObject({ unitId: TOP, fromDate: '2026-08-31', toDate: '2026-09-04', page: { size: 50, after: null } });
    expect(fieldOf(() => plan(head(), { fromDate: '2026-09-05' }))).toBe('to_date');
    expect(fieldOf(() => plan(head(), { fromDate: '31/08/2026' }))).toBe('from_date');
    expect(fieldOf(() => plan(head(), { toDate: '2026-11-21' }))).toBe('to_date');
    expect(plan(head(), { toDate: '2026-11-20', fromDate: '2026-08-21' }).fromDate).toBe('2026-08-21'); // 92 days with both ends
    expect(MAX_MISSED_DAYS).toBe(92);
    expect(fieldOf(() => plan(head(), { toDate: '2026-11-20', fromDate: '2026-08-20' }))).toBe('to_date'); // 93 days
    expect(fieldOf(() => plan(head(), { unitId: 'unit-1' }))).toBe('unit_id');
  });

  it("defaults to the caller's own unit (their main post today), and needs a unit otherwise", () => {
    expect(plan(own(), { unitId: '' }).unitId).toBe(U1);
    expect(plan(own(O3), { unitId: '' }).unitId).toBe(U9);
    expect(fieldOf(() => plan(auditor(), { unitId: '' }))).toBe('unit_id');
  });

  it('refuses a unit out of reach, and tells only tenant-wide readers that a unit is unknown', () => {
    // A reporting client of agency A1 holds no official of its own to fall back on.
    const client = actorFor('worklog.missed.read', [], {
      clientId: 'bao-cao',
      serviceAccount: true,
      grants: [{ role: 'agency_leader', agencyId: A1 }],
      directory: directory(),
    });
    expect(plan(client).unitId).toBe(TOP);
    expect(failureOf(() => plan(client, { unitId: U9 }))?.reason).toBe('PERMISSION_DENIED');
    const unknown = '0190f3a2-5555-7aaa-8bbb-00000000dead';
    expect(failureOf(() => plan(head(), { unitId: unknown }))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => plan(auditor(), { unitId: unknown }))).toEqual({ reason: 'INVALID_FIELD', field: 'unit_id' });
    expect(plan(auditor(), { unitId: U9 }).unitId).toBe(U9);
  });

  it('lets an official ask about any unit of the tenant: they see only themselves there', () => {
    expect(plan(own(), { unitId: TOP }).unitId).toBe(TOP);
    const elsewhere = plan(head(), { unitId: U9 });
    expect(expectedDays(elsewhere, calendars, head())).toEqual([]);
  });
});

describe('expectedDays', () => {
  const q = (unitId = TOP, fromDate = '2026-08-31', toDate = '2026-09-04'): MissedQuery => ({
    unitId,
    fromDate,
    toDate,
    page: { size: 50, after: null },
  });

  it('lists the working days each official’s post lay under the unit, skipping holidays, ordered by official', () => {
    expect(expectedDays(q(), calendars, head())).toEqual([
      { officialId: O1, unitId: U1, days: ['2026-08-31', '2026-09-03', '2026-09-04'] },
      { officialId: O2, unitId: U2, days: ['2026-09-03', '2026-09-04'] },
      { officialId: O3, unitId: U1, days: ['2026-08-31'] },
    ]);
  });

  it('for a unit inside the subtree, only its own officials', () => {
    expect(expectedDays(q(U2), calendars, head()).map((e) => e.officialId)).toEqual([O2]);
  });

  it('shows an official without a manager’s grant only themselves', () => {
    expect(expectedDays(q(), calendars, own())).toEqual([{ officialId: O1, unitId: U1, days: ['2026-08-31', '2026-09-03', '2026-09-04'] }]);
  });

  it('expects nothing on weekends and holidays', () => {
    expect(expectedDays(q(TOP, '2026-09-01', '2026-09-02'), calendars, head())).toEqual([]);
    expect(expectedDays(q(TOP, '2026-09-05', '2026-09-06'), calendars, head())).toEqual([]);
  });
});

describe('missedDeclarations', () => {
  it('lists the working days each official logged nothing on, and counts those who missed none', () => {
    const expected = expectedDays(
      { unitId: TOP, fromDate: '2026-08-31', toDate: '2026-09-04', page: { size: 50, after: null } },
      calendars,
      head(),
    );
    const logged = new Map([
      [O1, new Set(['2026-08-31', '2026-09-02', '2026-09-03'])], // a holiday entry does not stand in for 4 September
      [O2, new Set(['2026-09-03', '2026-09-04'])],
    ]);
    expect(missedDeclarations(expected, logged)).toEqual({
      missed: [
        { officialId: O1, unitId: U1, missedDates: ['2026-09-04'], workingDays: 3 },
        { officialId: O3, unitId: U1, missedDates: ['2026-08-31'], workingDays: 1 },
      ],
      complete: 1,
    });
    expect(missedDeclarations([], logged)).toEqual({ missed: [], complete: 0 });
  });
});
