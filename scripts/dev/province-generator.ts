/**
 * The province-scale demo (`npm run up -- --size province`): a Khánh Hòa-like province of 51
 * agencies — departments (sở, ban, ngành), public service units and UBND of wards and communes —
 * each with its tree of units, job positions (vị trí việc làm), about 7,000 officials with
 * Vietnamese names, staff codes and e-mails, their main and concurrent posts, and the role grants
 * that follow from who heads what.
 *
 * `generateProvince` is a pure function of its seed: no I/O, no clock, no Math.random, so two
 * runs produce the same records, and ids derive from codes (stableUuid) so that seeding them again
 * repeats the same creations. The small demo's agencies, units and people (demo-province.ts) are
 * part of the province with the same ids, so every demo user signs in as the same person.
 */
import type { Role } from '@thuocdo/kit';
import { agencyId, DEMO_PEOPLE, officialId, stableUuid, unitId } from './demo-province';
import { PROVINCE_AGENCIES } from './province-agencies';
import { type Community, emailLocalPart, type Gender, seededRandom, vietnameseName } from './vietnamese-names';

export type AgencyKind = 'DEPARTMENT' | 'COMMUNE' | 'PUBLIC_SERVICE_UNIT';
export type PositionCategory = 'LEADERSHIP' | 'SPECIALIST' | 'SHARED_SPECIALIST' | 'SUPPORT';
export type OfficialCategory = 'CADRE' | 'CIVIL_SERVANT' | 'PUBLIC_EMPLOYEE' | 'CONTRACT_WORKER';

/** The seed of the demo province: the same seed, the same province. */
export const PROVINCE_SEED = 56; // Khánh Hòa's province code

// ---------------------------------------------------------------------------------------------
// What province-agencies.ts describes.

/** A job position of a unit: leaders have a fixed number of seats, the others a share of the staff. */
export interface PositionSpec {
  /** Unique in the unit; the position's code is `<unit code>.<key>`. */
  key: string;
  title: string;
  category: PositionCategory;
  leadership: boolean;
  /** Seats of a leadership position (head: 1). */
  seats: number;
  /** Share of the unit's staff, for the others. */
  weight: number;
  /** At least this many holders (the HR post of an agency). */
  min?: number;
  /** Probability that a holder is a woman. */
  female: number;
  /** The head of the unit; the agency's HR officer (hr_admin over the agency); an inspector (auditor). */
  role?: 'head' | 'hr' | 'inspector';
}

/** A seat held on top of one's main post (kiêm nhiệm): by the n-th holder of a position elsewhere in the agency. */
export interface ConcurrentSource {
  /** Code of the unit the holders' main post is in (as the spec names it, parents joined by "-"). */
  unit: string;
  position: string;
  /** Which holders, by their order: [0] is the first. */
  holders: number[];
}

export interface UnitSpec {
  code: string;
  name: string;
  positions: PositionSpec[];
  /** The unit's share of the agency's staff (beyond its leaders). */
  weight: number;
  /** A leadership board: of the agency (its head is the agency's leader) or of the province (UBND tỉnh). */
  board?: 'agency' | 'province';
  /** Leaders elected rather than appointed: cán bộ (UBND chairs and vice-chairs). */
  cadre?: boolean;
  /** A public service unit (its staff are viên chức). */
  service?: boolean;
  /** The head's seat is held concurrently by a leader elsewhere in the agency. */
  headHeldBy?: ConcurrentSource;
  /** Officials of other units who also work here (kiêm nhiệm), in this unit's position `as`. */
  servedBy?: (ConcurrentSource & { as: string })[];
  /** Officials of each department seconded here on a concurrent post (the province's one-stop centre). */
  servedByDepartments?: { perAgency: number; as: string };
  /** People of the small demo who hold a seat here: [full name, position key]. */
  people?: [string, string][];
  children?: UnitSpec[];
}

export interface AgencySpec {
  code: string;
  name: string;
  kind: AgencyKind;
  /** E-mail domain: <domain>.khanhhoa.gov.vn. */
  domain: string;
  /** Officials whose main post is in the agency. */
  size: number;
  community?: Community;
  /** The unit that sends officials to the province's one-stop centre (departments; "VP" when unset). */
  secondsFrom?: string;
  units: UnitSpec[];
}

// ---------------------------------------------------------------------------------------------
// The generated dataset.

export interface ProvinceAgency {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
}

export interface ProvinceUnit {
  id: string;
  agencyId: string;
  agencyCode: string;
  /** Empty at the top of the agency. */
  parentUnitId: string;
  code: string;
  name: string;
  /** 1 at the top of the agency. */
  depth: number;
}

export interface ProvincePosition {
  id: string;
  agencyId: string;
  unitId: string;
  code: string;
  title: string;
  category: PositionCategory;
  leadership: boolean;
}

export interface ProvinceOfficial {
  id: string;
  /** The main post. */
  agencyId: string;
  unitId: string;
  positionId: string;
  fullName: string;
  gender: Gender;
  email: string;
  staffCode: string;
  category: OfficialCategory;
}

/** A concurrent post (kiêm nhiệm). */
export interface ProvincePost {
  id: string;
  officialId: string;
  unitId: string;
  positionId: string;
}

export interface ProvinceGrant {
  id: string;
  officialId: string;
  role: Role;
  nodeKind: 'TENANT' | 'AGENCY' | 'UNIT';
  /** Empty for the tenant. */
  nodeId: string;
}

export interface ProvinceDataset {
  agencies: ProvinceAgency[];
  /** Parents before their children. */
  units: ProvinceUnit[];
  positions: ProvincePosition[];
  officials: ProvinceOfficial[];
  concurrentPosts: ProvincePost[];
  grants: ProvinceGrant[];
}

export const positionId = (agencyCode: string, positionCode: string) => stableUuid(`position:${agencyCode}:${positionCode}`);
/** Generated officials' ids derive from their staff codes (names repeat; the small demo's people keep officialId(name)). */
export const provinceOfficialId = (staffCode: string) => stableUuid(`official:province:${staffCode}`);

/** Seats filled by largest remainders: `total` split by `weights`, each at least its minimum. */
function apportion(total: number, weights: number[], mins: number[] = weights.map(() => 0)): number[] {
  const out = mins.slice();
  let left = total - mins.reduce((a, b) => a + b, 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (left <= 0 || sum === 0) return out;
  const exact = weights.map((w) => (w / sum) * left);
  exact.forEach((x, i) => {
    out[i] += Math.floor(x);
  });
  left -= exact.reduce((a, x) => a + Math.floor(x), 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < left; k++) out[order[k % order.length][1]]++;
  return out;
}

interface BuiltUnit {
  spec: UnitSpec;
  unit: ProvinceUnit;
  /** The spec's path code (parents joined by "-"), as ConcurrentSource names units. */
  path: string;
  service: boolean;
  positions: Map<string, ProvincePosition>;
  /** Holders of each position by key, in order. */
  holders: Map<string, ProvinceOfficial[]>;
}

/** The province, generated from `seed`. */
export function generateProvince(seed = PROVINCE_SEED, agencies: AgencySpec[] = PROVINCE_AGENCIES): ProvinceDataset {
  const rnd = seededRandom(seed);
  const out: ProvinceDataset = { agencies: [], units: [], positions: [], officials: [], concurrentPosts: [], grants: [] };
  const emails = new Set<string>();
  const built = new Map<string, BuiltUnit[]>();
  const structural: { officialId: string; role: Role; nodeKind: ProvinceGrant['nodeKind']; nodeId: string; key: string }[] = [];

  agencies.forEach((a, agencyIndex) => {
    const aid = agencyId(a.code);
    out.agencies.push({ id: aid, code: a.code, name: a.name, kind: a.kind });
    const units: BuiltUnit[] = [];
    const walk = (specs: UnitSpec[], parent: BuiltUnit | undefined) => {
      for (const spec of specs) {
        const path = parent ? `${parent.path}-${spec.code}` : spec.code;
        const unit: ProvinceUnit = {
          id: unitId(a.code, path),
          agencyId: aid,
          agencyCode: a.code,
          parentUnitId: parent?.unit.id ?? '',
          code: path,
          name: spec.name,
          depth: (parent?.unit.depth ?? 0) + 1,
        };
        const b: BuiltUnit = {
          spec,
          unit,
          path,
          service: Boolean(spec.service || parent?.service),
          positions: new Map(),
          holders: new Map(),
        };
        for (const p of spec.positions) {
          const code = `${path}.${p.key}`;
          const position: ProvincePosition = {
            id: positionId(a.code, code),
            agencyId: aid,
            unitId: unit.id,
            code,
            title: p.title,
            category: p.category,
            leadership: p.leadership,
          };
          b.positions.set(p.key, position);
          b.holders.set(p.key, []);
        }
        units.push(b);
        walk(spec.children ?? [], b);
      }
    };
    walk(a.units, undefined);
    built.set(a.code, units);
    // Breadth first: a parent before its children.
    for (let depth = 1; units.some((u) => u.unit.depth === depth); depth++)
      out.units.push(...units.filter((u) => u.unit.depth === depth).map((u) => u.unit));
    for (const u of units) out.positions.push(...u.positions.values());

    // Seats: every leader's, then the staff apportioned over units and their positions.
    const seats: { unit: BuiltUnit; spec: PositionSpec }[] = [];
    for (const u of units)
      for (const p of u.spec.positions) {
        const concurrentHead = p.role === 'head' && u.spec.headHeldBy;
        if (p.seats > 0 && !concurrentHead) for (let i = 0; i < p.seats; i++) seats.push({ unit: u, spec: p });
      }
    const staffPositions = (u: BuiltUnit) => u.spec.positions.filter((p) => p.seats === 0);
    // Each unit needs room for its minimums and for the small demo's people it holds.
    const floorOf = (u: BuiltUnit) =>
      staffPositions(u).reduce((n, p) => n + Math.max(p.min ?? 0, (u.spec.people ?? []).filter(([, key]) => key === p.key).length), 0);
    const jitter = units.map((u) => u.spec.weight * (0.85 + 0.3 * rnd()));
    const perUnit = apportion(a.size - seats.length, jitter, units.map(floorOf));
    units.forEach((u, i) => {
      const ps = staffPositions(u);
      const mins = ps.map((p) => Math.max(p.min ?? 0, (u.spec.people ?? []).filter(([, key]) => key === p.key).length));
      const counts = apportion(
        perUnit[i],
        ps.map((p) => p.weight),
        mins,
      );
      ps.forEach((p, k) => {
        for (let n = 0; n < counts[k]; n++) seats.push({ unit: u, spec: p });
      });
    });

    // The small demo's people take their seats first, the rest are generated.
    const taken = new Set<number>();
    const demoSeat = new Map<number, string>();
    for (const u of units)
      for (const [name, key] of u.spec.people ?? []) {
        const i = seats.findIndex((s, k) => !taken.has(k) && s.unit === u && s.spec.key === key);
        if (i < 0) throw new Error(`no seat ${key} in ${a.code}/${u.path} for ${name}`);
        taken.add(i);
        demoSeat.set(i, name);
      }
    const staffNumber = String(agencyIndex + 1).padStart(3, '0');
    seats.forEach((s, i) => {
      const staffCode = `56.${staffNumber}.${String(i + 1).padStart(5, '0')}`;
      const demoName = demoSeat.get(i);
      const gender: Gender = rnd() < s.spec.female ? 'female' : 'male';
      const fullName = demoName ?? vietnameseName(rnd, gender, a.community);
      const local = emailLocalPart(fullName);
      let email = `${local}@${a.domain}.khanhhoa.gov.vn`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@${a.domain}.khanhhoa.gov.vn`;
      emails.add(email);
      const official: ProvinceOfficial = {
        id: demoName ? officialId(demoName) : provinceOfficialId(staffCode),
        agencyId: aid,
        unitId: s.unit.unit.id,
        positionId: s.unit.positions.get(s.spec.key)!.id,
        fullName,
        gender: demoName ? (/ Thị /.test(fullName) ? 'female' : 'male') : gender,
        email,
        staffCode,
        category: categoryOf(a, s.unit, s.spec),
      };
      out.officials.push(official);
      s.unit.holders.get(s.spec.key)!.push(official);
    });

    // Grants that follow from the posts: the agency's leader and its HR officer (unit heads once
    // the concurrent posts are known).
    for (const u of units) {
      const headSpec = u.spec.positions.find((p) => p.role === 'head');
      const head = headSpec && u.holders.get(headSpec.key)![0];
      if (u.spec.board === 'agency' && head)
        structural.push({ officialId: head.id, role: 'agency_leader', nodeKind: 'AGENCY', nodeId: aid, key: `${a.code}` });
      const hr = u.spec.positions.find((p) => p.role === 'hr');
      const hrOfficer = hr && u.holders.get(hr.key)![0];
      if (hrOfficer) structural.push({ officialId: hrOfficer.id, role: 'hr_admin', nodeKind: 'AGENCY', nodeId: aid, key: `${a.code}` });
    }
  });

  // Concurrent posts: heads' seats held by leaders elsewhere, staff also serving in a unit, the
  // departments' officials at the province's one-stop centre.
  const holderOf = (agency: string, src: ConcurrentSource, n: number): ProvinceOfficial => {
    const u = built.get(agency)!.find((x) => x.path === src.unit);
    const h = u?.holders.get(src.position)?.[n];
    if (!h) throw new Error(`no holder ${n} of ${src.position} in ${agency}/${src.unit}`);
    return h;
  };
  const concurrent = (o: ProvinceOfficial, u: BuiltUnit, key: string) => {
    const position = u.positions.get(key);
    if (!position) throw new Error(`no position ${key} in ${u.unit.agencyCode}/${u.path}`);
    out.concurrentPosts.push({
      id: stableUuid(`concurrent:${o.staffCode}:${u.unit.id}`),
      officialId: o.id,
      unitId: u.unit.id,
      positionId: position.id,
    });
    u.holders.get(key)!.push(o);
  };
  for (const a of agencies)
    for (const u of built.get(a.code)!) {
      const headKey = u.spec.positions.find((p) => p.role === 'head')?.key;
      if (u.spec.headHeldBy && headKey) concurrent(holderOf(a.code, u.spec.headHeldBy, u.spec.headHeldBy.holders[0]), u, headKey);
      for (const s of u.spec.servedBy ?? []) for (const n of s.holders) concurrent(holderOf(a.code, s, n), u, s.as);
      if (u.spec.servedByDepartments)
        for (const d of agencies.filter((x) => x.kind === 'DEPARTMENT')) {
          // The seconded officials: the last specialists of the department's office.
          const office = built.get(d.code)!.find((x) => x.path === (d.secondsFrom ?? 'VP'))!;
          const specialists = office.holders.get(office.spec.positions.find((p) => p.category === 'SPECIALIST')!.key)!;
          for (const o of specialists.slice(-u.spec.servedByDepartments.perAgency)) concurrent(o, u, u.spec.servedByDepartments.as);
        }
    }

  // Heads of units (by a main or a concurrent post) over their unit; the province's leaders and
  // inspectors over the tenant.
  for (const a of agencies)
    for (const u of built.get(a.code)!) {
      const headKey = u.spec.positions.find((p) => p.role === 'head')?.key;
      const head = headKey ? u.holders.get(headKey)![0] : undefined;
      if (head && !u.spec.board)
        structural.push({ officialId: head.id, role: 'unit_head', nodeKind: 'UNIT', nodeId: u.unit.id, key: `${a.code}/${u.path}` });
      if (u.spec.board === 'province') {
        // The chair and the first vice-chair (thường trực).
        for (const o of [
          head,
          ...u.spec.positions.filter((p) => p.role !== 'head' && p.leadership).flatMap((p) => u.holders.get(p.key)!),
        ].slice(0, 2))
          if (o) structural.push({ officialId: o.id, role: 'province_leader', nodeKind: 'TENANT', nodeId: '', key: '' });
      }
      const inspector = u.spec.positions.find((p) => p.role === 'inspector');
      const chief = inspector && u.holders.get(inspector.key)![0];
      if (chief && !structural.some((g) => g.role === 'auditor'))
        structural.push({ officialId: chief.id, role: 'auditor', nodeKind: 'TENANT', nodeId: '', key: '' });
    }

  // The small demo's people keep their grants and their grants' ids (seed.ts derives them the same way).
  const demoGrants: ProvinceGrant[] = DEMO_PEOPLE.flatMap((p) =>
    p.grants.map((g) => ({
      id: stableUuid(`grant:${p.username}:${g.role}:${g.agency ?? ''}:${g.unit?.join('/') ?? ''}`),
      officialId: officialId(p.fullName),
      role: g.role,
      ...(g.unit
        ? { nodeKind: 'UNIT' as const, nodeId: unitId(g.unit[0], g.unit[1]) }
        : g.agency
          ? { nodeKind: 'AGENCY' as const, nodeId: agencyId(g.agency) }
          : { nodeKind: 'TENANT' as const, nodeId: '' }),
    })),
  );
  const same = (x: { officialId: string; role: Role; nodeId: string }) => `${x.officialId}|${x.role}|${x.nodeId}`;
  const seen = new Set(demoGrants.map(same));
  out.grants.push(...demoGrants);
  for (const g of structural) {
    if (seen.has(same(g))) continue;
    seen.add(same(g));
    out.grants.push({
      id: stableUuid(`grant:province:${g.officialId}:${g.role}:${g.key}`),
      officialId: g.officialId,
      role: g.role,
      nodeKind: g.nodeKind,
      nodeId: g.nodeId,
    });
  }
  return out;
}

/** Cán bộ for elected leaders, contract workers in support posts, viên chức in public service units, công chức otherwise. */
function categoryOf(a: AgencySpec, u: BuiltUnit, p: PositionSpec): OfficialCategory {
  if (p.category === 'SUPPORT') return 'CONTRACT_WORKER';
  if (u.spec.cadre && p.leadership) return 'CADRE';
  if (u.service || a.kind === 'PUBLIC_SERVICE_UNIT') return 'PUBLIC_EMPLOYEE';
  return 'CIVIL_SERVANT';
}
