import { PermissionDeniedError, type Principal, ValidationError } from '@thuocdo/kit';
import { newFacts, parseDailyWorkQuery, scopeQuery, toFact, type WorkLogFact } from './dashboard';

const A1 = '0190f3a2-1111-7aaa-8bbb-123456789abc';
const A2 = '0190f3a2-2222-7aaa-8bbb-123456789abc';
const who = (roles: string[], agencyId = ''): Principal => ({
  subject: 's',
  tenantId: 't',
  officialId: '',
  agencyId,
  roles: roles as Principal['roles'],
});

describe('parseDailyWorkQuery', () => {
  it('accepts a range up to 366 days', () => {
    expect(parseDailyWorkQuery({ fromDate: '2026-01-01', toDate: '2027-01-01', agencyId: '' })).toEqual({
      fromDate: '2026-01-01',
      toDate: '2027-01-01',
      agencyId: null,
    });
    expect(() => parseDailyWorkQuery({ fromDate: '2026-01-01', toDate: '2027-01-02', agencyId: '' })).toThrow(ValidationError);
    expect(() => parseDailyWorkQuery({ fromDate: '2026-02-01', toDate: '2026-01-31', agencyId: '' })).toThrow(ValidationError);
    expect(() => parseDailyWorkQuery({ fromDate: '2026-02-01', toDate: '2026-02-02', agencyId: 'x' })).toThrow(ValidationError);
  });
});

describe('scopeQuery', () => {
  const q = { fromDate: '2026-11-01', toDate: '2026-11-30', agencyId: null };
  it('lets tenant-wide roles see every agency', () => {
    expect(scopeQuery(who(['province_leader']), q)).toEqual(q);
  });
  it('pins agency leaders to their agency', () => {
    expect(scopeQuery(who(['agency_leader'], A1), q).agencyId).toBe(A1);
    expect(() => scopeQuery(who(['agency_leader'], A1), { ...q, agencyId: A2 })).toThrow(PermissionDeniedError);
  });
  it('denies officials and leaders without an agency', () => {
    expect(() => scopeQuery(who(['official'], A1), q)).toThrow(PermissionDeniedError);
    expect(() => scopeQuery(who(['agency_leader']), q)).toThrow(PermissionDeniedError);
  });
});

describe('facts', () => {
  const entry = {
    id: 'e1',
    tenantId: 't',
    officialId: 'o',
    agencyId: A1,
    unitId: 'u',
    workDate: '2026-11-20',
    workItemId: 'w',
    quantity: 1.5,
    minutes: 90,
    note: '',
    createTime: new Date('2026-11-20T03:04:05.678Z'),
  };
  it('maps an entry to a row ClickHouse parses', () => {
    expect(toFact(entry, 'ev', 1)).toMatchObject({ quantity: '1.50', created_at: '2026-11-20 03:04:05.678', version: 1 });
  });
  it('drops stored entries and repeats within a batch', () => {
    const f = (id: string) => ({ ...toFact({ ...entry, id }, `ev-${id}`, 1) }) as WorkLogFact;
    expect(newFacts([f('a'), f('b'), f('a'), f('c')], new Set(['c'])).map((x) => x.entry_id)).toEqual(['a', 'b']);
  });
});
