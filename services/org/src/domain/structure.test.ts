import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import type { Agency, JobPosition, Membership, OrgChange, Unit } from './model';
import {
  createAgency,
  createUnit,
  mergeUnits,
  moveUnit,
  parseCreateAgency,
  parseCreateUnit,
  parseMergeUnits,
  parseMoveUnit,
  parseRenameUnit,
  parseSplitUnit,
  type ReorganisationState,
  renameUnit,
  splitUnit,
  unitOn,
} from './structure';

const A1 = '0190f3a2-1111-7aaa-8bbb-000000000001';
const hr = actorFor('org.unit.manage', ['hr_admin']);
const NOW = hr.now; // 2026-11-20 in Viet Nam

let n = 0;
const uid = () => `0190f3a2-2222-7aaa-8bbb-${String(++n).padStart(12, '0')}`;

function unit(code: string, parent: Unit | null = null, extra: Partial<Unit> = {}): Unit {
  const id = extra.id ?? uid();
  return {
    id,
    tenantId: hr.principal.tenantId,
    agencyId: A1,
    parentUnitId: parent?.id ?? null,
    code,
    name: `Phòng ${code}`,
    validFrom: '2025-01-01',
    validTo: null,
    path: `${parent?.path ?? ''}${id}/`,
    periods: [{ validFrom: '2025-01-01', validTo: null, code, name: `Phòng ${code}`, parentUnitId: parent?.id ?? null }],
    lineage: [],
    version: 1,
    createdAt: new Date(0),
    ...extra,
  };
}

function membership(official: string, u: Unit, extra: Partial<Membership> = {}): Membership {
  return {
    id: uid(),
    tenantId: hr.principal.tenantId,
    officialId: official,
    agencyId: A1,
    unitId: u.id,
    positionId: null,
    kind: 'MAIN',
    validFrom: '2025-03-01',
    validTo: null,
    endReason: null,
    version: 1,
    createdAt: new Date(0),
    ...extra,
  };
}

function position(code: string, u: Unit): JobPosition {
  return {
    id: uid(),
    tenantId: hr.principal.tenantId,
    agencyId: A1,
    unitId: u.id,
    code,
    title: `Chuyên viên ${code}`,
    duties: '',
    category: 'SPECIALIST',
    leadership: false,
    version: 1,
    createdAt: new Date(0),
  };
}

const afterOf = (changes: OrgChange[], type: OrgChange['type'], id: string) =>
  changes.find((c) => c.type === type && c.after?.id === id)?.after;

describe('agencies', () => {
  const input = parseCreateAgency({ id: '', code: 'SNV', name: ' Sở Nội vụ ', kind: 'DEPARTMENT' });

  it('validates and names the field at fault', () => {
    expect(input).toEqual({ id: null, code: 'SNV', name: 'Sở Nội vụ', kind: 'DEPARTMENT' });
    expect(fieldOf(() => parseCreateAgency({ id: '', code: 'SNV', name: 'x', kind: '' }))).toBe('kind');
    expect(fieldOf(() => parseCreateAgency({ id: '', code: 'có dấu', name: 'x', kind: 'OTHER' }))).toBe('code');
    expect(fieldOf(() => parseCreateAgency({ id: 'nope', code: 'SNV', name: 'x', kind: 'OTHER' }))).toBe('id');
  });

  it('creates version 1 with one change to publish and audit', () => {
    const d = createAgency(input, { idUsedElsewhere: false }, hr);
    expect(d.entity).toMatchObject({ code: 'SNV', tenantId: hr.principal.tenantId, version: 1, createdAt: NOW });
    expect(d.events).toEqual([{ type: 'agency', before: null, after: d.entity }]);
  });

  it('answers a repeat of a caller-chosen id with the stored agency, and refuses other content under it', () => {
    const stored: Agency = {
      id: A1,
      tenantId: 't',
      code: 'SNV',
      name: 'Sở Nội vụ',
      kind: 'DEPARTMENT',
      version: 1,
      createdAt: new Date(0),
    };
    const same = parseCreateAgency({ id: A1, code: 'SNV', name: 'Sở Nội vụ', kind: 'DEPARTMENT' });
    expect(createAgency(same, { sameId: stored, idUsedElsewhere: false }, hr)).toEqual({ entity: stored, events: [], unchanged: true });
    expect(failureOf(() => createAgency({ ...same, name: 'Khác' }, { sameId: stored, idUsedElsewhere: false }, hr))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'id',
    });
    expect(failureOf(() => createAgency(same, { idUsedElsewhere: true }, hr))?.field).toBe('id');
    expect(failureOf(() => createAgency(input, { sameCode: stored, idUsedElsewhere: false }, hr))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'code',
    });
  });
});

describe('creating units', () => {
  const input = parseCreateUnit({ id: '', agencyId: A1, parentUnitId: '', code: 'VP', name: 'Văn phòng', validFrom: '' }, NOW);

  it('starts today unless told, at most a year ahead', () => {
    expect(input.validFrom).toBe('2026-11-20');
    const later = { id: '', agencyId: A1, parentUnitId: '', code: 'VP', name: 'VP', validFrom: '2028-01-01' };
    expect(fieldOf(() => parseCreateUnit(later, NOW))).toBe('valid_from');
    expect(fieldOf(() => parseCreateUnit({ ...later, validFrom: '2026-02-30' }, NOW))).toBe('valid_from');
  });

  it('names the agency when it is unknown, and the parent when it is elsewhere or no longer in force', () => {
    expect(failureOf(() => createUnit(input, { agencyExists: false, idUsedElsewhere: false }, hr))).toEqual({
      reason: 'NOT_FOUND',
      field: 'agency_id',
    });
    const elsewhere = unit('P', null, { agencyId: '0190f3a2-1111-7aaa-8bbb-000000000002' });
    const withParent = { ...input, parentUnitId: elsewhere.id };
    expect(failureOf(() => createUnit(withParent, { agencyExists: true, parent: elsewhere, idUsedElsewhere: false }, hr))?.field).toBe(
      'parent_unit_id',
    );
    const ended = unit('E', null, { validTo: '2026-01-01' });
    expect(
      failureOf(() => createUnit({ ...input, parentUnitId: ended.id }, { agencyExists: true, parent: ended, idUsedElsewhere: false }, hr)),
    ).toEqual({ reason: 'FAILED_PRECONDITION', field: 'parent_unit_id' });
  });

  it('puts a sub-unit under its parent in the path, with a first period', () => {
    const parent = unit('VP');
    const d = createUnit({ ...input, code: 'HC', parentUnitId: parent.id }, { agencyExists: true, parent, idUsedElsewhere: false }, hr);
    expect(d.entity.path).toBe(`${parent.path}${d.entity.id}/`);
    expect(d.entity.periods).toEqual([{ validFrom: '2026-11-20', validTo: null, code: 'HC', name: 'Văn phòng', parentUnitId: parent.id }]);
    expect(d.events).toEqual([{ type: 'unit', before: null, after: d.entity }]);
  });

  it('refuses a code in force in the agency', () => {
    expect(failureOf(() => createUnit(input, { agencyExists: true, idUsedElsewhere: false, sameCode: unit('VP') }, hr))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'code',
    });
  });
});

describe('renaming and moving units keeps their history', () => {
  it('closes the current period and opens one from the effective date', () => {
    const u = unit('TC');
    const r = parseRenameUnit({ id: u.id, version: 1, name: 'Phòng Tổ chức cán bộ', code: 'TCCB', effectiveDate: '2026-07-01' }, NOW);
    const d = renameUnit(r, { unit: u }, hr);
    expect(d.entity.periods).toEqual([
      { validFrom: '2025-01-01', validTo: '2026-07-01', code: 'TC', name: 'Phòng TC', parentUnitId: null },
      { validFrom: '2026-07-01', validTo: null, code: 'TCCB', name: 'Phòng Tổ chức cán bộ', parentUnitId: null },
    ]);
    expect(d.entity).toMatchObject({ code: 'TCCB', name: 'Phòng Tổ chức cán bộ', version: 2 });
    expect(unitOn(d.entity, '2026-03-15')).toMatchObject({ code: 'TC', name: 'Phòng TC' });
    expect(unitOn(d.entity, '2026-07-01')).toMatchObject({ code: 'TCCB' });
  });

  it('corrects the latest period on its own start date, and refuses a date before it', () => {
    const u = unit('TC');
    const renamed = renameUnit(
      parseRenameUnit({ id: u.id, version: 1, name: 'A', code: '', effectiveDate: '2026-07-01' }, NOW),
      { unit: u },
      hr,
    ).entity;
    const again = renameUnit(
      parseRenameUnit({ id: u.id, version: 2, name: 'B', code: '', effectiveDate: '2026-07-01' }, NOW),
      { unit: renamed },
      hr,
    ).entity;
    expect(again.periods.map((p) => p.name)).toEqual(['Phòng TC', 'B']);
    const earlier = parseRenameUnit({ id: u.id, version: 3, name: 'C', code: '', effectiveDate: '2026-06-30' }, NOW);
    expect(failureOf(() => renameUnit(earlier, { unit: again }, hr))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'effective_date' });
  });

  it('refuses a stale version and a code another unit holds; a rename to the same name is a repeat', () => {
    const u = unit('TC');
    const r = parseRenameUnit({ id: u.id, version: 2, name: 'X', code: '', effectiveDate: '' }, NOW);
    expect(failureOf(() => renameUnit(r, { unit: u }, hr))?.reason).toBe('VERSION_CONFLICT');
    const clash = parseRenameUnit({ id: u.id, version: 1, name: 'X', code: 'VP', effectiveDate: '' }, NOW);
    expect(failureOf(() => renameUnit(clash, { unit: u, sameCode: unit('VP') }, hr))).toEqual({ reason: 'ALREADY_EXISTS', field: 'code' });
    const same = parseRenameUnit({ id: u.id, version: 1, name: 'Phòng TC', code: '', effectiveDate: '' }, NOW);
    expect(renameUnit(same, { unit: u }, hr).unchanged).toBe(true);
  });

  it('moves a unit with its subtree: every path below it follows', () => {
    const a = unit('A');
    const b = unit('B');
    const child = unit('A1', a);
    const grandchild = unit('A11', child);
    const m = parseMoveUnit({ id: a.id, version: 1, newParentUnitId: b.id, effectiveDate: '2026-09-01' }, NOW);
    const d = moveUnit(m, { unit: a, descendants: [child, grandchild], parent: b }, hr);
    expect(d.entity.path).toBe(`${b.path}${a.id}/`);
    expect(afterOf(d.events, 'unit', child.id)).toMatchObject({ path: `${b.path}${a.id}/${child.id}/`, version: 2 });
    expect(afterOf(d.events, 'unit', grandchild.id)).toMatchObject({ path: `${b.path}${a.id}/${child.id}/${grandchild.id}/` });
    expect(unitOn(d.entity, '2026-08-31').parentUnitId).toBeNull();
    expect(unitOn(d.entity, '2026-09-01').parentUnitId).toBe(b.id);
  });

  it('refuses to move a unit under itself or below itself', () => {
    const a = unit('A');
    const child = unit('A1', a);
    const m = parseMoveUnit({ id: a.id, version: 1, newParentUnitId: child.id, effectiveDate: '' }, NOW);
    expect(failureOf(() => moveUnit(m, { unit: a, descendants: [child], parent: child }, hr))?.field).toBe('new_parent_unit_id');
  });
});

describe('merging units (sáp nhập)', () => {
  const official = '0190f3a2-3333-7aaa-8bbb-000000000001';

  function state(): ReorganisationState & { a: Unit; b: Unit; sub: Unit; pos: JobPosition; member: Membership; loose: Membership } {
    const a = unit('A');
    const b = unit('B');
    const sub = unit('B1', b);
    const pos = position('CV1', a);
    const member = membership(official, a, { positionId: pos.id });
    const loose = membership('0190f3a2-3333-7aaa-8bbb-000000000002', b);
    return {
      a,
      b,
      sub,
      pos,
      member,
      loose,
      units: [a, b],
      descendants: [sub],
      positions: [pos],
      memberships: [member, loose],
      codesInUse: [],
      idsTaken: [],
    };
  }
  const request = (s: { a: Unit; b: Unit }) =>
    parseMergeUnits(
      { unitIds: [s.a.id, s.b.id], into: { id: '', code: 'AB', name: 'Phòng A-B' }, parentUnitId: '', effectiveDate: '2026-07-01' },
      NOW,
    );

  it('ends the merged units on the date and starts the new one with its lineage', () => {
    const s = state();
    const d = mergeUnits(request(s), s, hr);
    expect(afterOf(d.events, 'unit', s.a.id)).toMatchObject({ validTo: '2026-07-01', version: 2 });
    expect(afterOf(d.events, 'unit', s.b.id)).toMatchObject({ validTo: '2026-07-01' });
    expect(d.entity).toMatchObject({ code: 'AB', validFrom: '2026-07-01', validTo: null });
    expect(d.entity.lineage.map((l) => [l.predecessorId, l.kind])).toEqual([
      [s.a.id, 'MERGE'],
      [s.b.id, 'MERGE'],
    ]);
  });

  it('moves job positions and sub-units, and ends and restarts the posts held there', () => {
    const s = state();
    const d = mergeUnits(request(s), s, hr);
    expect(afterOf(d.events, 'job_position', s.pos.id)).toMatchObject({ unitId: d.entity.id });
    expect(afterOf(d.events, 'unit', s.sub.id)).toMatchObject({ parentUnitId: d.entity.id, path: `${d.entity.path}${s.sub.id}/` });
    expect(afterOf(d.events, 'membership', s.member.id)).toMatchObject({ validTo: '2026-07-01', endReason: 'REORGANISATION' });
    const restarted = d.events.filter((c) => c.type === 'membership' && c.before === null).map((c) => c.after as Membership);
    expect(restarted.map((m) => [m.officialId, m.unitId, m.validFrom, m.positionId])).toEqual([
      [official, d.entity.id, '2026-07-01', s.pos.id],
      [s.loose.officialId, d.entity.id, '2026-07-01', null],
    ]);
  });

  it('keeps earlier dates resolving to the units of their time', () => {
    const s = state();
    const d = mergeUnits(request(s), s, hr);
    const endedA = afterOf(d.events, 'unit', s.a.id) as Unit;
    expect(unitOn(endedA, '2026-06-30')).toMatchObject({ code: 'A' });
    expect(endedA.periods[endedA.periods.length - 1].validTo).toBe('2026-07-01');
  });

  it('refuses units of two agencies, a unit already ended, and a post that starts on or after the date', () => {
    const s = state();
    const other = { ...s.b, agencyId: '0190f3a2-1111-7aaa-8bbb-000000000009' };
    expect(fieldOf(() => mergeUnits(request(s), { ...s, units: [s.a, other] }, hr))).toBe('unit_ids');
    const ended = { ...s.b, validTo: '2026-01-01' };
    expect(failureOf(() => mergeUnits(request(s), { ...s, units: [s.a, ended] }, hr))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'unit_ids[1]',
    });
    const late = membership(official, s.a, { validFrom: '2026-08-01' });
    expect(failureOf(() => mergeUnits(request(s), { ...s, memberships: [late] }, hr))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'effective_date',
    });
  });

  it('needs two to fifty distinct units and a free code', () => {
    const s = state();
    expect(
      fieldOf(() =>
        parseMergeUnits({ unitIds: [s.a.id, s.a.id], into: { id: '', code: 'X', name: 'X' }, parentUnitId: '', effectiveDate: '' }, NOW),
      ),
    ).toBe('unit_ids');
    expect(fieldOf(() => parseMergeUnits({ unitIds: [s.a.id, s.b.id], parentUnitId: '', effectiveDate: '' }, NOW))).toBe('into');
    expect(failureOf(() => mergeUnits(request(s), { ...s, codesInUse: ['AB'] }, hr))).toEqual({ reason: 'ALREADY_EXISTS', field: 'code' });
  });
});

describe('splitting a unit (chia tách)', () => {
  it('assigns every position, sub-unit and post without a position to one of the new units', () => {
    const u = unit('TH');
    const sub = unit('TH1', u);
    const p1 = position('P1', u);
    const p2 = position('P2', u);
    const loose = membership('0190f3a2-3333-7aaa-8bbb-000000000003', u);
    const s: ReorganisationState = {
      units: [u],
      descendants: [sub],
      positions: [p1, p2],
      memberships: [loose],
      codesInUse: [],
      idsTaken: [],
    };
    const r = parseSplitUnit(
      {
        id: u.id,
        version: 1,
        newUnits: [
          { id: '', code: 'TH-A', name: 'Phòng A' },
          { id: '', code: 'TH-B', name: 'Phòng B' },
        ],
        positions: [
          { id: p1.id, newUnitIndex: 0 },
          { id: p2.id, newUnitIndex: 1 },
        ],
        subUnits: [{ id: sub.id, newUnitIndex: 1 }],
        memberships: [{ id: loose.id, newUnitIndex: 0 }],
        effectiveDate: '2026-10-01',
      },
      NOW,
    );
    const d = splitUnit(r, s, hr);
    const [a, b] = d.entity;
    expect(a.lineage).toEqual([{ predecessorId: u.id, successorId: a.id, kind: 'SPLIT', effectiveDate: '2026-10-01' }]);
    expect(afterOf(d.events, 'unit', u.id)).toMatchObject({ validTo: '2026-10-01' });
    expect(afterOf(d.events, 'job_position', p2.id)).toMatchObject({ unitId: b.id });
    expect(afterOf(d.events, 'unit', sub.id)).toMatchObject({ parentUnitId: b.id });
    const restarted = d.events.find((c) => c.type === 'membership' && c.before === null)?.after as Membership;
    expect(restarted).toMatchObject({ unitId: a.id, validFrom: '2026-10-01' });

    const missing = { ...r, positions: new Map([[p1.id, 0]]) };
    expect(fieldOf(() => splitUnit(missing, s, hr))).toBe('positions');
    const stranger = { ...r, subUnits: new Map([...r.subUnits, ['0190f3a2-2222-7aaa-8bbb-999999999999', 0]]) };
    expect(fieldOf(() => splitUnit(stranger, s, hr))).toBe('sub_units');
  });

  it('refuses an index outside the new units', () => {
    const u = unit('TH');
    const req = {
      id: u.id,
      version: 1,
      newUnits: [
        { id: '', code: 'X', name: 'X' },
        { id: '', code: 'Y', name: 'Y' },
      ],
      positions: [{ id: uid(), newUnitIndex: 2 }],
      subUnits: [],
      memberships: [],
      effectiveDate: '',
    };
    expect(fieldOf(() => parseSplitUnit(req, NOW))).toBe('positions[0].new_unit_index');
  });
});
