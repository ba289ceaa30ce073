import { ROLES } from '@thuocdo/kit';
import { AGENCIES, agencyId, DEMO_PEOPLE, officialId, stableUuid, unitId } from './demo-province';
import { generateProvince, PROVINCE_SEED, type ProvinceDataset } from './province-generator';
import { emailLocalPart, seededRandom, vietnameseName, withoutDiacritics } from './vietnamese-names';

// What org accepts (packages/kit/src/validate.ts): codes and e-mails.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const province = generateProvince();
const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
const unique = (xs: string[]) => new Set(xs).size === xs.length;

describe('the province-scale demo', () => {
  it('is the same province for the same seed, and another for another seed', () => {
    expect(generateProvince(PROVINCE_SEED)).toEqual(province);
    const other = generateProvince(PROVINCE_SEED + 1);
    // The same organisation and head count; other people in it.
    expect(other.units).toEqual(province.units);
    expect(other.officials).toHaveLength(province.officials.length);
    expect(other.officials.map((o) => o.fullName)).not.toEqual(province.officials.map((o) => o.fullName));
  });

  it('has 51 agencies of the three kinds and about 7,000 officials', () => {
    expect(province.agencies).toHaveLength(51);
    const kinds = (k: string) => province.agencies.filter((a) => a.kind === k).length;
    expect(kinds('DEPARTMENT')).toBeGreaterThanOrEqual(10);
    expect(kinds('PUBLIC_SERVICE_UNIT')).toBeGreaterThanOrEqual(5);
    expect(kinds('COMMUNE')).toBeGreaterThanOrEqual(20);
    expect(province.officials.length).toBeGreaterThanOrEqual(6900);
    expect(province.officials.length).toBeLessThanOrEqual(7100);
    for (const a of province.agencies) expect(province.officials.some((o) => o.agencyId === a.id)).toBe(true);
  });

  it('gives every record a unique id and every code a form org accepts', () => {
    const d: ProvinceDataset = province;
    for (const xs of [d.agencies, d.units, d.positions, d.officials, d.concurrentPosts, d.grants])
      expect(unique(xs.map((x) => x.id))).toBe(true);
    expect(unique(d.agencies.map((a) => a.code))).toBe(true);
    for (const a of d.agencies) {
      expect(unique(d.units.filter((u) => u.agencyId === a.id).map((u) => u.code))).toBe(true);
      expect(unique(d.positions.filter((p) => p.agencyId === a.id).map((p) => p.code))).toBe(true);
    }
    expect([...d.agencies, ...d.units, ...d.positions].map((x) => x.code).filter((c) => !CODE.test(c))).toEqual([]);
    const names = [...d.agencies, ...d.units].map((x) => x.name).concat(d.positions.map((p) => p.title));
    expect(names.filter((n) => n.length === 0 || n.length > 200)).toEqual([]);
  });

  it('gives officials unique staff codes and e-mails', () => {
    expect(unique(province.officials.map((o) => o.staffCode))).toBe(true);
    expect(unique(province.officials.map((o) => o.email.toLowerCase()))).toBe(true);
    expect(province.officials.filter((o) => !CODE.test(o.staffCode))).toEqual([]);
    expect(province.officials.filter((o) => !EMAIL.test(o.email) || !/^[a-z0-9]+@[a-z-]+\.khanhhoa\.gov\.vn$/.test(o.email))).toEqual([]);
  });

  it('builds unit trees two or three levels deep, parents before children', () => {
    const units = byId(province.units);
    const seen = new Set<string>();
    for (const u of province.units) {
      if (u.parentUnitId) {
        const parent = units.get(u.parentUnitId)!;
        expect(seen.has(parent.id)).toBe(true);
        expect(parent.agencyId).toBe(u.agencyId);
        expect(u.depth).toBe(parent.depth + 1);
      } else expect(u.depth).toBe(1);
      seen.add(u.id);
    }
    for (const a of province.agencies) {
      const depth = Math.max(...province.units.filter((u) => u.agencyId === a.id).map((u) => u.depth));
      expect([a.code, depth >= 2 && depth <= 3]).toEqual([a.code, true]);
    }
  });

  it('puts every official in exactly one main post, in a unit and a job position of their agency', () => {
    const units = byId(province.units);
    const positions = byId(province.positions);
    expect(unique(province.officials.map((o) => o.id))).toBe(true);
    const misplaced = province.officials.filter(
      (o) => units.get(o.unitId)?.agencyId !== o.agencyId || positions.get(o.positionId)?.unitId !== o.unitId,
    );
    expect(misplaced).toEqual([]);
    // Every unit has a leader, by a main or a concurrent post.
    const led = new Set(
      [...province.officials, ...province.concurrentPosts].filter((p) => positions.get(p.positionId)!.leadership).map((p) => p.unitId),
    );
    expect(province.units.filter((u) => !led.has(u.id)).map((u) => `${u.agencyCode}/${u.code}`)).toEqual([]);
  });

  it('adds concurrent posts in other units, each with a position of that unit', () => {
    const officials = byId(province.officials);
    const positions = byId(province.positions);
    expect(province.concurrentPosts.length).toBeGreaterThanOrEqual(50);
    expect(unique(province.concurrentPosts.map((p) => `${p.officialId}|${p.unitId}`))).toBe(true);
    for (const p of province.concurrentPosts) {
      const o = officials.get(p.officialId)!;
      expect(o).toBeDefined();
      expect(p.unitId).not.toBe(o.unitId);
      expect(positions.get(p.positionId)?.unitId).toBe(p.unitId);
    }
  });

  it('has officials of every category', () => {
    const count = (c: string) => province.officials.filter((o) => o.category === c).length;
    for (const c of ['CADRE', 'CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'CONTRACT_WORKER']) expect(count(c)).toBeGreaterThan(0);
    expect(province.positions.some((p) => p.category === 'LEADERSHIP' && p.leadership)).toBe(true);
    for (const p of province.positions) if (p.category === 'LEADERSHIP') expect(p.leadership).toBe(true);
  });

  it('names people the Vietnamese way, with diacritics and family names at their usual frequency', () => {
    const names = province.officials.map((o) => o.fullName);
    for (const name of names) expect(name.split(' ').length).toBeGreaterThanOrEqual(3);
    const withDiacritics = names.filter((n) => withoutDiacritics(n) !== n.toLowerCase()).length;
    expect(withDiacritics / names.length).toBeGreaterThan(0.9);
    const share = (family: string) => names.filter((n) => n.startsWith(`${family} `)).length / names.length;
    expect(share('Nguyễn')).toBeGreaterThan(0.3);
    expect(share('Nguyễn')).toBeLessThan(0.45);
    expect(share('Trần')).toBeGreaterThan(0.07);
    for (const f of ['Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Phan', 'Võ', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'])
      expect([f, share(f) > 0]).toEqual([f, true]);
    // Women are mostly "Thị", men mostly "Văn" among the middle names.
    const women = province.officials.filter((o) => o.gender === 'female');
    expect(women.filter((o) => / Thị /.test(o.fullName)).length / women.length).toBeGreaterThan(0.4);
    expect(new Set(names).size).toBeGreaterThan(names.length / 3);
  });

  it('grants each agency a leader and HR, each unit head their unit, the province its leaders and auditors', () => {
    const officials = byId(province.officials);
    const units = byId(province.units);
    const agencies = byId(province.agencies);
    for (const g of province.grants) {
      expect(ROLES).toContain(g.role);
      expect(officials.has(g.officialId)).toBe(true);
      if (g.nodeKind === 'UNIT') expect(units.has(g.nodeId)).toBe(true);
      if (g.nodeKind === 'AGENCY') expect(agencies.has(g.nodeId)).toBe(true);
      if (g.nodeKind === 'TENANT') expect(g.nodeId).toBe('');
    }
    expect(unique(province.grants.map((g) => `${g.officialId}|${g.role}|${g.nodeId}`))).toBe(true);
    const over = (role: string, node: string) => province.grants.filter((g) => g.role === role && g.nodeId === node);
    for (const a of province.agencies) {
      expect([a.code, over('agency_leader', a.id).length]).toEqual([a.code, 1]);
      expect([a.code, over('hr_admin', a.id).length]).toEqual([a.code, 1]);
    }
    const unitHeads = province.grants.filter((g) => g.role === 'unit_head');
    expect(unitHeads.length).toBeGreaterThan(province.units.length * 0.8);
    const tenant = (role: string) => province.grants.filter((g) => g.role === role && g.nodeKind === 'TENANT').length;
    expect(tenant('province_leader')).toBeGreaterThanOrEqual(2);
    expect(tenant('auditor')).toBeGreaterThanOrEqual(2);
  });

  it('keeps the small demo: its agencies, units, people and grants, with the same ids', () => {
    const agencies = byId(province.agencies);
    const units = byId(province.units);
    const officials = byId(province.officials);
    for (const a of AGENCIES) {
      expect(agencies.get(agencyId(a.code))?.name).toBe(a.name);
      for (const u of a.units) {
        const unit = units.get(unitId(a.code, u.code));
        expect(unit).toMatchObject({ name: u.name, code: u.code, parentUnitId: '', agencyId: agencyId(a.code) });
        for (const name of u.officials) expect(officials.get(officialId(name))).toMatchObject({ fullName: name, unitId: unit!.id });
      }
    }
    for (const p of DEMO_PEOPLE)
      for (const g of p.grants) {
        const id = stableUuid(`grant:${p.username}:${g.role}:${g.agency ?? ''}:${g.unit?.join('/') ?? ''}`);
        expect(province.grants.find((x) => x.id === id)).toMatchObject({ officialId: officialId(p.fullName), role: g.role });
      }
  });
});

describe('Vietnamese names', () => {
  it('are drawn from the random source alone', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const names = (r: () => number) => Array.from({ length: 20 }, (_, i) => vietnameseName(r, i % 2 ? 'female' : 'male'));
    expect(names(a)).toEqual(names(b));
  });

  it('make e-mail local parts of the given name and initials', () => {
    expect(emailLocalPart('Phan Thị Thanh Hương')).toBe('huongptt');
    expect(emailLocalPart('Đặng Văn Khoa')).toBe('khoadv');
    expect(emailLocalPart('Pi Năng Thị Lụa')).toBe('luapnt');
    expect(withoutDiacritics('Đỗ Minh Nhật')).toBe('do minh nhat');
  });
});
