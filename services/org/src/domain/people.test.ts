import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import type { JobPosition, Membership, Official, Unit } from './model';
import {
  assignPost,
  createJobPosition,
  createOfficial,
  endMembership,
  parseAssignPost,
  parseCreateJobPosition,
  parseCreateOfficial,
  parseEndMembership,
  parseUpdateOfficial,
  updateOfficial,
} from './people';

const A1 = '0190f3a2-1111-7aaa-8bbb-000000000001';
const A2 = '0190f3a2-1111-7aaa-8bbb-000000000002';
const hr = actorFor('org.official.manage', ['hr_admin']);
const NOW = hr.now;
let n = 0;
const uid = () => `0190f3a2-4444-7aaa-8bbb-${String(++n).padStart(12, '0')}`;

const unit = (agencyId = A1, extra: Partial<Unit> = {}): Unit => {
  const id = uid();
  return {
    id,
    tenantId: hr.principal.tenantId,
    agencyId,
    parentUnitId: null,
    code: `U${n}`,
    name: `Phòng ${n}`,
    validFrom: '2025-01-01',
    validTo: null,
    path: `${id}/`,
    periods: [],
    lineage: [],
    version: 1,
    createdAt: new Date(0),
    ...extra,
  };
};

const position = (u: Unit, extra: Partial<JobPosition> = {}): JobPosition => ({
  id: uid(),
  tenantId: hr.principal.tenantId,
  agencyId: u.agencyId,
  unitId: u.id,
  code: `VT${n}`,
  title: 'Chuyên viên',
  duties: '',
  category: 'SPECIALIST',
  leadership: false,
  version: 1,
  createdAt: new Date(0),
  ...extra,
});

const person = {
  id: '',
  fullName: '  Nguyễn   Thị Lan ',
  email: '',
  category: 'CIVIL_SERVANT',
  staffCode: 'CB-0001',
  idpSubject: '',
  positionId: '',
  validFrom: '2026-01-05',
};

function hired(u: Unit): { official: Official; main: Membership } {
  const d = createOfficial(
    parseCreateOfficial({ ...person, agencyId: u.agencyId, unitId: u.id }, NOW),
    { agencyExists: true, unit: u, idUsedElsewhere: false },
    hr,
  );
  return { official: d.entity, main: d.events[1].after as Membership };
}

describe('job positions (vị trí việc làm)', () => {
  const u = unit();
  const base = {
    id: '',
    unitId: u.id,
    code: 'TP',
    title: 'Trưởng phòng',
    duties: 'Điều hành phòng',
    category: 'LEADERSHIP',
    leadership: true,
  };

  it('belong to a unit in force, with a code unique in the agency', () => {
    const p = parseCreateJobPosition(base);
    const d = createJobPosition(p, { unit: u, idUsedElsewhere: false }, hr);
    expect(d.entity).toMatchObject({ agencyId: A1, unitId: u.id, leadership: true, version: 1 });
    expect(failureOf(() => createJobPosition(p, { unit: u, idUsedElsewhere: false, sameCode: d.entity }, hr))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'code',
    });
    expect(failureOf(() => createJobPosition(p, { unit: { ...u, validTo: '2026-01-01' }, idUsedElsewhere: false }, hr))?.reason).toBe(
      'FAILED_PRECONDITION',
    );
    expect(failureOf(() => createJobPosition(p, { idUsedElsewhere: false }, hr))).toEqual({ reason: 'NOT_FOUND', field: 'unit_id' });
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => parseCreateJobPosition({ ...base, leadership: false }))).toBe('leadership');
    expect(fieldOf(() => parseCreateJobPosition({ ...base, category: 'BOSS' }))).toBe('category');
    expect(fieldOf(() => parseCreateJobPosition({ ...base, title: '' }))).toBe('title');
    expect(fieldOf(() => parseCreateJobPosition({ ...base, duties: 'x'.repeat(4001) }))).toBe('duties');
  });
});

describe('creating an official', () => {
  it('records the person and their first main post from the start date', () => {
    const u = unit();
    const { official, main } = hired(u);
    expect(official).toMatchObject({ fullName: 'Nguyễn Thị Lan', staffCode: 'CB-0001', agencyId: A1, unitId: u.id, active: true });
    expect(main).toMatchObject({ officialId: official.id, unitId: u.id, kind: 'MAIN', validFrom: '2026-01-05', validTo: null });
  });

  it('refuses a position of another unit, a unit not in force on the start date, and identities already used', () => {
    const u = unit();
    const o = parseCreateOfficial({ ...person, agencyId: A1, unitId: u.id, positionId: uid() }, NOW);
    const state = { agencyExists: true, unit: u, idUsedElsewhere: false };
    expect(failureOf(() => createOfficial(o, { ...state, position: position(unit()) }, hr))?.field).toBe('position_id');
    expect(failureOf(() => createOfficial(o, state, hr))).toEqual({ reason: 'NOT_FOUND', field: 'position_id' });
    const young = { ...u, validFrom: '2026-02-01' };
    const plain = parseCreateOfficial({ ...person, agencyId: A1, unitId: u.id }, NOW);
    expect(failureOf(() => createOfficial(plain, { ...state, unit: young }, hr))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'unit_id',
    });
    const other = hired(u).official;
    expect(failureOf(() => createOfficial(plain, { ...state, sameStaffCode: other }, hr))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'staff_code',
    });
  });

  it('validates every personal field', () => {
    const r = { ...person, agencyId: A1, unitId: uid() };
    expect(fieldOf(() => parseCreateOfficial({ ...r, email: 'lan@' }, NOW))).toBe('email');
    expect(fieldOf(() => parseCreateOfficial({ ...r, fullName: ' ' }, NOW))).toBe('full_name');
    expect(fieldOf(() => parseCreateOfficial({ ...r, category: 'MAYOR' }, NOW))).toBe('category');
    expect(fieldOf(() => parseCreateOfficial({ ...r, staffCode: 'mã có dấu' }, NOW))).toBe('staff_code');
    expect(fieldOf(() => parseCreateOfficial({ ...r, validFrom: '05/01/2026' }, NOW))).toBe('valid_from');
  });
});

describe('updating personal details', () => {
  it('needs the version the caller read, and changes only what differs', () => {
    const { official } = hired(unit());
    const base = {
      id: official.id,
      version: 1,
      fullName: 'Nguyễn Thị Lan',
      email: 'lan@snv.gov.vn',
      category: 'CIVIL_SERVANT',
      staffCode: 'CB-0001',
      idpSubject: '',
    };
    const d = updateOfficial(parseUpdateOfficial(base), { official, posts: [] }, hr);
    expect(d.entity).toMatchObject({ email: 'lan@snv.gov.vn', version: 2 });
    expect(d.events).toEqual([{ type: 'official', before: official, after: d.entity }]);
    expect(failureOf(() => updateOfficial(parseUpdateOfficial({ ...base, version: 2 }), { official, posts: [] }, hr))?.reason).toBe(
      'VERSION_CONFLICT',
    );
    const same = parseUpdateOfficial({ ...base, email: '' });
    expect(updateOfficial(same, { official, posts: [] }, hr).unchanged).toBe(true);
  });
});

describe('posts over time', () => {
  const request = (o: Official, u: Unit, extra: Record<string, string> = {}) =>
    parseAssignPost(
      { id: '', officialId: o.id, unitId: u.id, positionId: '', kind: 'MAIN', validFrom: '2026-09-01', previousEndReason: '', ...extra },
      NOW,
    );

  it('a transfer ends the main post the day the new one starts, and the official follows it', () => {
    const from = unit();
    const to = unit(A2);
    const { official, main } = hired(from);
    const d = assignPost(request(official, to), { official, unit: to, memberships: [main] }, hr);
    expect(d.entity.ended).toMatchObject({ id: main.id, validTo: '2026-09-01', endReason: 'TRANSFER', version: 2 });
    expect(d.entity.membership).toMatchObject({ unitId: to.id, agencyId: A2, validFrom: '2026-09-01', kind: 'MAIN' });
    const officialAfter = d.events.find((c) => c.type === 'official')?.after as Official;
    expect(officialAfter).toMatchObject({ agencyId: A2, unitId: to.id, version: 2 });
  });

  it('keeps every earlier post: who was in the unit on a past date is still answerable', () => {
    const from = unit();
    const { official, main } = hired(from);
    const d = assignPost(
      request(official, unit(A2), { previousEndReason: 'PROMOTION' }),
      { official, unit: unit(A2), memberships: [main] },
      hr,
    );
    const ended = d.entity.ended!;
    const heldOn = (m: Membership, date: string) => m.validFrom <= date && (m.validTo === null || date < m.validTo);
    expect(heldOn(ended, '2026-08-31')).toBe(true);
    expect(heldOn(ended, '2026-09-01')).toBe(false);
    expect(ended.endReason).toBe('PROMOTION');
  });

  it('adds a concurrent post (kiêm nhiệm) beside the main one, once per unit at a time', () => {
    const home = unit();
    const other = unit();
    const { official, main } = hired(home);
    const d = assignPost(request(official, other, { kind: 'CONCURRENT' }), { official, unit: other, memberships: [main] }, hr);
    expect(d.entity.ended).toBeNull();
    expect(d.events.map((c) => c.type)).toEqual(['membership']);
    const twice = () =>
      assignPost(
        request(official, other, { kind: 'CONCURRENT', validFrom: '2026-10-01' }),
        { official, unit: other, memberships: [main, d.entity.membership] },
        hr,
      );
    expect(failureOf(twice)).toEqual({ reason: 'ALREADY_EXISTS', field: 'unit_id' });
  });

  it('refuses a post that starts before a later one, and answers a retry with the same id', () => {
    const { official, main } = hired(unit());
    const to = unit();
    const early = request(official, to, { validFrom: '2026-01-01' });
    expect(failureOf(() => assignPost(early, { official, unit: to, memberships: [main] }, hr))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'valid_from',
    });
    const id = uid();
    const first = assignPost(request(official, to, { id }), { official, unit: to, memberships: [main] }, hr);
    const retry = assignPost(
      request(official, to, { id }),
      { official, unit: to, memberships: [first.events[0].after as Membership, first.entity.membership] },
      hr,
    );
    expect(retry.unchanged).toBe(true);
  });

  it('ending the main post with nothing after it makes the official inactive', () => {
    const { official, main } = hired(unit());
    const e = parseEndMembership({ id: main.id, validTo: '2026-11-01', reason: 'RETIREMENT' }, NOW);
    const d = endMembership(e, { official, memberships: [main] }, hr);
    expect(d.entity).toMatchObject({ validTo: '2026-11-01', endReason: 'RETIREMENT' });
    expect(d.events.find((c) => c.type === 'official')?.after).toMatchObject({ active: false });
    expect(endMembership(e, { official, memberships: [d.entity] }, hr).unchanged).toBe(true);
  });

  it('ending a post on the day it starts withdraws it: a tombstone, nothing kept', () => {
    const { official, main } = hired(unit());
    const d = endMembership(
      parseEndMembership({ id: main.id, validTo: main.validFrom, reason: 'OTHER' }, NOW),
      { official, memberships: [main] },
      hr,
    );
    expect(d.events[0]).toEqual({ type: 'membership', before: main, after: null });
  });

  it('refuses an end before the start and an unknown reason', () => {
    const { official, main } = hired(unit());
    const early = parseEndMembership({ id: main.id, validTo: '2025-12-31', reason: 'LEAVE' }, NOW);
    expect(fieldOf(() => endMembership(early, { official, memberships: [main] }, hr))).toBe('valid_to');
    expect(fieldOf(() => parseEndMembership({ id: main.id, validTo: '', reason: 'FIRED' }, NOW))).toBe('reason');
  });
});
