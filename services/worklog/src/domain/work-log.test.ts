import { PermissionDeniedError, type Principal, ValidationError } from '@thuocdo/kit';
import type { worklogV1 } from '@thuocdo/proto';
import { canLogFor, canReadLogsOf, parseListWorkLogs, parseLogWork } from './work-log';

const NOW = new Date('2026-11-20T03:00:00Z'); // 10:00 in Hà Nội, Friday 20 November
const rules = { maxBackdateDays: 31, now: NOW };
const OFFICIAL = '0190f3a2-1111-7aaa-8bbb-123456789abc';
const ITEM = '0190f3a2-2222-7aaa-8bbb-123456789abc';
const valid: worklogV1.LogWorkRequest = {
  officialId: OFFICIAL,
  workDate: '2026-11-20',
  workItemId: ITEM,
  quantity: 2,
  minutes: 90,
  note: ' Soạn công văn số 12 ',
  requestId: '',
};

const who = (roles: string[], extra: Partial<Principal> = {}): Principal => ({
  subject: 's',
  tenantId: 't',
  officialId: '',
  agencyId: '',
  roles: roles as Principal['roles'],
  ...extra,
});

function fieldOf(req: Partial<worklogV1.LogWorkRequest>): string | undefined {
  try {
    parseLogWork({ ...valid, ...req }, rules);
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
  return undefined;
}

describe('parseLogWork', () => {
  it('accepts a valid entry and trims the note', () => {
    expect(parseLogWork(valid, rules)).toEqual({
      officialId: OFFICIAL,
      workDate: '2026-11-20',
      workItemId: ITEM,
      quantity: 2,
      minutes: 90,
      note: 'Soạn công văn số 12',
      requestId: null,
    });
  });

  it.each([
    [{ officialId: '' }, 'official_id'],
    [{ officialId: 'abc' }, 'official_id'],
    [{ workDate: '' }, 'work_date'],
    [{ workDate: '2026-02-30' }, 'work_date'],
    [{ workDate: '2026-11-21' }, 'work_date'], // tomorrow in Hà Nội
    [{ workDate: '2026-10-19' }, 'work_date'], // 32 days back, over the limit
    [{ workItemId: '' }, 'work_item_id'],
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: -1 }, 'quantity'],
    [{ quantity: 1.005 }, 'quantity'],
    [{ quantity: Number.POSITIVE_INFINITY }, 'quantity'],
    [{ quantity: 100_001 }, 'quantity'],
    [{ minutes: 0 }, 'minutes'],
    [{ minutes: -30 }, 'minutes'],
    [{ minutes: 1441 }, 'minutes'],
    [{ note: 'x'.repeat(2001) }, 'note'],
    [{ requestId: 'retry-1' }, 'request_id'],
  ])('refuses %j naming %s', (change, field) => {
    expect(fieldOf(change)).toBe(field);
  });

  it('accepts the backdate limit exactly, and two decimals', () => {
    expect(fieldOf({ workDate: '2026-10-20', quantity: 0.25 })).toBeUndefined();
    for (const quantity of [1.1, 2.3, 0.29, 0.07, 99_999.99]) expect(fieldOf({ quantity })).toBeUndefined();
  });

  it('uses the date in Hà Nội, not UTC', () => {
    const lateEvening = new Date('2026-11-20T18:30:00Z'); // 01:30 on the 21st in Hà Nội
    expect(parseLogWork({ ...valid, workDate: '2026-11-21' }, { ...rules, now: lateEvening }).workDate).toBe('2026-11-21');
  });
});

describe('canLogFor', () => {
  const official = { agencyId: 'agency-1', unitId: 'unit-1' };

  it('lets officials log for themselves only', () => {
    expect(() => canLogFor(who(['official'], { officialId: OFFICIAL }), OFFICIAL, official)).not.toThrow();
    expect(() => canLogFor(who(['official'], { officialId: 'someone-else' }), OFFICIAL, official)).toThrow(PermissionDeniedError);
  });

  it('lets an integrator log within its agency, or tenant-wide without one', () => {
    expect(() => canLogFor(who(['integrator'], { agencyId: 'agency-1' }), OFFICIAL, official)).not.toThrow();
    expect(() => canLogFor(who(['integrator'], { agencyId: 'agency-2' }), OFFICIAL, official)).toThrow(PermissionDeniedError);
    expect(() => canLogFor(who(['integrator']), OFFICIAL, official)).not.toThrow();
  });

  it('denies every other role', () => {
    for (const r of ['unit_head', 'agency_leader', 'province_leader', 'hr_admin', 'auditor', 'sys_admin'])
      expect(() => canLogFor(who([r], { agencyId: 'agency-1' }), OFFICIAL, official)).toThrow(PermissionDeniedError);
  });
});

describe('canReadLogsOf', () => {
  const inAgency1 = { agencyId: 'agency-1', unitId: 'unit-1' };

  it('lets owners and tenant-wide roles read', () => {
    expect(() => canReadLogsOf(who(['official'], { officialId: OFFICIAL }), OFFICIAL, undefined)).not.toThrow();
    expect(() => canReadLogsOf(who(['province_leader']), OFFICIAL, inAgency1)).not.toThrow();
  });

  it('keeps agency-scoped roles inside their agency', () => {
    for (const role of ['unit_head', 'agency_leader', 'integrator']) {
      expect(() => canReadLogsOf(who([role], { agencyId: 'agency-1' }), OFFICIAL, inAgency1)).not.toThrow();
      expect(() => canReadLogsOf(who([role], { agencyId: 'agency-2' }), OFFICIAL, inAgency1)).toThrow(PermissionDeniedError);
    }
    expect(() => canReadLogsOf(who(['agency_leader']), OFFICIAL, inAgency1)).toThrow(PermissionDeniedError);
    expect(() => canReadLogsOf(who(['official'], { officialId: 'other', agencyId: 'agency-1' }), OFFICIAL, inAgency1)).toThrow(
      PermissionDeniedError,
    );
  });
});

describe('parseListWorkLogs', () => {
  const base = { officialId: OFFICIAL, fromDate: '2026-11-01', toDate: '2026-11-30', pageSize: 0, pageToken: '' };
  it('defaults the page size and checks the range', () => {
    expect(parseListWorkLogs(base).pageSize).toBe(100);
    expect(() => parseListWorkLogs({ ...base, toDate: '2026-10-31' })).toThrow(ValidationError);
    expect(() => parseListWorkLogs({ ...base, pageSize: 501 })).toThrow(ValidationError);
  });
});
