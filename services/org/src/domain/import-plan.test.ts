import { actorFor } from '@thuocdo/testing/src/domain-fixtures';
import { MAX_UNIT_DEPTH, type OrgSnapshot, planImport } from './import-plan';
import type { Membership, Official, Unit } from './model';
import { type OrgChartRows, readOrgChart } from './org-chart-sheets';

const AGENCY = '0190f3a2-1111-7aaa-8bbb-000000000001';
const hr = actorFor('org.import', ['hr_admin']);
let n = 0;
const uid = () => `0190f3a2-5555-7aaa-8bbb-${String(++n).padStart(12, '0')}`;

const unit = (code: string, parent?: Unit): Unit => {
  const id = uid();
  return {
    id,
    tenantId: hr.principal.tenantId,
    agencyId: AGENCY,
    parentUnitId: parent?.id ?? null,
    code,
    name: `Phòng ${code}`,
    validFrom: '2020-01-01',
    validTo: null,
    path: `${parent?.path ?? ''}${id}/`,
    periods: [{ validFrom: '2020-01-01', validTo: null, code, name: `Phòng ${code}`, parentUnitId: parent?.id ?? null }],
    lineage: [],
    version: 1,
    createdAt: new Date(0),
  };
};

const official = (staffCode: string, u: Unit, extra: Partial<Official> = {}): Official => ({
  id: uid(),
  tenantId: hr.principal.tenantId,
  agencyId: AGENCY,
  unitId: u.id,
  positionId: null,
  fullName: 'Lê Thị Hoa',
  email: null,
  staffCode,
  idpSubject: null,
  category: 'CIVIL_SERVANT',
  active: true,
  version: 1,
  createdAt: new Date(0),
  ...extra,
});

const post = (o: Official, u: Unit, extra: Partial<Membership> = {}): Membership => ({
  id: uid(),
  tenantId: o.tenantId,
  officialId: o.id,
  agencyId: AGENCY,
  unitId: u.id,
  positionId: null,
  kind: 'MAIN',
  validFrom: '2020-01-01',
  validTo: null,
  endReason: null,
  version: 1,
  createdAt: new Date(0),
  ...extra,
});

const snapshot = (s: Partial<OrgSnapshot> = {}): OrgSnapshot => ({
  agency: { id: AGENCY, code: 'SNV' },
  units: [],
  positions: [],
  officials: [],
  memberships: [],
  ...s,
});

/** Runs a plan to its end. */
function plan(rows: OrgChartRows, s: OrgSnapshot) {
  const steps = planImport(rows, s, hr, '2026-01-01');
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const staffRow = (row: number, staffCode: string, unitCode: string, extra: Record<string, string> = {}) => ({
  row,
  staffCode,
  fullName: 'Lê Thị Hoa',
  email: '',
  category: 'CIVIL_SERVANT' as const,
  unitCode,
  positionCode: '',
  startDate: '',
  idpSubject: '',
  ...extra,
});
const issuesOf = (p: ReturnType<typeof plan>) => p.issues.map((i) => [i.sheet, i.row, i.column, i.text.vi]);

describe('planning an import', () => {
  it('does not post again, nor rewrite the history of, a person who has left', () => {
    const vp = unit('VP');
    const left = official('CB1', vp, { active: false });
    const p = plan(
      { units: [], positions: [], staff: [staffRow(2, 'CB1', 'VP', { startDate: '2024-01-01' })] },
      snapshot({ units: [vp], officials: [left], memberships: [post(left, vp, { validTo: '2025-06-01', endReason: 'LEAVE' })] }),
    );
    expect(issuesOf(p)).toEqual([['Cán bộ', 2, 'Mã cán bộ', expect.stringContaining('đã thôi công tác')]]);
    expect(p.changes).toEqual([]);
  });

  it('refuses a main post in a unit where the person holds a concurrent post', () => {
    const [vp, kt] = [unit('VP'), unit('KT')];
    const o = official('CB1', vp);
    const p = plan(
      { units: [], positions: [], staff: [staffRow(2, 'CB1', 'KT')] },
      snapshot({ units: [vp, kt], officials: [o], memberships: [post(o, vp), post(o, kt, { kind: 'CONCURRENT' })] }),
    );
    expect(issuesOf(p)).toEqual([['Cán bộ', 2, 'Mã đơn vị', expect.stringContaining('kiêm nhiệm')]]);
  });

  it('recognises someone on record without a staff code by email, and gives them the code', () => {
    const vp = unit('VP');
    const o = official('', vp, { staffCode: null, email: 'hoa@snv.example.gov.vn' });
    const p = plan(
      { units: [], positions: [], staff: [staffRow(2, 'CB9', 'VP', { email: 'HOA@snv.example.gov.vn' })] },
      snapshot({ units: [vp], officials: [o], memberships: [post(o, vp)] }),
    );
    expect(p.issues).toEqual([]);
    expect(p.summary).toMatchObject({ officialsCreated: 0, officialsUpdated: 1 });
    expect(p.changes.map((c) => c.after && 'staffCode' in c.after && c.after.staffCode)).toEqual(['CB9']);
  });

  it('names the column once in messages from field checks', () => {
    const vp = unit('VP');
    const p = plan(
      { units: [], positions: [], staff: [staffRow(2, 'CB1', 'VP', { email: 'khong-phai-email' })] },
      snapshot({ units: [vp] }),
    );
    expect(p.issues.map((i) => [i.column, i.text.vi, i.text.en])).toEqual([
      ['Thư điện tử', 'Địa chỉ email Thư điện tử không hợp lệ', 'Email is not a valid email address'],
    ]);
  });

  it('orders a long chain of units parents first, and stops the tree at its depth limit', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({
      row: 20_001 - i,
      code: `U${i}`,
      name: `Tổ ${i}`,
      parentCode: i ? `U${i - 1}` : '',
    }));
    // Listed children first: every row waits for its parent (a walk per row up the chain took over a minute here).
    const p = plan({ units: chain.reverse(), positions: [], staff: [] }, snapshot());
    expect(p.summary.unitsCreated).toBe(MAX_UNIT_DEPTH);
    expect(p.issues).toHaveLength(20_000 - MAX_UNIT_DEPTH);
    expect(p.issues[0].text.en).toContain(`deeper than ${MAX_UNIT_DEPTH} levels`);
    expect(p.issues[1].text.en).toContain('has errors');
    expect(p.changes).toEqual([]);
  });

  it('reports a cycle of parents, a unit of its own parent, and rows under a unit whose own row was refused', () => {
    const { rows, issues } = readOrgChart([
      {
        name: 'Đơn vị',
        rows: [
          ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên'],
          ['A', 'Tổ A', 'B'],
          ['B', 'Tổ B', 'A'],
          ['C', 'Tổ C', 'C'],
          ['D', '', ''],
          ['E', 'Tổ E', 'D'],
        ].map((cells, i) => ({ number: i + 1, cells })),
      },
      {
        name: 'Cán bộ',
        rows: [
          ['Mã cán bộ', 'Họ và tên', 'Loại', 'Mã đơn vị'],
          ['CB1', 'Lê Thị Hoa', 'Công chức', 'D'],
        ].map((cells, i) => ({ number: i + 1, cells })),
      },
    ]);
    const p = plan(rows, snapshot());
    expect([...issues, ...p.issues].map((i) => [i.sheet, i.row, i.column, i.text.en])).toEqual([
      ['Đơn vị', 5, 'Tên đơn vị', 'Unit name is missing'],
      ['Đơn vị', 2, 'Mã đơn vị cấp trên', 'These units are each other’s parents (a cycle)'],
      ['Đơn vị', 3, 'Mã đơn vị cấp trên', 'These units are each other’s parents (a cycle)'],
      ['Đơn vị', 4, 'Mã đơn vị cấp trên', 'These units are each other’s parents (a cycle)'],
      ['Đơn vị', 6, 'Mã đơn vị cấp trên', 'Parent unit D has errors; correct its row first'],
      ['Cán bộ', 2, 'Mã đơn vị', 'Unit D has errors; correct its row first'],
    ]);
  });
});
