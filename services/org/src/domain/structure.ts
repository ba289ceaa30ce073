import {
  type Actor,
  AlreadyExistsError,
  check,
  coversAgency,
  coversTenant,
  FailedPreconditionError,
  isStringTuple,
  NotFoundError,
  type Page,
  readPage,
  searchTerms,
  todayInVietnam,
  unchanged,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import {
  AGENCY_KINDS,
  type Agency,
  type AgencyKind,
  authorize,
  effectiveDate,
  expectedVersion,
  type JobPosition,
  type Membership,
  next,
  type OrgChange,
  type OrgDecision,
  reachesUnit,
  type Unit,
  type UnitLineage,
  type UnitPeriod,
} from './model';

// ---------------------------------------------------------------------------------------------
// Agencies (cơ quan, đơn vị) and their tree of units (phòng, ban), with reorganisation that
// keeps history: a renamed or moved unit gets a new period, a merged or split unit ends and its
// successors start, so that an earlier date still resolves to the units of its time.

export const idTaken = (what: { vi: string; en: string }) =>
  new AlreadyExistsError({ vi: `${what.vi} với mã định danh này đã tồn tại`, en: `${what.en} with this id already exists` }, 'id');

const unitNotFound = (field = 'id') => new NotFoundError({ vi: 'Không tìm thấy đơn vị', en: 'Unit not found' }, field);

const stale = () =>
  new VersionConflictError({
    vi: 'Đơn vị vừa được người khác thay đổi; hãy tải lại rồi thử lại',
    en: 'The unit was changed since you read it; reload and retry',
  });

// ---------------------------------------------------------------------------------------------
// CreateAgency

export interface NewAgency {
  id: string | null;
  code: string;
  name: string;
  kind: AgencyKind;
}

export function parseCreateAgency(r: { id: string; code: string; name: string; kind: string }): NewAgency {
  return {
    id: check.optionalId('id', r.id),
    code: check.code('code', r.code),
    name: check.name('name', r.name),
    kind: check.oneOf('kind', r.kind as AgencyKind, AGENCY_KINDS),
  };
}

/** What the store found that a new agency could clash with. */
export interface AgencyClashes {
  /** The agency with the requested id, in this tenant. */
  sameId?: Agency;
  /** The id is used in another tenant (nothing more is said about it). */
  idUsedElsewhere: boolean;
  sameCode?: Agency;
}

/**
 * A caller-chosen id makes the call idempotent: repeating it with the same content answers the
 * stored agency; the same id with other content, or a code already used, is ALREADY_EXISTS.
 */
export function createAgency(a: NewAgency, s: AgencyClashes, actor: Actor): OrgDecision<Agency> {
  // An agency is the tenant's: only tenant-wide administrators and HR add one.
  authorize(coversTenant(actor.scope));
  if (s.sameId) {
    if (s.sameId.code === a.code && s.sameId.name === a.name && s.sameId.kind === a.kind) return unchanged(s.sameId);
    throw idTaken({ vi: 'Cơ quan', en: 'An agency' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Cơ quan', en: 'An agency' });
  if (s.sameCode)
    throw new AlreadyExistsError({ vi: `Mã cơ quan ${a.code} đã tồn tại`, en: `Agency code ${a.code} already exists` }, 'code');
  const agency: Agency = {
    id: a.id ?? actor.newId(),
    tenantId: actor.principal.tenantId,
    code: a.code,
    name: a.name,
    kind: a.kind,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: agency, events: [{ type: 'agency', before: null, after: agency }] };
}

// ---------------------------------------------------------------------------------------------
// CreateUnit

export interface NewUnit {
  id: string | null;
  agencyId: string;
  parentUnitId: string | null;
  code: string;
  name: string;
  validFrom: string;
}

export function parseCreateUnit(
  r: { id: string; agencyId: string; parentUnitId: string; code: string; name: string; validFrom: string },
  now: Date,
): NewUnit {
  return {
    id: check.optionalId('id', r.id),
    agencyId: check.id('agency_id', r.agencyId),
    parentUnitId: check.optionalId('parent_unit_id', r.parentUnitId),
    code: check.code('code', r.code),
    name: check.name('name', r.name),
    validFrom: effectiveDate('valid_from', r.validFrom, now),
  };
}

export interface UnitState {
  agencyExists: boolean;
  /** The requested parent, if it exists in this tenant. */
  parent?: Unit;
  sameId?: Unit;
  idUsedElsewhere: boolean;
  /** A unit of the same agency in force with the same code. */
  sameCode?: Unit;
}

const firstPeriod = (u: { validFrom: string; code: string; name: string; parentUnitId: string | null }): UnitPeriod => ({
  validFrom: u.validFrom,
  validTo: null,
  code: u.code,
  name: u.name,
  parentUnitId: u.parentUnitId,
});

/** A new unit under `parent` (or at the top of its agency). */
function newUnit(
  actor: Actor,
  u: { id: string | null; agencyId: string; code: string; name: string; validFrom: string },
  parent: Unit | undefined,
): Unit {
  const id = u.id ?? actor.newId();
  const parentUnitId = parent?.id ?? null;
  return {
    id,
    tenantId: actor.principal.tenantId,
    agencyId: u.agencyId,
    parentUnitId,
    code: u.code,
    name: u.name,
    validFrom: u.validFrom,
    validTo: null,
    path: `${parent?.path ?? ''}${id}/`,
    periods: [firstPeriod({ ...u, parentUnitId })],
    lineage: [],
    version: 1,
    createdAt: actor.now,
  };
}

const codeInUse = (code: string) =>
  new AlreadyExistsError(
    { vi: `Mã đơn vị ${code} đang được dùng trong cơ quan`, en: `Unit code ${code} is in use in this agency` },
    'code',
  );

function checkParent(parent: Unit | undefined, parentUnitId: string | null, agencyId: string, date: string, field: string) {
  if (!parentUnitId) return;
  if (!parent || parent.agencyId !== agencyId)
    throw new ValidationError(field, {
      vi: 'Đơn vị cấp trên không thuộc cơ quan này',
      en: 'The parent unit does not belong to this agency',
    });
  if (parent.validFrom > date || (parent.validTo !== null && parent.validTo <= date))
    throw new FailedPreconditionError(
      { vi: 'Đơn vị cấp trên không còn hoạt động vào ngày này', en: 'The parent unit is not in force on that date' },
      field,
    );
}

export function createUnit(u: NewUnit, s: UnitState, actor: Actor): OrgDecision<Unit> {
  if (s.sameId) {
    const same = s.sameId;
    if (same.agencyId === u.agencyId && same.parentUnitId === u.parentUnitId && same.code === u.code && same.name === u.name)
      return unchanged(same);
    throw idTaken({ vi: 'Đơn vị', en: 'A unit' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Đơn vị', en: 'A unit' });
  if (!s.agencyExists) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'agency_id');
  // A sub-unit within a unit the caller reaches; a unit at the top of an agency needs the agency.
  authorize(s.parent && s.parent.agencyId === u.agencyId ? reachesUnit(actor, s.parent) : coversAgency(actor.scope, u.agencyId));
  checkParent(s.parent, u.parentUnitId, u.agencyId, u.validFrom, 'parent_unit_id');
  if (s.sameCode) throw codeInUse(u.code);
  const unit = newUnit(actor, u, s.parent);
  return { entity: unit, events: [{ type: 'unit', before: null, after: unit }] };
}

// ---------------------------------------------------------------------------------------------
// Rename and move: a new period from the effective date on.

/** A unit with the rest of its agency's tree that a reorganisation touches. */
export interface UnitTree {
  unit?: Unit;
  /** Every unit below it (in force or not), for their paths. */
  descendants: Unit[];
}

function inForceUnit(u: Unit | undefined, date: string, field = 'id'): Unit {
  if (!u) throw unitNotFound(field);
  if (u.validTo !== null)
    throw new FailedPreconditionError(
      { vi: `Đơn vị ${u.code} đã kết thúc hoạt động từ ${u.validTo}`, en: `Unit ${u.code} ended on ${u.validTo}` },
      field,
    );
  if (date < u.validFrom)
    throw new FailedPreconditionError(
      { vi: `Đơn vị ${u.code} chỉ hoạt động từ ${u.validFrom}`, en: `Unit ${u.code} exists only from ${u.validFrom}` },
      'effective_date',
    );
  return u;
}

/**
 * The unit with a new shape from `date` on. Changes are recorded in date order: a date before
 * the latest period's start is refused; the same date corrects that period.
 */
function reshape(u: Unit, date: string, shape: Partial<Pick<UnitPeriod, 'code' | 'name' | 'parentUnitId'>>): Unit {
  const last = u.periods[u.periods.length - 1];
  if (date < last.validFrom)
    throw new FailedPreconditionError(
      {
        vi: `Đơn vị đã có thay đổi từ ${last.validFrom}; thay đổi mới phải có hiệu lực từ ngày đó trở đi`,
        en: `The unit already changed on ${last.validFrom}; a new change must take effect on or after it`,
      },
      'effective_date',
    );
  const period = { ...last, ...shape, validFrom: date, validTo: null };
  const periods =
    date === last.validFrom ? [...u.periods.slice(0, -1), period] : [...u.periods.slice(0, -1), { ...last, validTo: date }, period];
  return next(u, { periods, code: period.code, name: period.name, parentUnitId: period.parentUnitId });
}

export interface RenameUnit {
  id: string;
  version: number;
  name: string;
  code: string | null;
  effectiveDate: string;
}

export function parseRenameUnit(
  r: { id: string; version: number; name: string; code: string; effectiveDate: string },
  now: Date,
): RenameUnit {
  return {
    id: check.id('id', r.id),
    version: expectedVersion(r.version),
    name: check.name('name', r.name),
    code: r.code ? check.code('code', r.code) : null,
    effectiveDate: effectiveDate('effective_date', r.effectiveDate, now),
  };
}

export function renameUnit(r: RenameUnit, s: { unit?: Unit; sameCode?: Unit }, actor: Actor): OrgDecision<Unit> {
  const u = inForceUnit(s.unit, r.effectiveDate);
  authorize(reachesUnit(actor, u));
  if (u.version !== r.version) throw stale();
  const code = r.code ?? u.code;
  if (s.sameCode && s.sameCode.id !== u.id) throw codeInUse(code);
  if (code === u.code && r.name === u.name) return unchanged(u);
  const after = reshape(u, r.effectiveDate, { code, name: r.name });
  return { entity: after, events: [{ type: 'unit', before: u, after }] };
}

export interface MoveUnit {
  id: string;
  version: number;
  newParentUnitId: string | null;
  effectiveDate: string;
}

export function parseMoveUnit(r: { id: string; version: number; newParentUnitId: string; effectiveDate: string }, now: Date): MoveUnit {
  return {
    id: check.id('id', r.id),
    version: expectedVersion(r.version),
    newParentUnitId: check.optionalId('new_parent_unit_id', r.newParentUnitId),
    effectiveDate: effectiveDate('effective_date', r.effectiveDate, now),
  };
}

/** The new paths of a unit's descendants once the unit's own path changes. */
function repath(descendants: Unit[], oldPath: string, newPath: string): OrgChange[] {
  return descendants
    .filter((d) => d.path.startsWith(oldPath) && d.path !== oldPath)
    .map((d) => ({ type: 'unit', before: d, after: next(d, { path: newPath + d.path.slice(oldPath.length) }) }));
}

export function moveUnit(m: MoveUnit, s: UnitTree & { parent?: Unit }, actor: Actor): OrgDecision<Unit> {
  const u = inForceUnit(s.unit, m.effectiveDate);
  authorize(reachesUnit(actor, u) && (s.parent ? reachesUnit(actor, s.parent) : coversAgency(actor.scope, u.agencyId)));
  if (u.version !== m.version) throw stale();
  checkParent(s.parent, m.newParentUnitId, u.agencyId, m.effectiveDate, 'new_parent_unit_id');
  if (s.parent?.path.startsWith(u.path))
    throw new ValidationError('new_parent_unit_id', {
      vi: 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó',
      en: 'A unit cannot be moved under itself or one of its own sub-units',
    });
  if (m.newParentUnitId === u.parentUnitId) return unchanged(u);
  const path = `${s.parent?.path ?? ''}${u.id}/`;
  const after = { ...reshape(u, m.effectiveDate, { parentUnitId: m.newParentUnitId }), path };
  return { entity: after, events: [{ type: 'unit', before: u, after }, ...repath(s.descendants, u.path, path)] };
}

// ---------------------------------------------------------------------------------------------
// Merge and split: the old units end, new ones start, and what they held moves with it.

export interface NewUnitSpec {
  id: string | null;
  code: string;
  name: string;
}

const parseNewUnit = (field: string, r: { id: string; code: string; name: string } | undefined): NewUnitSpec => {
  if (!r) throw new ValidationError(field, { vi: `Trường ${field} là bắt buộc`, en: `${field} is required` });
  return {
    id: check.optionalId(`${field}.id`, r.id),
    code: check.code(`${field}.code`, r.code),
    name: check.name(`${field}.name`, r.name),
  };
};

/** What a merge or a split moves: the ended units' job positions, sub-units and current posts. */
export interface ReorganisationState {
  units: Unit[];
  /** Every unit below the ended ones, for their paths. */
  descendants: Unit[];
  positions: JobPosition[];
  /** Posts in the ended units that are in force on or after the effective date. */
  memberships: Membership[];
  /** Units of the agency in force with one of the new codes (other than the ended ones). */
  codesInUse: string[];
  parent?: Unit;
  /** Ids of the new units already taken. */
  idsTaken: string[];
}

/** Moves what the ended units held to their successors; `successorOf` says where each thing goes. */
function carryOver(
  s: ReorganisationState,
  date: string,
  actor: Actor,
  ended: Set<string>,
  target: {
    position: (p: JobPosition) => Unit;
    subUnit: (u: Unit) => Unit;
    membership: (m: Membership) => Unit;
  },
): OrgChange[] {
  const changes: OrgChange[] = [];
  const positionUnit = new Map<string, Unit>();
  for (const p of s.positions) {
    const to = target.position(p);
    positionUnit.set(p.id, to);
    changes.push({ type: 'job_position', before: p, after: next(p, { unitId: to.id }) });
  }
  const moved = new Map<string, Unit>();
  for (const sub of s.descendants.filter((d) => d.parentUnitId && ended.has(d.parentUnitId) && d.validTo === null)) {
    const to = target.subUnit(sub);
    const path = `${to.path}${sub.id}/`;
    const after = { ...reshape(sub, date, { parentUnitId: to.id }), path };
    moved.set(sub.id, after);
    changes.push({ type: 'unit', before: sub, after });
    changes.push(...repath(s.descendants, sub.path, path));
  }
  for (const m of s.memberships) {
    if (m.validFrom >= date)
      throw new FailedPreconditionError(
        {
          vi: 'Có người được bố trí vào đơn vị từ ngày hiệu lực trở đi; hãy sửa bố trí đó trước',
          en: 'Someone starts a post in the unit on or after the effective date; change that post first',
        },
        'effective_date',
      );
    const to = m.positionId ? positionUnit.get(m.positionId)! : target.membership(m);
    changes.push({ type: 'membership', before: m, after: next(m, { validTo: date, endReason: 'REORGANISATION' }) });
    changes.push({
      type: 'membership',
      before: null,
      after: {
        ...m,
        id: actor.newId(),
        unitId: to.id,
        validFrom: date,
        validTo: m.validTo,
        endReason: m.endReason,
        version: 1,
        createdAt: actor.now,
      },
    });
  }
  return changes;
}

function endUnits(units: Unit[], date: string): OrgChange[] {
  return units.map((u) => {
    const last = u.periods[u.periods.length - 1];
    if (date <= last.validFrom)
      throw new FailedPreconditionError(
        {
          vi: `Đơn vị ${u.code} đã có thay đổi từ ${last.validFrom}; ngày hiệu lực phải sau ngày đó`,
          en: `Unit ${u.code} changed on ${last.validFrom}; the effective date must be after it`,
        },
        'effective_date',
      );
    return { type: 'unit', before: u, after: next(u, { validTo: date, periods: [...u.periods.slice(0, -1), { ...last, validTo: date }] }) };
  });
}

/** New units' codes are free in the agency (the ended units' codes are free from the date on) and their ids unused. */
function checkNewUnits(specs: NewUnitSpec[], s: ReorganisationState) {
  const codes = new Set<string>();
  for (const spec of specs) {
    if (codes.has(spec.code) || s.codesInUse.includes(spec.code)) throw codeInUse(spec.code);
    codes.add(spec.code);
    if (spec.id && s.idsTaken.includes(spec.id)) throw idTaken({ vi: 'Đơn vị', en: 'A unit' });
  }
}

export interface MergeUnits {
  unitIds: string[];
  into: NewUnitSpec;
  parentUnitId: string | null;
  effectiveDate: string;
}

export function parseMergeUnits(
  r: { unitIds: string[]; into?: { id: string; code: string; name: string }; parentUnitId: string; effectiveDate: string },
  now: Date,
): MergeUnits {
  const unitIds = [...new Set(r.unitIds.map((id, i) => check.id(`unit_ids[${i}]`, id)))];
  if (unitIds.length < 2 || unitIds.length > 50)
    throw new ValidationError('unit_ids', {
      vi: 'Cần từ 2 đến 50 đơn vị khác nhau để sáp nhập',
      en: 'A merge takes 2 to 50 distinct units',
    });
  return {
    unitIds,
    into: parseNewUnit('into', r.into),
    parentUnitId: check.optionalId('parent_unit_id', r.parentUnitId),
    effectiveDate: effectiveDate('effective_date', r.effectiveDate, now),
  };
}

export function mergeUnits(m: MergeUnits, s: ReorganisationState, actor: Actor): OrgDecision<Unit> {
  const byId = new Map(s.units.map((u) => [u.id, u]));
  const units = m.unitIds.map((id, i) => inForceUnit(byId.get(id), m.effectiveDate, `unit_ids[${i}]`));
  const agencyId = units[0].agencyId;
  if (units.some((u) => u.agencyId !== agencyId))
    throw new ValidationError('unit_ids', {
      vi: 'Các đơn vị sáp nhập phải cùng một cơ quan',
      en: 'Merged units must belong to one agency',
    });
  authorize(units.every((x) => reachesUnit(actor, x)) && (s.parent ? reachesUnit(actor, s.parent) : coversAgency(actor.scope, agencyId)));
  checkParent(s.parent, m.parentUnitId, agencyId, m.effectiveDate, 'parent_unit_id');
  if (s.parent && units.some((u) => s.parent!.path.startsWith(u.path)))
    throw new ValidationError('parent_unit_id', {
      vi: 'Đơn vị cấp trên không được là một đơn vị bị sáp nhập hoặc cấp dưới của nó',
      en: 'The parent cannot be one of the merged units or below one',
    });
  checkNewUnits([m.into], s);
  const ended = endUnits(units, m.effectiveDate);
  const created = newUnit(actor, { ...m.into, agencyId, validFrom: m.effectiveDate }, s.parent);
  const lineage: UnitLineage[] = units.map((u) => ({
    predecessorId: u.id,
    successorId: created.id,
    kind: 'MERGE',
    effectiveDate: m.effectiveDate,
  }));
  const merged = { ...created, lineage };
  const endedIds = new Set(m.unitIds);
  const carried = carryOver(s, m.effectiveDate, actor, endedIds, {
    position: () => merged,
    subUnit: () => merged,
    membership: () => merged,
  });
  return { entity: merged, events: [...ended, { type: 'unit', before: null, after: merged }, ...carried] };
}

export interface SplitUnit {
  id: string;
  version: number;
  newUnits: NewUnitSpec[];
  positions: Map<string, number>;
  subUnits: Map<string, number>;
  memberships: Map<string, number>;
  effectiveDate: string;
}

function parseAssignments(field: string, list: { id: string; newUnitIndex: number }[], units: number): Map<string, number> {
  const map = new Map<string, number>();
  list.forEach((a, i) => {
    const id = check.id(`${field}[${i}].id`, a.id);
    if (map.has(id))
      throw new ValidationError(`${field}[${i}].id`, { vi: 'Mỗi mục chỉ được phân một lần', en: 'Each item may be assigned once' });
    map.set(id, check.intRange(`${field}[${i}].new_unit_index`, a.newUnitIndex, 0, units - 1));
  });
  return map;
}

export function parseSplitUnit(
  r: {
    id: string;
    version: number;
    newUnits: { id: string; code: string; name: string }[];
    positions: { id: string; newUnitIndex: number }[];
    subUnits: { id: string; newUnitIndex: number }[];
    memberships: { id: string; newUnitIndex: number }[];
    effectiveDate: string;
  },
  now: Date,
): SplitUnit {
  if (r.newUnits.length < 2 || r.newUnits.length > 50)
    throw new ValidationError('new_units', { vi: 'Chia tách cần từ 2 đến 50 đơn vị mới', en: 'A split makes 2 to 50 new units' });
  return {
    id: check.id('id', r.id),
    version: expectedVersion(r.version),
    newUnits: r.newUnits.map((u, i) => parseNewUnit(`new_units[${i}]`, u)),
    positions: parseAssignments('positions', r.positions, r.newUnits.length),
    subUnits: parseAssignments('sub_units', r.subUnits, r.newUnits.length),
    memberships: parseAssignments('memberships', r.memberships, r.newUnits.length),
    effectiveDate: effectiveDate('effective_date', r.effectiveDate, now),
  };
}

/** Every item the split unit holds is assigned exactly once, and nothing else is. */
function checkAssigned(field: string, assigned: Map<string, number>, held: string[]) {
  const missing = held.filter((id) => !assigned.has(id));
  if (missing.length)
    throw new ValidationError(field, {
      vi: `Chưa phân về đơn vị mới: ${missing.join(', ')}`,
      en: `Not assigned to a new unit: ${missing.join(', ')}`,
    });
  const extra = [...assigned.keys()].filter((id) => !held.includes(id));
  if (extra.length)
    throw new ValidationError(field, {
      vi: `Không thuộc đơn vị bị chia tách: ${extra.join(', ')}`,
      en: `Not held by the split unit: ${extra.join(', ')}`,
    });
}

export function splitUnit(r: SplitUnit, s: ReorganisationState, actor: Actor): OrgDecision<Unit[]> {
  const u = inForceUnit(
    s.units.find((x) => x.id === r.id),
    r.effectiveDate,
  );
  authorize(reachesUnit(actor, u));
  if (u.version !== r.version) throw stale();
  checkNewUnits(r.newUnits, s);
  const subs = s.descendants.filter((d) => d.parentUnitId === u.id && d.validTo === null);
  checkAssigned(
    'positions',
    r.positions,
    s.positions.map((p) => p.id),
  );
  checkAssigned(
    'sub_units',
    r.subUnits,
    subs.map((d) => d.id),
  );
  checkAssigned(
    'memberships',
    r.memberships,
    s.memberships.filter((m) => !m.positionId).map((m) => m.id),
  );
  const ended = endUnits([u], r.effectiveDate);
  const parent = s.parent;
  const created = r.newUnits.map((spec) => {
    const c = newUnit(actor, { ...spec, agencyId: u.agencyId, validFrom: r.effectiveDate }, parent);
    return { ...c, lineage: [{ predecessorId: u.id, successorId: c.id, kind: 'SPLIT' as const, effectiveDate: r.effectiveDate }] };
  });
  const carried = carryOver(s, r.effectiveDate, actor, new Set([u.id]), {
    position: (p) => created[r.positions.get(p.id)!],
    subUnit: (d) => created[r.subUnits.get(d.id)!],
    membership: (m) => created[r.memberships.get(m.id)!],
  });
  return {
    entity: created,
    events: [...ended, ...created.map((c): OrgChange => ({ type: 'unit', before: null, after: c })), ...carried],
  };
}

// ---------------------------------------------------------------------------------------------
// Lists: every one paginated, filters as fields.

export interface PageRequest {
  pageSize: number;
  pageToken: string;
}

export interface AgencyQuery {
  filters: { kind: AgencyKind | null; terms: string[] };
  /** After [sort key, id] of the last agency seen: the code, or the name when searching. */
  page: Page<string[]>;
}

export function planListAgencies(r: PageRequest & { kind: string; query: string }): AgencyQuery {
  const filters = { kind: r.kind ? check.oneOf('kind', r.kind as AgencyKind, AGENCY_KINDS) : null, terms: searchTerms(r.query) };
  return { filters, page: readPage(r, filters, isStringTuple(2)) };
}

export interface UnitQuery {
  filters: { agencyId: string | null; parentUnitId: string | null; topLevel: boolean; terms: string[]; onDate: string };
  /** After [agency id, code or name, id] of the last unit seen. */
  page: Page<string[]>;
}

export function planListUnits(
  r: PageRequest & { agencyId: string; parentUnitId: string; topLevel: boolean; query: string; onDate: string },
  now: Date,
): UnitQuery {
  const filters = {
    agencyId: check.optionalId('agency_id', r.agencyId),
    parentUnitId: check.optionalId('parent_unit_id', r.parentUnitId),
    topLevel: r.topLevel,
    terms: searchTerms(r.query),
    onDate: r.onDate ? check.date('on_date', r.onDate) : todayInVietnam(now),
  };
  if (filters.topLevel && filters.parentUnitId)
    throw new ValidationError('top_level', {
      vi: 'Không dùng top_level cùng parent_unit_id',
      en: 'top_level cannot be combined with parent_unit_id',
    });
  return { filters, page: readPage(r, filters, isStringTuple(3)) };
}

/** The shape a unit had on a date: its period then (or its latest shape when the date is outside its life). */
export function unitOn(u: Unit, date: string): Unit {
  const p = u.periods.find((x) => x.validFrom <= date && (x.validTo === null || date < x.validTo));
  return p ? { ...u, code: p.code, name: p.name, parentUnitId: p.parentUnitId } : u;
}
