import type { DirectoryRecord } from '@thuocdo/kit';
import { directoryWith, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { DEFAULT_DIARY_SETTINGS, type DiarySettings } from './diary-settings';
import { localTimeOf, postedOfficials, remindersDue, remindersFor } from './reminders';
import type { DiaryContext } from './work-log';
import { calendarYear } from './working-calendar';

const A1 = '0190f3a2-3333-7aaa-8bbb-000000000001';
const ELSEWHERE = '0190f3a2-3333-7aaa-8bbb-0000000000ee'; // an agency of another tenant
const U1 = '0190f3a2-5555-7aaa-8bbb-000000000001';
const U2 = '0190f3a2-5555-7aaa-8bbb-000000000002';
const UX = '0190f3a2-5555-7aaa-8bbb-0000000000ee';
const O1 = '0190f3a2-1111-7aaa-8bbb-000000000001'; // main post in U1, a concurrent one in U2
const O2 = '0190f3a2-1111-7aaa-8bbb-000000000002'; // main post in U2
const O3 = '0190f3a2-1111-7aaa-8bbb-000000000003'; // left on 1 November
const O4 = '0190f3a2-1111-7aaa-8bbb-000000000004'; // starts on 1 December
const O5 = '0190f3a2-1111-7aaa-8bbb-000000000005'; // no longer active
const OX = '0190f3a2-1111-7aaa-8bbb-0000000000ee'; // another tenant's

const official = (id: string, active = true, tenantId = TENANT): DirectoryRecord => ({
  kind: 'official',
  id,
  version: 1,
  removed: false,
  value: { id, tenantId, idpSubject: null, active },
});
const agency = (id: string, tenantId = TENANT): DirectoryRecord => ({
  kind: 'agency',
  id,
  version: 1,
  removed: false,
  value: { id, tenantId },
});
const membership = (
  officialId: string,
  unitId: string,
  over: { kind?: 'MAIN' | 'CONCURRENT'; validFrom?: string; validTo?: string | null },
) => {
  const id = `m-${officialId}-${unitId}`;
  return {
    kind: 'membership',
    id,
    version: 1,
    removed: false,
    value: { id, tenantId: TENANT, officialId, agencyId: A1, unitId, kind: 'MAIN', validFrom: '2020-01-01', validTo: null, ...over },
  } as DirectoryRecord;
};

const directory = () =>
  directoryWith([
    agency(A1),
    agency(ELSEWHERE, 'other-province'),
    unitRecord(U1, A1),
    unitRecord(U2, A1),
    {
      ...unitRecord(UX, ELSEWHERE),
      value: { ...(unitRecord(UX, ELSEWHERE).value as object), tenantId: 'other-province' },
    } as DirectoryRecord,
    ...postRecords(O1, A1, U1),
    membership(O1, U2, { kind: 'CONCURRENT' }),
    ...postRecords(O2, A1, U2),
    official(O3),
    membership(O3, U1, { validTo: '2026-11-01' }),
    ...postRecords(O4, A1, U2, '2026-12-01'),
    official(O5, false),
    membership(O5, U1, {}),
    official(OX, true, 'other-province'),
    {
      kind: 'membership',
      id: `m-${OX}`,
      version: 1,
      removed: false,
      value: {
        id: `m-${OX}`,
        tenantId: 'other-province',
        officialId: OX,
        agencyId: ELSEWHERE,
        unitId: UX,
        kind: 'MAIN',
        validFrom: '2020-01-01',
        validTo: null,
      },
    },
  ]);

const contextOn = (today: string, settings: Partial<DiarySettings> = {}): DiaryContext => ({
  settings: { ...DEFAULT_DIARY_SETTINGS, ...settings },
  calendars: new Map([[2026, calendarYear(2026, null)]]),
  today,
});

describe('localTimeOf', () => {
  it('reads the time in Hà Nội (UTC+7)', () => {
    expect(localTimeOf(new Date('2026-11-20T09:30:00Z'))).toBe('16:30');
    expect(localTimeOf(new Date('2026-11-20T17:05:00Z'))).toBe('00:05');
  });
});

describe('remindersDue', () => {
  it('is due on a working day from the reminder time (16:30 by default) on', () => {
    expect(remindersDue(contextOn('2026-11-20'), new Date('2026-11-20T09:29:59Z'))).toBe(false); // 16:29
    expect(remindersDue(contextOn('2026-11-20'), new Date('2026-11-20T09:30:00Z'))).toBe(true); // 16:30
    expect(remindersDue(contextOn('2026-11-20'), new Date('2026-11-20T16:59:00Z'))).toBe(true); // 23:59
  });

  it('follows the tenant’s reminder time', () => {
    expect(remindersDue(contextOn('2026-11-20', { reminderTime: '08:00' }), new Date('2026-11-20T01:00:00Z'))).toBe(true);
    expect(remindersDue(contextOn('2026-11-20', { reminderTime: '17:15' }), new Date('2026-11-20T10:00:00Z'))).toBe(false);
  });

  it('is never due on weekends and holidays; is due on the swapped working Saturday 10 Jan 2026', () => {
    expect(remindersDue(contextOn('2026-11-21'), new Date('2026-11-21T10:00:00Z'))).toBe(false); // Saturday
    expect(remindersDue(contextOn('2026-02-17'), new Date('2026-02-17T10:00:00Z'))).toBe(false); // Tết
    expect(remindersDue(contextOn('2026-09-02'), new Date('2026-09-02T10:00:00Z'))).toBe(false); // National Day
    expect(remindersDue(contextOn('2026-01-10'), new Date('2026-01-10T10:00:00Z'))).toBe(true);
  });
});

describe('postedOfficials', () => {
  it('lists each active official of the tenant with a main post in force on the date, once, with that post', () => {
    const posted = postedOfficials(directory(), TENANT, '2026-11-20').sort((a, b) => (a.officialId < b.officialId ? -1 : 1));
    expect(posted).toEqual([
      { tenantId: TENANT, officialId: O1, agencyId: A1, unitId: U1 },
      { tenantId: TENANT, officialId: O2, agencyId: A1, unitId: U2 },
    ]);
  });

  it('follows the date: a post that ended, one not begun', () => {
    const ids = (date: string) =>
      postedOfficials(directory(), TENANT, date)
        .map((p) => p.officialId)
        .sort();
    expect(ids('2026-10-30')).toEqual([O1, O2, O3]);
    expect(ids('2026-12-01')).toEqual([O1, O2, O4]);
    expect(postedOfficials(directory(), 'other-province', '2026-11-20').map((p) => p.officialId)).toEqual([OX]);
  });
});

describe('remindersFor', () => {
  it('reminds those posted who logged nothing that day', () => {
    const posted = postedOfficials(directory(), TENANT, '2026-11-20');
    expect(remindersFor(posted, new Set([O1, O3]), '2026-11-20')).toEqual([
      { tenantId: TENANT, officialId: O2, agencyId: A1, unitId: U2, date: '2026-11-20' },
    ]);
    expect(remindersFor(posted, new Set([O1, O2]), '2026-11-20')).toEqual([]);
  });
});
