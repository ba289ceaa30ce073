import {
  type Actor,
  AlreadyExistsError,
  check,
  FailedPreconditionError,
  isStringTuple,
  NotFoundError,
  type Page,
  type Reach,
  reachOn,
  readPage,
  searchTerms,
  unchanged,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import {
  authorize,
  END_REASONS,
  type EndReason,
  effectiveDate,
  expectedVersion,
  inForce,
  type JobPosition,
  MEMBERSHIP_KINDS,
  type Membership,
  type MembershipKind,
  next,
  OFFICIAL_CATEGORIES,
  type Official,
  type OfficialCategory,
  type OrgChange,
  type OrgDecision,
  POSITION_CATEGORIES,
  type PositionCategory,
  reachesOfficial,
  reachesUnit,
  type Unit,
} from './model';
import { idTaken, type PageRequest } from './structure';

// ---------------------------------------------------------------------------------------------
// Job positions (vị trí việc làm), officials (cán bộ, công chức, viên chức) and their posts over
// time: one main post at a time and any number of concurrent posts (kiêm nhiệm). A transfer,
// a promotion or a leave ends one membership and starts another; none is ever rewritten.

/** The caller reaches the posts (of one official) given: each one's agency, or its unit as the tree stood that day. */
const reachesPosts = (actor: Actor, posts: Membership[]) => posts.length > 0 && reachesOfficial(actor, '', posts);

const unitOfAgency = (unit: Unit | undefined, date: string, field = 'unit_id'): Unit => {
  if (!unit) throw new NotFoundError({ vi: 'Không tìm thấy đơn vị', en: 'Unit not found' }, field);
  if (!inForce(unit, date))
    throw new FailedPreconditionError(
      { vi: `Đơn vị ${unit.code} không hoạt động vào ngày ${date}`, en: `Unit ${unit.code} is not in force on ${date}` },
      field,
    );
  return unit;
};

const positionOfUnit = (position: JobPosition | undefined, unit: Unit, field = 'position_id'): JobPosition => {
  if (!position) throw new NotFoundError({ vi: 'Không tìm thấy vị trí việc làm', en: 'Job position not found' }, field);
  if (position.unitId !== unit.id)
    throw new ValidationError(field, {
      vi: 'Vị trí việc làm không thuộc đơn vị này',
      en: 'The job position does not belong to this unit',
    });
  return position;
};

// ---------------------------------------------------------------------------------------------
// CreateJobPosition

export interface NewJobPosition {
  id: string | null;
  unitId: string;
  code: string;
  title: string;
  duties: string;
  category: PositionCategory;
  leadership: boolean;
}

export function parseCreateJobPosition(r: {
  id: string;
  unitId: string;
  code: string;
  title: string;
  duties: string;
  category: string;
  leadership: boolean;
}): NewJobPosition {
  const category = check.oneOf('category', r.category as PositionCategory, POSITION_CATEGORIES);
  if (category === 'LEADERSHIP' && !r.leadership)
    throw new ValidationError('leadership', {
      vi: 'Vị trí nhóm lãnh đạo, quản lý phải là vị trí lãnh đạo',
      en: 'A position of the leadership category is a leadership post',
    });
  return {
    id: check.optionalId('id', r.id),
    unitId: check.id('unit_id', r.unitId),
    code: check.code('code', r.code),
    title: check.name('title', r.title),
    duties: check.maxLength('duties', r.duties.trim(), 4000),
    category,
    leadership: r.leadership,
  };
}

export interface JobPositionState {
  unit?: Unit;
  sameId?: JobPosition;
  idUsedElsewhere: boolean;
  sameCode?: JobPosition;
}

export function createJobPosition(p: NewJobPosition, s: JobPositionState, actor: Actor): OrgDecision<JobPosition> {
  if (s.sameId) {
    const x = s.sameId;
    if (x.unitId === p.unitId && x.code === p.code && x.title === p.title && x.duties === p.duties && x.category === p.category)
      return unchanged(x);
    throw idTaken({ vi: 'Vị trí việc làm', en: 'A job position' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Vị trí việc làm', en: 'A job position' });
  const unit = s.unit;
  if (!unit) throw new NotFoundError({ vi: 'Không tìm thấy đơn vị', en: 'Unit not found' }, 'unit_id');
  authorize(reachesUnit(actor, unit));
  if (unit.validTo !== null) throw new FailedPreconditionError({ vi: 'Đơn vị đã kết thúc hoạt động', en: 'The unit has ended' }, 'unit_id');
  if (s.sameCode)
    throw new AlreadyExistsError(
      { vi: `Mã vị trí ${p.code} đã có trong cơ quan`, en: `Position code ${p.code} already exists in this agency` },
      'code',
    );
  const position: JobPosition = {
    id: p.id ?? actor.newId(),
    tenantId: actor.principal.tenantId,
    agencyId: unit.agencyId,
    unitId: unit.id,
    code: p.code,
    title: p.title,
    duties: p.duties,
    category: p.category,
    leadership: p.leadership,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: position, events: [{ type: 'job_position', before: null, after: position }] };
}

// ---------------------------------------------------------------------------------------------
// CreateOfficial: the person and their first main post.

export interface PersonalDetails {
  fullName: string;
  email: string | null;
  staffCode: string | null;
  idpSubject: string | null;
  category: OfficialCategory;
}

/** The personal details of a request, checked (CreateOfficial, UpdateOfficial, and import rows). */
export function parsePersonal(r: {
  fullName: string;
  email: string;
  staffCode: string;
  idpSubject: string;
  category: string;
}): PersonalDetails {
  return {
    fullName: check.name('full_name', r.fullName.replace(/\s+/g, ' ')),
    email: r.email.trim() ? check.email('email', r.email) : null,
    staffCode: r.staffCode.trim() ? check.code('staff_code', r.staffCode) : null,
    idpSubject: r.idpSubject.trim() ? check.maxLength('idp_subject', r.idpSubject.trim(), 255) : null,
    category: check.oneOf('category', r.category as OfficialCategory, OFFICIAL_CATEGORIES),
  };
}

export interface NewOfficial extends PersonalDetails {
  id: string | null;
  agencyId: string;
  unitId: string;
  positionId: string | null;
  validFrom: string;
}

export function parseCreateOfficial(
  r: {
    id: string;
    agencyId: string;
    unitId: string;
    fullName: string;
    email: string;
    category: string;
    staffCode: string;
    idpSubject: string;
    positionId: string;
    validFrom: string;
  },
  now: Date,
): NewOfficial {
  return {
    id: check.optionalId('id', r.id),
    agencyId: check.id('agency_id', r.agencyId),
    unitId: check.id('unit_id', r.unitId),
    positionId: check.optionalId('position_id', r.positionId),
    validFrom: effectiveDate('valid_from', r.validFrom, now),
    ...parsePersonal(r),
  };
}

/** Other officials of the tenant holding an email, staff code or subject the request uses. */
export interface IdentityClashes {
  sameEmail?: Official;
  sameStaffCode?: Official;
  sameSubject?: Official;
}

export interface OfficialState extends IdentityClashes {
  agencyExists: boolean;
  unit?: Unit;
  position?: JobPosition;
  sameId?: Official;
  idUsedElsewhere: boolean;
}

function checkIdentity(d: PersonalDetails, s: IdentityClashes) {
  if (d.email && s.sameEmail)
    throw new AlreadyExistsError({ vi: 'Email đã được dùng cho người khác', en: 'Email is already used by another official' }, 'email');
  if (d.staffCode && s.sameStaffCode)
    throw new AlreadyExistsError(
      { vi: `Mã cán bộ ${d.staffCode} đã được dùng cho người khác`, en: `Staff code ${d.staffCode} is already used by another official` },
      'staff_code',
    );
  if (d.idpSubject && s.sameSubject)
    throw new AlreadyExistsError(
      { vi: 'Tài khoản đăng nhập này đã gắn với người khác', en: 'This sign-in account is already linked to another official' },
      'idp_subject',
    );
}

const samePerson = (a: Official, b: NewOfficial) =>
  a.agencyId === b.agencyId &&
  a.unitId === b.unitId &&
  a.fullName === b.fullName &&
  a.email === b.email &&
  a.category === b.category &&
  a.staffCode === b.staffCode &&
  a.positionId === b.positionId;

export function createOfficial(o: NewOfficial, s: OfficialState, actor: Actor): OrgDecision<Official> {
  if (s.sameId) {
    if (samePerson(s.sameId, o)) return unchanged(s.sameId);
    throw idTaken({ vi: 'Công chức', en: 'An official' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Công chức', en: 'An official' });
  if (!s.agencyExists) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'agency_id');
  if (!s.unit || s.unit.agencyId !== o.agencyId)
    throw new NotFoundError({ vi: 'Không tìm thấy đơn vị trong cơ quan này', en: 'Unit not found in this agency' }, 'unit_id');
  const unit = unitOfAgency(s.unit, o.validFrom);
  authorize(reachesUnit(actor, unit));
  if (o.positionId) positionOfUnit(s.position, unit);
  checkIdentity(o, s);
  const id = o.id ?? actor.newId();
  const official: Official = {
    id,
    tenantId: actor.principal.tenantId,
    agencyId: o.agencyId,
    unitId: o.unitId,
    positionId: o.positionId,
    fullName: o.fullName,
    email: o.email,
    staffCode: o.staffCode,
    idpSubject: o.idpSubject,
    category: o.category,
    active: true,
    version: 1,
    createdAt: actor.now,
  };
  const membership: Membership = {
    id: actor.newId(),
    tenantId: official.tenantId,
    officialId: id,
    agencyId: o.agencyId,
    unitId: o.unitId,
    positionId: o.positionId,
    kind: 'MAIN',
    validFrom: o.validFrom,
    validTo: null,
    endReason: null,
    version: 1,
    createdAt: actor.now,
  };
  return {
    entity: official,
    events: [
      { type: 'official', before: null, after: official },
      { type: 'membership', before: null, after: membership },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// UpdateOfficial: personal details only.

export interface UpdateOfficial extends PersonalDetails {
  id: string;
  version: number;
}

export function parseUpdateOfficial(r: {
  id: string;
  version: number;
  fullName: string;
  email: string;
  category: string;
  staffCode: string;
  idpSubject: string;
}): UpdateOfficial {
  return { id: check.id('id', r.id), version: expectedVersion(r.version), ...parsePersonal(r) };
}

export function updateOfficial(
  u: UpdateOfficial,
  s: IdentityClashes & { official?: Official; posts: Membership[] },
  actor: Actor,
): OrgDecision<Official> {
  const o = s.official;
  // Out of reach reads as missing: nobody learns which ids exist outside their scope.
  if (!o || !reachesOfficial(actor, '', s.posts))
    throw new NotFoundError({ vi: 'Không tìm thấy công chức', en: 'Official not found' }, 'id');
  if (o.version !== u.version)
    throw new VersionConflictError({
      vi: 'Hồ sơ vừa được người khác thay đổi; hãy tải lại rồi thử lại',
      en: 'The record was changed since you read it; reload and retry',
    });
  checkIdentity(u, s);
  const { id: _id, version: _v, ...details } = u;
  if (Object.entries(details).every(([k, v]) => o[k as keyof Official] === v)) return unchanged(o);
  const after = next(o, details);
  return { entity: after, events: [{ type: 'official', before: o, after }] };
}

// ---------------------------------------------------------------------------------------------
// AssignPost and EndMembership.

export interface AssignPost {
  id: string | null;
  officialId: string;
  unitId: string;
  positionId: string | null;
  kind: MembershipKind;
  validFrom: string;
  previousEndReason: EndReason;
}

export function parseAssignPost(
  r: { id: string; officialId: string; unitId: string; positionId: string; kind: string; validFrom: string; previousEndReason: string },
  now: Date,
): AssignPost {
  return {
    id: check.optionalId('id', r.id),
    officialId: check.id('official_id', r.officialId),
    unitId: check.id('unit_id', r.unitId),
    positionId: check.optionalId('position_id', r.positionId),
    kind: check.oneOf('kind', r.kind as MembershipKind, MEMBERSHIP_KINDS),
    validFrom: effectiveDate('valid_from', r.validFrom, now),
    previousEndReason: r.previousEndReason ? check.oneOf('previous_end_reason', r.previousEndReason as EndReason, END_REASONS) : 'TRANSFER',
  };
}

export interface PostState {
  official?: Official;
  unit?: Unit;
  position?: JobPosition;
  /** The official's memberships, every one. */
  memberships: Membership[];
}

/** The official as their latest main post makes them. */
function withMainPost(o: Official, memberships: Membership[]): Official {
  const mains = memberships.filter((m) => m.kind === 'MAIN').sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const latest = mains[mains.length - 1];
  if (!latest) return { ...o, active: false };
  return { ...o, agencyId: latest.agencyId, unitId: latest.unitId, positionId: latest.positionId, active: latest.validTo === null };
}

/** The official's change, if their latest main post changed what the record says. */
function officialChange(o: Official, memberships: Membership[]): OrgChange[] {
  const w = withMainPost(o, memberships);
  if (w.agencyId === o.agencyId && w.unitId === o.unitId && w.positionId === o.positionId && w.active === o.active) return [];
  return [
    { type: 'official', before: o, after: next(o, { agencyId: w.agencyId, unitId: w.unitId, positionId: w.positionId, active: w.active }) },
  ];
}

export function assignPost(a: AssignPost, s: PostState, actor: Actor): OrgDecision<{ membership: Membership; ended: Membership | null }> {
  const o = s.official;
  // The posts the person holds must be in the caller's reach; an official out of reach reads as missing.
  const held = s.memberships.filter(
    (m) => inForce(m, a.validFrom) || (m.kind === 'MAIN' && m.validFrom <= a.validFrom && m.validTo === null),
  );
  if (!o || (held.length > 0 && !reachesPosts(actor, held)))
    throw new NotFoundError({ vi: 'Không tìm thấy công chức', en: 'Official not found' }, 'official_id');
  const repeat = a.id ? s.memberships.find((m) => m.id === a.id) : undefined;
  if (repeat) {
    if (repeat.unitId === a.unitId && repeat.positionId === a.positionId && repeat.kind === a.kind && repeat.validFrom === a.validFrom)
      return unchanged({ membership: repeat, ended: null });
    throw idTaken({ vi: 'Bố trí công tác', en: 'A membership' });
  }
  const unit = unitOfAgency(s.unit, a.validFrom);
  // So must the unit they join.
  authorize(reachesUnit(actor, unit));
  if (a.positionId) positionOfUnit(s.position, unit);
  const later = s.memberships.find((m) => (a.kind === 'MAIN' ? m.kind === 'MAIN' : m.unitId === a.unitId) && m.validFrom >= a.validFrom);
  if (later)
    throw new FailedPreconditionError(
      {
        vi: `Đã có bố trí từ ${later.validFrom}; bố trí mới phải bắt đầu sau ngày đó`,
        en: `A post already starts on ${later.validFrom}; a new one must start after it`,
      },
      'valid_from',
    );
  // One post per person and unit at a time: a main post cannot join a concurrent one in its unit.
  const concurrentThere =
    a.kind === 'MAIN' &&
    s.memberships.some((m) => m.kind === 'CONCURRENT' && m.unitId === a.unitId && (m.validTo === null || m.validTo > a.validFrom));
  if (concurrentThere)
    throw new AlreadyExistsError(
      {
        vi: 'Người này đang kiêm nhiệm trong đơn vị này; hãy kết thúc vị trí kiêm nhiệm trước',
        en: 'The official holds a concurrent post in this unit; end it first',
      },
      'unit_id',
    );
  const changes: OrgChange[] = [];
  let ended: Membership | null = null;
  const overlapping = s.memberships.find((m) => (a.kind === 'MAIN' ? m.kind === 'MAIN' : m.unitId === a.unitId) && inForce(m, a.validFrom));
  if (overlapping) {
    if (a.kind === 'CONCURRENT')
      throw new AlreadyExistsError(
        { vi: 'Người này đã có vị trí trong đơn vị vào ngày đó', en: 'The official already holds a post in this unit on that date' },
        'unit_id',
      );
    ended = next(overlapping, { validTo: a.validFrom, endReason: a.previousEndReason });
    changes.push({ type: 'membership', before: overlapping, after: ended });
  }
  const membership: Membership = {
    id: a.id ?? actor.newId(),
    tenantId: o.tenantId,
    officialId: o.id,
    agencyId: unit.agencyId,
    unitId: unit.id,
    positionId: a.positionId,
    kind: a.kind,
    validFrom: a.validFrom,
    validTo: null,
    endReason: null,
    version: 1,
    createdAt: actor.now,
  };
  changes.push({ type: 'membership', before: null, after: membership });
  const all = [...s.memberships.map((m) => (m.id === ended?.id ? ended : m)), membership];
  return { entity: { membership, ended }, events: [...changes, ...officialChange(o, all)] };
}

export interface EndMembership {
  id: string;
  validTo: string;
  reason: EndReason;
}

export function parseEndMembership(r: { id: string; validTo: string; reason: string }, now: Date): EndMembership {
  return {
    id: check.id('id', r.id),
    validTo: effectiveDate('valid_to', r.validTo, now),
    reason: check.oneOf('reason', r.reason as EndReason, END_REASONS),
  };
}

/**
 * Ends a post: it is held until the day before valid_to. Ending a post on the day it starts
 * withdraws it (it was recorded in error): the record is removed, a tombstone published.
 */
export function endMembership(
  e: EndMembership,
  s: { official?: Official; memberships: Membership[] },
  actor: Actor,
): OrgDecision<Membership> {
  const m = s.memberships.find((x) => x.id === e.id);
  // A post out of reach reads as missing.
  if (!m || !s.official || !reachesPosts(actor, [m]))
    throw new NotFoundError({ vi: 'Không tìm thấy bố trí công tác', en: 'Membership not found' }, 'id');
  if (m.validTo !== null && m.validTo <= e.validTo) {
    if (m.validTo === e.validTo && m.endReason === e.reason) return unchanged(m);
    throw new FailedPreconditionError(
      { vi: `Bố trí này đã kết thúc từ ${m.validTo}`, en: `This membership already ended on ${m.validTo}` },
      'valid_to',
    );
  }
  if (e.validTo < m.validFrom)
    throw new ValidationError('valid_to', {
      vi: `Ngày kết thúc phải từ ngày bắt đầu ${m.validFrom} trở đi`,
      en: `valid_to must be on or after the start, ${m.validFrom}`,
    });
  if (m.kind === 'MAIN' && s.memberships.some((x) => x.kind === 'MAIN' && x.validFrom > m.validFrom))
    throw new FailedPreconditionError(
      { vi: 'Đã có vị trí chính sau vị trí này; hãy kết thúc vị trí mới nhất', en: 'A later main post exists; end the latest one' },
      'id',
    );
  const removed = e.validTo === m.validFrom;
  const after = removed ? null : next(m, { validTo: e.validTo, endReason: e.reason });
  const rest = s.memberships.filter((x) => x.id !== m.id).concat(after ? [after] : []);
  return { entity: after ?? m, events: [{ type: 'membership', before: m, after }, ...officialChange(s.official, rest)] };
}

// ---------------------------------------------------------------------------------------------
// Lists.

export interface OfficialQuery {
  filters: {
    agencyId: string | null;
    unitId: string | null;
    includeSubunits: boolean;
    positionId: string | null;
    category: OfficialCategory | null;
    terms: string[];
    includeInactive: boolean;
  };
  /** What the caller reaches (their scope as it stands today): results stay inside it. */
  reach: Reach;
  /** After [sort name, id] of the last official seen. */
  page: Page<string[]>;
}

/**
 * Officials carry names and emails: tenant-wide readers see everyone; unit heads, agency
 * leaders and integrators the officials posted in what they reach today; an official themself.
 */
export function planListOfficials(
  r: PageRequest & {
    agencyId: string;
    unitId: string;
    category: string;
    query: string;
    includeSubunits: boolean;
    positionId: string;
    includeInactive: boolean;
  },
  actor: Actor,
): OfficialQuery {
  const filters = {
    agencyId: check.optionalId('agency_id', r.agencyId),
    unitId: check.optionalId('unit_id', r.unitId),
    includeSubunits: r.includeSubunits,
    positionId: check.optionalId('position_id', r.positionId),
    category: r.category ? check.oneOf('category', r.category as OfficialCategory, OFFICIAL_CATEGORIES) : null,
    terms: searchTerms(check.maxLength('query', r.query, 200)),
    includeInactive: r.includeInactive,
  };
  return { filters, reach: reachOn(actor.scope, actor.directory, actor.today), page: readPage(r, filters, isStringTuple(2)) };
}

export interface MembershipQuery {
  filters: {
    officialId: string | null;
    unitId: string | null;
    agencyId: string | null;
    includeSubunits: boolean;
    onDate: string | null;
  };
  /** Posts of a unit or an agency stay inside what the caller reaches today (one official's history is checked whole). */
  reach: Reach;
  /** After [sort key, id]: the official's sort name, or the start date for one official's history. */
  page: Page<string[]>;
}

export function planListMemberships(
  r: PageRequest & { officialId: string; unitId: string; agencyId: string; onDate: string; includeSubunits: boolean },
  actor: Actor,
): MembershipQuery {
  const officialId = check.optionalId('official_id', r.officialId);
  const unitId = check.optionalId('unit_id', r.unitId);
  const agencyId = check.optionalId('agency_id', r.agencyId);
  if ([officialId, unitId, agencyId].filter(Boolean).length !== 1)
    throw new ValidationError('official_id', {
      vi: 'Cần đúng một trong official_id, unit_id, agency_id',
      en: 'Exactly one of official_id, unit_id and agency_id is required',
    });
  const onDate = r.onDate ? check.date('on_date', r.onDate) : officialId ? null : actor.today;
  const filters = { officialId, unitId, agencyId, includeSubunits: r.includeSubunits, onDate };
  return { filters, reach: reachOn(actor.scope, actor.directory, actor.today), page: readPage(r, filters, isStringTuple(2)) };
}

/** Whether the caller may read an official's record and history: their own, or one whose posts today (or last) are in reach. */
export function canReadOfficial(officialId: string, memberships: Membership[], actor: Actor): boolean {
  const current = memberships.filter((m) => inForce(m, actor.today));
  const last = memberships.filter((m) => m.kind === 'MAIN').sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
  return reachesOfficial(actor, officialId, current.length ? current : last ? [last] : []);
}

export interface JobPositionQuery {
  filters: { agencyId: string | null; unitId: string | null; category: PositionCategory | null };
  /** After [unit id, code]. */
  page: Page<string[]>;
}

export function planListJobPositions(r: PageRequest & { agencyId: string; unitId: string; category: string }): JobPositionQuery {
  const filters = {
    agencyId: check.optionalId('agency_id', r.agencyId),
    unitId: check.optionalId('unit_id', r.unitId),
    category: r.category ? check.oneOf('category', r.category as PositionCategory, POSITION_CATEGORIES) : null,
  };
  return { filters, page: readPage(r, filters, isStringTuple(2)) };
}
