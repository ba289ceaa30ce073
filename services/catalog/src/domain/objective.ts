import {
  type Actor,
  AlreadyExistsError,
  check,
  coversAgency,
  coversOfficial,
  coversTenant,
  coversUnit,
  type Decision,
  FailedPreconditionError,
  inRange,
  isStringTuple,
  NotFoundError,
  type Page,
  PermissionDeniedError,
  readPage,
  unchanged,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import {
  checkMeasure,
  DIRECTIONS,
  type Direction,
  KEY_RESULT_KINDS,
  type KeyResultKind,
  type KeyResultMeasure,
  keyResultProgress,
  type ObjectiveNode,
  rollUp,
} from './progress';

// ---------------------------------------------------------------------------------------------
// Objectives and key results (OKR: mục tiêu và kết quả then chốt) at four levels: the tenant
// (the province), an agency, a unit, one official. An objective aligns to at most one parent
// (căn chỉnh) of its own level or above, in the same tenant and either the same period or the
// year that contains its quarter (a quarter's objective under the year's, never a year's under
// a quarter's), with no cycles and at most MAX_ALIGNMENT_DEPTH objectives from top to bottom.
// Progress follows progress.ts: a key result's is linear from start to target, an objective's
// the weighted mean of its key results', or, with none, the mean of the objectives aligned to it.
//
// Every member of the tenant reads every objective (OKRs are open for alignment). Writing needs
// the level's node in the caller's scope: the tenant for the tenant's objectives, the agency,
// the unit (as it stands today), or the official (themself, or the managers over them today).

export const OBJECTIVE_LEVELS = ['TENANT', 'AGENCY', 'UNIT', 'INDIVIDUAL'] as const;
/** Cấp tỉnh, cấp cơ quan, cấp đơn vị (phòng, ban), cá nhân. */
export type ObjectiveLevel = (typeof OBJECTIVE_LEVELS)[number];

export const COMMITMENTS = ['COMMITTED', 'ASPIRATIONAL'] as const;
/** Cam kết (met in full, may feed scores) or kỳ vọng (a stretch that never feeds a legal score). */
export type Commitment = (typeof COMMITMENTS)[number];

export const SOURCE_KINDS = ['RESOLUTION', 'PROGRAMME', 'PLAN', 'OTHER'] as const;
/** Nghị quyết, chương trình, kế hoạch, other. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Objectives from the top of an alignment chain to its bottom, at most: tenant, agency, nested units, a person. */
export const MAX_ALIGNMENT_DEPTH = 10;
/** Key results of one objective, at most (OKR practice is three to five). */
export const MAX_KEY_RESULTS = 20;
/** A new key result's confidence until its first check-in: as likely met as not. */
export const INITIAL_CONFIDENCE = 0.5;
const MAX_TITLE = 300;
const MAX_DESCRIPTION = 4000;
const MAX_COMMENT = 2000;

/** A quarter (1–4) of a year, or the whole year (quarter 0). */
export interface ObjectivePeriod {
  year: number;
  quarter: number;
}

/** The text an objective comes from (căn cứ), for example Nghị quyết số 09-NQ/TU ngày 15/01/2026. */
export interface ObjectiveSource {
  kind: SourceKind;
  number: string;
  /** "YYYY-MM-DD", or null when not given. */
  date: string | null;
  title: string;
}

export interface Objective {
  id: string;
  tenantId: string;
  level: ObjectiveLevel;
  /** The agency, unit or official it belongs to; null for the tenant's. */
  nodeId: string | null;
  /** The agency of an AGENCY, UNIT or INDIVIDUAL objective (an official's: their main post's when it was created). */
  agencyId: string | null;
  ownerOfficialId: string;
  title: string;
  description: string;
  parentId: string | null;
  source: ObjectiveSource | null;
  commitment: Commitment;
  period: ObjectivePeriod;
  /** 0–1, rolled up; null while nothing gives it any. */
  progress: number | null;
  keyResultCount: number;
  childCount: number;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface KeyResult extends KeyResultMeasure {
  id: string;
  tenantId: string;
  objectiveId: string;
  title: string;
  /** What the numbers count: "hồ sơ", "%", "triệu đồng". */
  measureUnit: string;
  /** 1–100, relative within the objective. */
  weight: number;
  /** 0–1, as last reported. */
  confidence: number;
  /** 0–1, from the measure (keyResultProgress). */
  progress: number;
  /** The date of the latest check-in; null before any. */
  lastCheckInDate: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One reported value of a key result. */
export interface CheckIn {
  id: string;
  tenantId: string;
  keyResultId: string;
  value: number;
  confidence: number;
  comment: string;
  /** The day the value was measured, "YYYY-MM-DD". */
  checkInDate: string;
  requestId: string | null;
  createdBy: string;
  createdAt: Date;
}

/**
 * One record a decision changes, before (null when new) and after. Each is written with its
 * event and its audit row; a key result's carries its objective's commitment (scoring leaves
 * aspirational ones out) and the check-in that changed it.
 */
export type OkrChange =
  | { type: 'objective'; before: Objective | null; after: Objective }
  | {
      type: 'key_result';
      before: KeyResult | null;
      after: KeyResult;
      commitment: Commitment;
      checkIn: CheckIn | null;
      /** A new key result: how many its objective had when decided; the store adds it only while that still holds. */
      keyResultsBefore?: number;
    };

export interface OkrDecision<E> extends Decision<E, OkrChange> {
  /**
   * Objectives whose progress or counts the changes may alter: the store works each out again
   * from what is committed, under lock, and walks up its ancestors while progress changes.
   */
  recompute?: string[];
}

export const levelRank = (level: ObjectiveLevel) => OBJECTIVE_LEVELS.indexOf(level) + 1;

// ---------------------------------------------------------------------------------------------
// Roll-up: what an objective's row keeps, worked out from its key results and from the stored
// progress of the objectives aligned to it. The store calls these under lock (never the tree).

export interface Aggregates {
  progress: number | null;
  keyResultCount: number;
  childCount: number;
}

/**
 * An objective's progress and counts from its key results and its children's stored progress
 * (null: none yet). rollUp decides; each child's stored progress stands in for its subtree as
 * one key result from 0 to 1 at that value, which has exactly that progress.
 */
export function aggregatesOf(keyResults: (KeyResultMeasure & { weight: number })[], childProgress: (number | null)[]): Aggregates {
  const self: ObjectiveNode = { id: 'self', parentId: null, keyResults };
  const children: ObjectiveNode[] = childProgress.map((p, i) => ({
    id: `child-${i}`,
    parentId: 'self',
    keyResults: p === null ? [] : [{ kind: 'NUMBER', direction: 'INCREASING', start: 0, target: 1, current: p, weight: 1 }],
  }));
  return { progress: rollUp([self, ...children]).get('self') ?? null, keyResultCount: keyResults.length, childCount: childProgress.length };
}

/** The objective with new aggregates, as its next version; undefined when it already holds them. */
export function withAggregates(o: Objective, a: Aggregates, now: Date): Objective | undefined {
  if (o.progress === a.progress && o.keyResultCount === a.keyResultCount && o.childCount === a.childCount) return undefined;
  return { ...o, ...a, version: o.version + 1, updatedAt: now };
}

// ---------------------------------------------------------------------------------------------
// Fields shared by the requests.

const required = (field: string) => new ValidationError(field, { vi: `Trường ${field} là bắt buộc`, en: `${field} is required` });

const title = (value: string) => check.maxLength('title', check.required('title', value), MAX_TITLE);

/** A double that is a number (protobuf carries NaN and infinities). */
function finite(field: string, value: number): number {
  if (!Number.isFinite(value)) throw new ValidationError(field, { vi: `Trường ${field} phải là một số`, en: `${field} must be a number` });
  return value;
}

function confidence(value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new ValidationError('confidence', { vi: 'Độ tin cậy phải từ 0 đến 1', en: 'confidence must be from 0 to 1' });
  return value;
}

export function parsePeriod(p: ObjectivePeriod | undefined, field = 'period'): ObjectivePeriod {
  if (!p) throw required(field);
  return { year: check.intRange(`${field}.year`, p.year, 2000, 2100), quarter: check.intRange(`${field}.quarter`, p.quarter, 0, 4) };
}

/** Whether an objective of one period may align to an objective of another: the same period, or a quarter under its year. */
export const periodFits = (child: ObjectivePeriod, parent: ObjectivePeriod) =>
  child.year === parent.year && (child.quarter === parent.quarter || parent.quarter === 0);

export interface SourceRequest {
  kind: string;
  number: string;
  date: string;
  title: string;
}

/** A cited source: its kind, and its number or title; none when nothing is given. */
export function parseSource(s: SourceRequest | undefined): ObjectiveSource | null {
  if (!s || (!s.kind && !s.number.trim() && !s.date && !s.title.trim())) return null;
  const source: ObjectiveSource = {
    kind: check.oneOf('source.kind', s.kind as SourceKind, SOURCE_KINDS),
    number: check.maxLength('source.number', s.number.trim(), 50),
    date: s.date ? check.date('source.date', s.date) : null,
    title: check.maxLength('source.title', s.title.trim(), MAX_TITLE),
  };
  if (!source.number && !source.title)
    throw new ValidationError('source.number', {
      vi: 'Căn cứ cần có số hiệu hoặc trích yếu văn bản',
      en: 'A source needs the number or the title of the text',
    });
  return source;
}

/** An objective's fields as grpc/ hands them over, enums by name ('' when unspecified). */
export interface ObjectiveFieldsRequest {
  level: string;
  nodeId: string;
  ownerOfficialId: string;
  title: string;
  description: string;
  parentId: string;
  source: SourceRequest | undefined;
  commitment: string;
  period: ObjectivePeriod | undefined;
}

/** What a person edits on an objective after creating it. */
interface EditableFields {
  /** An official's objective without one given: the official. */
  ownerOfficialId: string | null;
  title: string;
  description: string;
  parentId: string | null;
  source: ObjectiveSource | null;
  commitment: Commitment;
}

function parseEditable(f: ObjectiveFieldsRequest): EditableFields {
  return {
    ownerOfficialId: check.optionalId('owner_official_id', f.ownerOfficialId),
    title: title(f.title),
    description: check.maxLength('description', f.description.trim(), MAX_DESCRIPTION),
    parentId: check.optionalId('parent_id', f.parentId),
    source: parseSource(f.source),
    commitment: check.oneOf('commitment', f.commitment as Commitment, COMMITMENTS),
  };
}

/**
 * The owner: given, or the official of an official's objective (whose owner is always themself).
 * Other levels name theirs.
 */
function ownerOf(level: ObjectiveLevel, nodeId: string | null, given: string | null): string {
  if (level === 'INDIVIDUAL') {
    if (given && given !== nodeId)
      throw new ValidationError('owner_official_id', {
        vi: 'Mục tiêu cá nhân do chính công chức đó phụ trách',
        en: "An individual objective's owner is the official it belongs to",
      });
    return nodeId!;
  }
  if (!given) throw required('owner_official_id');
  return given;
}

// ---------------------------------------------------------------------------------------------
// Authorization and the org directory.

/** Refuses a caller out of reach. */
function authorize(reached: boolean): void {
  if (!reached) throw new PermissionDeniedError();
}

/**
 * Whether the caller's scope for the call's action reaches an objective's node today: the
 * tenant, the agency, the unit (or a unit above it), the official (themself, or a post of
 * theirs in reach).
 */
export function reachesNode(actor: Actor, level: ObjectiveLevel, nodeId: string | null): boolean {
  const { scope, directory, today } = actor;
  if (level === 'TENANT') return coversTenant(scope);
  if (!nodeId) return false;
  if (level === 'AGENCY') return coversAgency(scope, nodeId);
  if (level === 'UNIT') return coversUnit(scope, directory, nodeId, today);
  return coversOfficial(scope, directory, nodeId, today);
}

const unknownNode = (vi: string, en: string) => new ValidationError('node_id', { vi, en });

/** The agency of a new objective's node, as the directory knows it today; refuses a node it does not know. */
function agencyOfNode(level: ObjectiveLevel, nodeId: string | null, actor: Actor): string | null {
  const dir = actor.directory;
  const tenantId = actor.principal.tenantId;
  if (level === 'TENANT') return null;
  const id = nodeId!;
  if (level === 'AGENCY') {
    if (dir.agency(id)?.tenantId !== tenantId) throw unknownNode('Không tìm thấy cơ quan', 'Agency not found');
    return id;
  }
  if (level === 'UNIT') {
    const u = dir.unit(id);
    if (!u || u.tenantId !== tenantId) throw unknownNode('Không tìm thấy đơn vị', 'Unit not found');
    if (!inRange(u, actor.today))
      throw new FailedPreconditionError(
        {
          vi: 'Đơn vị không còn hoạt động; hãy đặt mục tiêu cho đơn vị kế tục',
          en: 'The unit is not in force; set the objective for its successor',
        },
        'node_id',
      );
    return u.agencyId;
  }
  if (dir.official(id)?.tenantId !== tenantId) throw unknownNode('Không tìm thấy công chức', 'Official not found');
  const posts = dir.postsOn(id, actor.today);
  const post = posts.find((m) => m.kind === 'MAIN') ?? posts[0];
  if (!post) throw new FailedPreconditionError({ vi: 'Công chức chưa có vị trí công tác', en: 'The official holds no post' }, 'node_id');
  return post.agencyId;
}

/** The owner must be an official of the tenant still at work. */
function checkOwner(ownerId: string, actor: Actor): void {
  const o = actor.directory.official(ownerId);
  if (!o || o.tenantId !== actor.principal.tenantId)
    throw new ValidationError('owner_official_id', { vi: 'Không tìm thấy công chức phụ trách', en: 'Owner official not found' });
  if (!o.active)
    throw new FailedPreconditionError(
      { vi: 'Công chức phụ trách đã thôi công tác', en: 'The owner official is no longer at work' },
      'owner_official_id',
    );
}

// ---------------------------------------------------------------------------------------------
// Alignment.

/** What the store found of the objective aligned to. */
export interface Alignment {
  /** The parent asked for, when it exists in this tenant. */
  parent?: Objective;
  /** The parent and its ancestors, nearest first. */
  ancestors: string[];
}

export const NO_ALIGNMENT: Alignment = { ancestors: [] };

/**
 * Checks an alignment: the parent exists in this tenant, is of the objective's level or above
 * and of its period (or the year containing its quarter); the objective is not the parent nor
 * above it (no cycle); and the chain, with the objective's own subtree (`height` objectives
 * deep), stays within MAX_ALIGNMENT_DEPTH.
 */
function checkAlignment(
  child: { id: string | null; level: ObjectiveLevel; period: ObjectivePeriod },
  parentId: string | null,
  a: Alignment,
  height = 1,
): void {
  if (!parentId) return;
  const p = a.parent;
  if (!p) throw new ValidationError('parent_id', { vi: 'Không tìm thấy mục tiêu cấp trên', en: 'Parent objective not found' });
  if (levelRank(p.level) > levelRank(child.level))
    throw new ValidationError('parent_id', {
      vi: 'Mục tiêu chỉ gắn vào mục tiêu cùng cấp hoặc cấp trên',
      en: 'An objective aligns only to an objective of its own level or above',
    });
  if (!periodFits(child.period, p.period))
    throw new ValidationError('parent_id', {
      vi: 'Mục tiêu cấp trên phải cùng kỳ, hoặc là mục tiêu cả năm chứa quý này',
      en: 'The parent must be of the same period, or of the whole year that contains this quarter',
    });
  if (child.id && (p.id === child.id || a.ancestors.includes(child.id)))
    throw new ValidationError('parent_id', {
      vi: 'Không thể gắn mục tiêu vào chính nó hoặc mục tiêu cấp dưới của nó',
      en: 'An objective cannot align to itself or to an objective aligned below it',
    });
  if (a.ancestors.length + height > MAX_ALIGNMENT_DEPTH)
    throw new FailedPreconditionError(
      {
        vi: `Chuỗi mục tiêu gắn nhau không được sâu quá ${MAX_ALIGNMENT_DEPTH} cấp`,
        en: `A chain of aligned objectives may be at most ${MAX_ALIGNMENT_DEPTH} deep`,
      },
      'parent_id',
    );
}

// ---------------------------------------------------------------------------------------------
// CreateObjective

export interface NewObjective extends EditableFields {
  ownerOfficialId: string;
  level: ObjectiveLevel;
  nodeId: string | null;
  period: ObjectivePeriod;
}

export function parseCreateObjective(f: ObjectiveFieldsRequest | undefined): NewObjective {
  if (!f) throw required('fields');
  const level = check.oneOf('level', f.level as ObjectiveLevel, OBJECTIVE_LEVELS);
  if (level === 'TENANT' && f.nodeId)
    throw new ValidationError('node_id', {
      vi: 'Mục tiêu cấp tỉnh không thuộc cơ quan, đơn vị hay cá nhân nào',
      en: 'A tenant objective belongs to no agency, unit or official: leave node_id empty',
    });
  const nodeId = level === 'TENANT' ? null : check.id('node_id', f.nodeId);
  const editable = parseEditable(f);
  return { ...editable, level, nodeId, period: parsePeriod(f.period), ownerOfficialId: ownerOf(level, nodeId, editable.ownerOfficialId) };
}

/**
 * A new objective at a level the caller manages. Its agency is its node's (an official's main
 * post's today); aligning to a parent adds it to the parent's count, which the store updates.
 */
export function createObjective(o: NewObjective, s: Alignment, actor: Actor): OkrDecision<Objective> {
  authorize(reachesNode(actor, o.level, o.nodeId));
  const agencyId = agencyOfNode(o.level, o.nodeId, actor);
  checkOwner(o.ownerOfficialId, actor);
  checkAlignment({ id: null, level: o.level, period: o.period }, o.parentId, s);
  const objective: Objective = {
    id: actor.newId(),
    tenantId: actor.principal.tenantId,
    level: o.level,
    nodeId: o.nodeId,
    agencyId,
    ownerOfficialId: o.ownerOfficialId,
    title: o.title,
    description: o.description,
    parentId: o.parentId,
    source: o.source,
    commitment: o.commitment,
    period: o.period,
    progress: null,
    keyResultCount: 0,
    childCount: 0,
    version: 1,
    createdBy: actor.principal.subject,
    createdAt: actor.now,
    updatedAt: actor.now,
  };
  return { entity: objective, events: [{ type: 'objective', before: null, after: objective }], recompute: o.parentId ? [o.parentId] : [] };
}

// ---------------------------------------------------------------------------------------------
// UpdateObjective: title, description, source, alignment, commitment, owner. Level, node and
// period stay as created; a request may repeat them but not change them.

export interface ObjectiveEdit extends EditableFields {
  id: string;
  version: number;
  level: ObjectiveLevel | null;
  nodeId: string | null;
  period: ObjectivePeriod | null;
}

/** The version a caller read, for an update that must not overwrite a change it has not seen. */
const expectedVersion = (value: number) => check.intRange('version', value, 1, Number.MAX_SAFE_INTEGER);

export function parseUpdateObjective(r: { id: string; version: number; fields: ObjectiveFieldsRequest | undefined }): ObjectiveEdit {
  const id = check.id('id', r.id);
  const version = expectedVersion(r.version);
  const f = r.fields;
  if (!f) throw required('fields');
  const period = f.period && (f.period.year || f.period.quarter) ? parsePeriod(f.period) : null;
  return {
    id,
    version,
    ...parseEditable(f),
    level: f.level ? check.oneOf('level', f.level as ObjectiveLevel, OBJECTIVE_LEVELS) : null,
    nodeId: check.optionalId('node_id', f.nodeId),
    period,
  };
}

export interface ObjectiveState {
  objective?: Objective;
  /** Its key results (republished when its commitment changes). */
  keyResults: KeyResult[];
  /** The parent asked for, when it differs from the current one. */
  alignment: Alignment;
  /** How many objectives deep its own subtree is, itself included. */
  height: number;
}

export const objectiveNotFound = (field = 'id') => new NotFoundError({ vi: 'Không tìm thấy mục tiêu', en: 'Objective not found' }, field);

const stale = (vi: string, en: string) => new VersionConflictError({ vi, en });

const sameSource = (a: ObjectiveSource | null, b: ObjectiveSource | null) =>
  a === b || (a !== null && b !== null && a.kind === b.kind && a.number === b.number && a.date === b.date && a.title === b.title);

const staysAsCreated = (field: string) =>
  new ValidationError(field, {
    vi: 'Cấp, đối tượng và kỳ của mục tiêu giữ như khi tạo; hãy tạo mục tiêu mới',
    en: "An objective's level, node and period stay as created; create a new objective instead",
  });

export function updateObjective(e: ObjectiveEdit, s: ObjectiveState, actor: Actor): OkrDecision<Objective> {
  const o = s.objective;
  if (!o || o.tenantId !== actor.principal.tenantId) throw objectiveNotFound();
  authorize(reachesNode(actor, o.level, o.nodeId));
  if (o.version !== e.version)
    throw stale('Mục tiêu vừa được thay đổi; hãy tải lại rồi thử lại', 'The objective was changed since you read it; reload and retry');
  if (e.level && e.level !== o.level) throw staysAsCreated('level');
  if (e.nodeId && e.nodeId !== o.nodeId) throw staysAsCreated('node_id');
  if (e.period && (e.period.year !== o.period.year || e.period.quarter !== o.period.quarter)) throw staysAsCreated('period');
  const ownerOfficialId = ownerOf(o.level, o.nodeId, e.ownerOfficialId);
  if (ownerOfficialId !== o.ownerOfficialId) checkOwner(ownerOfficialId, actor);
  const moved = e.parentId !== o.parentId;
  if (moved) checkAlignment(o, e.parentId, s.alignment, s.height);
  const edited = {
    ownerOfficialId,
    title: e.title,
    description: e.description,
    parentId: e.parentId,
    source: e.source,
    commitment: e.commitment,
  };
  const same =
    !moved &&
    ownerOfficialId === o.ownerOfficialId &&
    e.title === o.title &&
    e.description === o.description &&
    e.commitment === o.commitment &&
    sameSource(e.source, o.source);
  if (same) return unchanged(o);
  const after: Objective = { ...o, ...edited, version: o.version + 1, updatedAt: actor.now };
  const changes: OkrChange[] = [{ type: 'objective', before: o, after }];
  // Consumers that score hold key results with their objective's commitment: tell them of the new one.
  if (e.commitment !== o.commitment)
    for (const k of s.keyResults)
      changes.push({
        type: 'key_result',
        before: k,
        after: { ...k, version: k.version + 1, updatedAt: actor.now },
        commitment: e.commitment,
        checkIn: null,
      });
  return { entity: after, events: changes, recompute: moved ? [o.parentId, e.parentId].filter((x): x is string => x !== null) : [] };
}

// ---------------------------------------------------------------------------------------------
// Key results

export interface KeyResultFieldsRequest {
  title: string;
  kind: string;
  measureUnit: string;
  start: number;
  target: number;
  direction: string;
  weight: number;
}

export interface KeyResultInput {
  title: string;
  kind: KeyResultKind;
  measureUnit: string;
  start: number;
  target: number;
  direction: Direction;
  weight: number;
}

/** A key result's fields: its measure checked by checkMeasure (a milestone goes from 0 to 1, increasing unless told). */
export function parseKeyResultFields(f: KeyResultFieldsRequest | undefined): KeyResultInput {
  if (!f) throw required('fields');
  const kind = check.oneOf('kind', f.kind as KeyResultKind, KEY_RESULT_KINDS);
  const direction = kind === 'MILESTONE' && !f.direction ? 'INCREASING' : check.oneOf('direction', f.direction as Direction, DIRECTIONS);
  const measure = { kind, direction, start: finite('start', f.start), target: f.target };
  checkMeasure(measure, 'target');
  return {
    title: title(f.title),
    ...measure,
    measureUnit: check.maxLength('measure_unit', f.measureUnit.trim(), 50),
    // The proto says 1 when zero.
    weight: f.weight === 0 ? 1 : check.intRange('weight', f.weight, 1, 100),
  };
}

export function parseCreateKeyResult(r: { objectiveId: string; fields: KeyResultFieldsRequest | undefined }) {
  return { objectiveId: check.id('objective_id', r.objectiveId), fields: parseKeyResultFields(r.fields) };
}

/** A key result as its measure makes it: progress from start, target and current. */
const measured = (k: KeyResult): KeyResult => ({ ...k, progress: keyResultProgress(k) });

export function createKeyResult(
  r: { objectiveId: string; fields: KeyResultInput },
  s: { objective?: Objective },
  actor: Actor,
): OkrDecision<KeyResult> {
  const o = s.objective;
  if (!o || o.tenantId !== actor.principal.tenantId) throw objectiveNotFound('objective_id');
  authorize(reachesNode(actor, o.level, o.nodeId));
  if (o.keyResultCount >= MAX_KEY_RESULTS)
    throw new FailedPreconditionError(
      {
        vi: `Một mục tiêu có tối đa ${MAX_KEY_RESULTS} kết quả then chốt`,
        en: `An objective has at most ${MAX_KEY_RESULTS} key results`,
      },
      'objective_id',
    );
  const keyResult = measured({
    id: actor.newId(),
    tenantId: o.tenantId,
    objectiveId: o.id,
    ...r.fields,
    current: r.fields.start,
    confidence: INITIAL_CONFIDENCE,
    progress: 0,
    lastCheckInDate: null,
    version: 1,
    createdAt: actor.now,
    updatedAt: actor.now,
  });
  return {
    entity: keyResult,
    events: [
      { type: 'key_result', before: null, after: keyResult, commitment: o.commitment, checkIn: null, keyResultsBefore: o.keyResultCount },
    ],
    recompute: [o.id],
  };
}

export function parseUpdateKeyResult(r: { id: string; version: number; fields: KeyResultFieldsRequest | undefined }) {
  return { id: check.id('id', r.id), version: expectedVersion(r.version), fields: parseKeyResultFields(r.fields) };
}

export interface KeyResultState {
  keyResult?: KeyResult;
  /** Its objective. */
  objective?: Objective;
}

export const keyResultNotFound = (field: string) =>
  new NotFoundError({ vi: 'Không tìm thấy kết quả then chốt', en: 'Key result not found' }, field);

/** The key result and its objective, or NOT_FOUND naming the field. */
function found(s: KeyResultState, actor: Actor, field: string): { k: KeyResult; o: Objective } {
  if (!s.keyResult || !s.objective || s.keyResult.tenantId !== actor.principal.tenantId) throw keyResultNotFound(field);
  return { k: s.keyResult, o: s.objective };
}

/**
 * Edits a key result's title, measure or weight. Before any check-in its current value follows
 * its start; after one, its kind stays (the values reported were of that kind).
 */
export function updateKeyResult(
  r: { id: string; version: number; fields: KeyResultInput },
  s: KeyResultState,
  actor: Actor,
): OkrDecision<KeyResult> {
  const { k, o } = found(s, actor, 'id');
  authorize(reachesNode(actor, o.level, o.nodeId));
  if (k.version !== r.version)
    throw stale(
      'Kết quả then chốt vừa được thay đổi; hãy tải lại rồi thử lại',
      'The key result was changed since you read it; reload and retry',
    );
  const checkedIn = k.lastCheckInDate !== null;
  if (checkedIn && r.fields.kind !== k.kind)
    throw new FailedPreconditionError(
      {
        vi: 'Kết quả then chốt đã có báo cáo tiến độ nên không đổi được loại',
        en: 'The key result has check-ins: its kind can no longer change',
      },
      'kind',
    );
  const f = r.fields;
  const same =
    f.title === k.title &&
    f.kind === k.kind &&
    f.measureUnit === k.measureUnit &&
    f.start === k.start &&
    f.target === k.target &&
    f.direction === k.direction &&
    f.weight === k.weight;
  if (same) return unchanged(k);
  const after = measured({ ...k, ...f, current: checkedIn ? k.current : f.start, version: k.version + 1, updatedAt: actor.now });
  return {
    entity: after,
    events: [{ type: 'key_result', before: k, after, commitment: o.commitment, checkIn: null }],
    recompute: [o.id],
  };
}

// ---------------------------------------------------------------------------------------------
// CheckInKeyResult

export interface NewCheckIn {
  keyResultId: string;
  value: number;
  confidence: number;
  comment: string;
  checkInDate: string;
  requestId: string | null;
}

export function parseCheckIn(
  r: { keyResultId: string; value: number; confidence: number; comment: string; checkInDate: string; requestId: string },
  today: string,
): NewCheckIn {
  const keyResultId = check.id('key_result_id', r.keyResultId);
  const checkInDate = r.checkInDate ? check.date('check_in_date', r.checkInDate) : today;
  if (checkInDate > today)
    throw new ValidationError('check_in_date', {
      vi: 'Không được báo cáo cho ngày trong tương lai',
      en: 'check_in_date cannot be in the future',
    });
  if (checkInDate < '2000-01-01')
    throw new ValidationError('check_in_date', { vi: 'Ngày báo cáo không hợp lệ', en: 'check_in_date is not a plausible date' });
  return {
    keyResultId,
    value: finite('value', r.value),
    confidence: confidence(r.confidence),
    comment: check.maxLength('comment', r.comment.trim(), MAX_COMMENT),
    checkInDate,
    requestId: check.optionalId('request_id', r.requestId),
  };
}

/** A value the key result's kind can take: a milestone is 0 or 1, a percentage 0–100. */
function checkValue(kind: KeyResultKind, value: number): void {
  if (kind === 'MILESTONE' && value !== 0 && value !== 1)
    throw new ValidationError('value', {
      vi: 'Kết quả dạng mốc chỉ nhận 0 (chưa đạt) hoặc 1 (đã đạt)',
      en: 'A milestone takes 0 (not reached) or 1 (reached)',
    });
  if (kind === 'PERCENT' && (value < 0 || value > 100))
    throw new ValidationError('value', { vi: 'Tỷ lệ phải từ 0 đến 100', en: 'A percentage must be from 0 to 100' });
}

const sameCheckIn = (a: CheckIn, b: NewCheckIn) =>
  a.keyResultId === b.keyResultId &&
  a.value === b.value &&
  a.confidence === b.confidence &&
  a.comment === b.comment &&
  a.checkInDate === b.checkInDate;

/**
 * Records a value of a key result on a date. The latest check-in by date (the later one on the
 * same day) sets the key result's current value and confidence; an earlier date only adds to
 * its history. A request id seen before answers that check-in again; with other content it is
 * ALREADY_EXISTS. Who may: the objective's node in the scope of okr.check_in (integrators too).
 */
export function checkIn(c: NewCheckIn, s: KeyResultState & { sameRequest?: CheckIn }, actor: Actor): OkrDecision<CheckIn> {
  const { k, o } = found(s, actor, 'key_result_id');
  authorize(reachesNode(actor, o.level, o.nodeId));
  if (s.sameRequest) {
    if (sameCheckIn(s.sameRequest, c)) return unchanged(s.sameRequest);
    throw new AlreadyExistsError(
      { vi: 'Mã yêu cầu đã được dùng cho một báo cáo khác', en: 'request_id was already used for another check-in' },
      'request_id',
    );
  }
  checkValue(k.kind, c.value);
  const recorded: CheckIn = {
    id: actor.newId(),
    tenantId: k.tenantId,
    ...c,
    createdBy: actor.principal.subject,
    createdAt: actor.now,
  };
  const latest = k.lastCheckInDate === null || c.checkInDate >= k.lastCheckInDate;
  const after = measured({
    ...k,
    ...(latest ? { current: c.value, confidence: c.confidence, lastCheckInDate: c.checkInDate } : {}),
    version: k.version + 1,
    updatedAt: actor.now,
  });
  return {
    entity: recorded,
    events: [{ type: 'key_result', before: k, after, commitment: o.commitment, checkIn: recorded }],
    recompute: [o.id],
  };
}

// ---------------------------------------------------------------------------------------------
// Reads: every member reads every objective of the tenant.

export const parseObjectiveId = (id: string) => check.id('id', id);

export interface ListObjectivesRequest {
  pageSize: number;
  pageToken: string;
  period: ObjectivePeriod | undefined;
  parentId: string;
  all: boolean;
  level: string;
  agencyId: string;
  ownerOfficialId: string;
}

export interface ObjectiveQuery {
  filters: {
    period: ObjectivePeriod;
    /** The objectives aligned to this one; null: the roots, unless `all`. */
    parentId: string | null;
    all: boolean;
    level: ObjectiveLevel | null;
    agencyId: string | null;
    ownerOfficialId: string | null;
  };
  /** After [level rank, title, id] of the last objective seen. */
  page: Page<[string, string, string]>;
}

const isObjectiveCursor = (c: unknown): c is [string, string, string] =>
  Array.isArray(c) && c.length === 3 && c.every((x) => typeof x === 'string' && x.length <= 4 * MAX_TITLE);

/** ListObjectives: the objectives of a period (required), by level (tenant first), title and id. */
export function planListObjectives(r: ListObjectivesRequest): ObjectiveQuery {
  const period = parsePeriod(r.period);
  const parentId = check.optionalId('parent_id', r.parentId);
  if (r.all && parentId)
    throw new ValidationError('parent_id', {
      vi: 'Khi lấy mọi mục tiêu của kỳ (all) thì không chọn mục tiêu cấp trên',
      en: 'all lists every objective of the period: leave parent_id empty',
    });
  const filters = {
    period,
    parentId,
    all: r.all,
    level: r.level ? check.oneOf('level', r.level as ObjectiveLevel, OBJECTIVE_LEVELS) : null,
    agencyId: check.optionalId('agency_id', r.agencyId),
    ownerOfficialId: check.optionalId('owner_official_id', r.ownerOfficialId),
  };
  return { filters, page: readPage(r, filters, isObjectiveCursor) };
}

/** The cursor of an objective in ListObjectives' order. */
export const objectiveCursor = (o: Objective): [string, string, string] => [String(levelRank(o.level)), o.title, o.id];

export interface CheckInQuery {
  filters: { keyResultId: string };
  /** After [check-in date, id] of the last one seen (newest first). */
  page: Page<[string, string]>;
}

export function planListCheckIns(r: { keyResultId: string; pageSize: number; pageToken: string }): CheckInQuery {
  const filters = { keyResultId: check.id('key_result_id', r.keyResultId) };
  return { filters, page: readPage(r, filters, isStringTuple(2) as (c: unknown) => c is [string, string]) };
}
