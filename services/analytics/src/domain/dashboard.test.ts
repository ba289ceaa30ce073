import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { newFacts, planDailyWork, type WorkLogFact } from './dashboard';

const A1 = '0190f3a2-1111-7aaa-8bbb-123456789abc';
const A2 = '0190f3a2-2222-7aaa-8bbb-123456789abc';
const leader = actorFor('analytics.read', ['province_leader']);
const req = { fromDate: '2026-11-01', toDate: '2026-11-30', agencyId: '', pageSize: 0, pageToken: '' };

describe('planDailyWork', () => {
  it('accepts a range up to 366 days', () => {
    expect(planDailyWork({ ...req, fromDate: '2026-01-01', toDate: '2027-01-01' }, leader).filters).toEqual({
      fromDate: '2026-01-01',
      toDate: '2027-01-01',
      agencyId: null,
    });
    expect(fieldOf(() => planDailyWork({ ...req, fromDate: '2026-01-01', toDate: '2027-01-02' }, leader))).toBe('to_date');
    expect(fieldOf(() => planDailyWork({ ...req, fromDate: '2026-02-01', toDate: '2026-01-31' }, leader))).toBe('to_date');
    expect(fieldOf(() => planDailyWork({ ...req, agencyId: 'x' }, leader))).toBe('agency_id');
  });

  it('lets tenant-wide roles see every agency and keeps agency leaders to the agencies they are granted', () => {
    expect(planDailyWork({ ...req, agencyId: A2 }, leader)).toMatchObject({ filters: { agencyId: A2 }, agencies: null });
    const agencyLeader = actorFor('analytics.read', [], { grants: [{ role: 'agency_leader', agencyId: A1 }] });
    expect(planDailyWork(req, agencyLeader).agencies).toEqual([A1]);
    expect(planDailyWork({ ...req, agencyId: A1 }, agencyLeader).filters.agencyId).toBe(A1);
    expect(failureOf(() => planDailyWork({ ...req, agencyId: A2 }, agencyLeader))?.reason).toBe('PERMISSION_DENIED');
    // A unit head holds no agency: no agency totals.
    const head = actorFor('analytics.read', [], { grants: [{ role: 'unit_head', unitId: 'u1' }] });
    expect(planDailyWork(req, head).agencies).toEqual([]);
  });
});

describe('newFacts', () => {
  it('drops stored entries and repeats within a batch', () => {
    const f = (entryId: string) => ({ entryId }) as WorkLogFact;
    expect(newFacts([f('a'), f('b'), f('a'), f('c')], new Set(['c'])).map((x) => x.entryId)).toEqual(['a', 'b']);
  });
});
