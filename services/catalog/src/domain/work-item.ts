import {
  type Actor,
  AlreadyExistsError,
  addDays,
  check,
  coversAgency,
  type Decision,
  FailedPreconditionError,
  isEmptyScope,
  isStringTuple,
  NotFoundError,
  type Page,
  PermissionDeniedError,
  readPage,
  type Scope,
  scopeFor,
  searchDocument,
  searchTerms,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import type { CoefficientRange, ConversionScale } from './conversion';

// ---------------------------------------------------------------------------------------------
// The work-item catalog (danh mục đầu công việc). An item is a kind of work: the product it
// delivers, how long one product takes, and how it converts. Groups A (leadership posts), B
// (shared professional work) and D (other) are the province's, kept by its catalog
// administrators; group C items belong to one agency and are approved by its head.
//
// Lifecycle: DRAFT → SUBMITTED → PUBLISHED → RETIRED, and SUBMITTED → DRAFT when returned.
// Each approval publishes a revision (1, 2, …) with the date it takes effect; the previous
// revision stays in force until the day before. Editing a published item drafts its next
// revision while the published one stays in force. Revisions are never rewritten, and once an
// item is in force a change (the next revision, a retirement) takes effect tomorrow at the
// earliest: the revision in force on any day up to today never changes, so work logged on a day
// keeps the revision of that day, and a new one never changes past work or scores.

export const WORK_ITEM_GROUPS = ['A', 'B', 'C', 'D'] as const;
export type WorkItemGroup = (typeof WORK_ITEM_GROUPS)[number];

export const WORK_ITEM_STATUSES = ['DRAFT', 'SUBMITTED', 'PUBLISHED', 'RETIRED'] as const;
export type WorkItemStatus = (typeof WORK_ITEM_STATUSES)[number];

/** Job-position categories (nhóm vị trí việc làm, Decree 62/2020), as org names them. */
export const POSITION_CATEGORIES = ['LEADERSHIP', 'SPECIALIST', 'SHARED_SPECIALIST', 'SUPPORT'] as const;
export type PositionCategory = (typeof POSITION_CATEGORIES)[number];

/** Longest standard time of one product: ten working days. */
export const MAX_STANDARD_MINUTES = 14_400;

/** Coefficients a range may span, in hundredths: 0.10 to 10.00. */
const COEFFICIENT_MIN = 10;
const COEFFICIENT_MAX = 1000;
const NEUTRAL: CoefficientRange = { min: 100, max: 100 };

/** What a person edits on an item; a revision is these values from a date. */
export interface WorkItemFields {
  name: string;
  group: WorkItemGroup;
  /** Lĩnh vực. */
  sector: string;
  /** Sản phẩm: what one unit of the work is. */
  product: string;
  /** Đơn vị tính of the product: "văn bản", "hồ sơ", "cuộc họp". */
  productUnit: string;
  /** Thời gian chuẩn of one product, in minutes. */
  standardMinutes: number;
  /** A group of the tenant's conversion scale, "N3"; empty converts at 1.00. */
  complexityGroup: string;
  difficulty: CoefficientRange;
  urgency: CoefficientRange;
  /** The categories of job positions the item applies to; empty: every position. */
  positionCategories: PositionCategory[];
  /** The agency of a group C item; null for the province's shared items. */
  agencyId: string | null;
  /**
   * First day in force of the revision these values become; empty on a draft that takes effect
   * when it is approved (that day, or the day after for the next revision of an item in force).
   */
  effectiveFrom: string;
}

export interface Stamp {
  by: string;
  at: Date;
}

export interface WorkItem extends WorkItemFields {
  id: string;
  tenantId: string;
  /** Short code unique within the tenant, for example "B.03". */
  code: string;
  status: WorkItemStatus;
  /** The revision these values are, or will be when published. */
  revision: number;
  /** The day after the last day in force, once superseded or retired. */
  effectiveTo: string | null;
  /** The revision in force; 0 before the first publication. */
  publishedRevision: number;
  created: Stamp;
  submitted: Stamp | null;
  approved: Stamp | null;
  retired: Stamp | null;
  returnReason: string;
  version: number;
  updatedAt: Date;
}

/** One published revision, as kept for good. */
export type WorkItemRevision = WorkItem;

export type CatalogEvent =
  | { kind: 'WorkItemChanged'; workItem: WorkItem; published: WorkItemRevision | null }
  | { kind: 'ConversionScaleChanged'; tenantId: string; scale: SavedScale };

export interface SavedScale extends ConversionScale {
  version: number;
  updatedAt: Date;
}

/** What a decision about an item writes: the item, and the revisions it publishes or closes. */
export interface WorkItemChange extends Decision<WorkItem, CatalogEvent> {
  /** The revision an approval publishes. */
  publish?: WorkItemRevision;
  /** The revision in force that an approval supersedes or a retirement ends, with its new end. */
  close?: { revision: number; effectiveTo: string };
}

// --- parsing ------------------------------------------------------------------------------------

export interface FieldsInput {
  name: string;
  group: string;
  sector: string;
  product: string;
  productUnit: string;
  standardMinutes: number;
  complexityGroup: string;
  difficulty?: { minHundredths: number; maxHundredths: number };
  urgency?: { minHundredths: number; maxHundredths: number };
  positionCategories: string[];
  agencyId: string;
  effectiveFrom: string;
}

function range(field: string, r: { minHundredths: number; maxHundredths: number } | undefined): CoefficientRange {
  if (!r || (r.minHundredths === 0 && r.maxHundredths === 0)) return NEUTRAL;
  const min = check.intRange(`${field}.min_hundredths`, r.minHundredths, COEFFICIENT_MIN, COEFFICIENT_MAX);
  const max = check.intRange(`${field}.max_hundredths`, r.maxHundredths, COEFFICIENT_MIN, COEFFICIENT_MAX);
  if (min > max)
    throw new ValidationError(`${field}.max_hundredths`, {
      vi: `Hệ số tối đa của ${field} phải không nhỏ hơn hệ số tối thiểu`,
      en: `The highest ${field} coefficient cannot be below the lowest`,
    });
  if (min > 100 || max < 100)
    throw new ValidationError(field, {
      vi: `Khoảng hệ số ${field} phải chứa 1,00 (công việc bình thường)`,
      en: `The ${field} range must include 1.00 (ordinary work)`,
    });
  return { min, max };
}

const GROUP_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/;

/** The fields of a create or update request, checked; an empty effective date is decided at approval. */
export function parseFields(f: FieldsInput): WorkItemFields {
  const group = check.oneOf('group', f.group, WORK_ITEM_GROUPS) as WorkItemGroup;
  const agencyId = check.optionalId('agency_id', f.agencyId);
  if (group === 'C' && !agencyId)
    throw new ValidationError('agency_id', {
      vi: 'Đầu việc nhóm C (đặc thù) phải thuộc một cơ quan',
      en: 'A group C (agency-specific) item belongs to an agency',
    });
  if (group !== 'C' && agencyId)
    throw new ValidationError('agency_id', {
      vi: `Đầu việc nhóm ${group} dùng chung toàn tỉnh, không thuộc riêng cơ quan nào`,
      en: `Group ${group} items are shared province-wide and belong to no agency`,
    });
  const complexityGroup = f.complexityGroup.trim();
  if (complexityGroup && !GROUP_CODE.test(complexityGroup))
    throw new ValidationError('complexity_group', {
      vi: 'Mã nhóm độ phức tạp chỉ gồm chữ và số, tối đa 16 ký tự',
      en: 'A complexity group code is letters and digits, at most 16 characters',
    });
  const categories = f.positionCategories.map(
    (c, i) => check.oneOf(`position_categories[${i}]`, c, POSITION_CATEGORIES) as PositionCategory,
  );
  return {
    name: check.maxLength('name', check.required('name', f.name), 300),
    group,
    sector: check.maxLength('sector', f.sector.trim(), 120),
    product: check.maxLength('product', f.product.trim(), 300),
    productUnit: check.maxLength('product_unit', check.required('product_unit', f.productUnit), 50),
    standardMinutes: check.intRange('standard_minutes', f.standardMinutes, 1, MAX_STANDARD_MINUTES),
    complexityGroup,
    difficulty: range('difficulty', f.difficulty),
    urgency: range('urgency', f.urgency),
    positionCategories: [...new Set(categories)].sort(),
    agencyId,
    effectiveFrom: f.effectiveFrom ? check.date('effective_from', f.effectiveFrom) : '',
  };
}

export const parseCode = (code: string) => check.code('code', code);

/** The complexity group must be one of the tenant's scale, once the tenant has one. */
export function checkComplexityGroup(fields: WorkItemFields, scale: ConversionScale | null, field = 'complexity_group'): void {
  if (!fields.complexityGroup) return;
  if (!scale)
    throw new ValidationError(field, {
      vi: 'Chưa có thang quy đổi: hãy đặt thang quy đổi trước khi gán nhóm độ phức tạp',
      en: 'There is no conversion scale yet: set it before giving items a complexity group',
    });
  if (!scale.complexityGroups.some((g) => g.code === fields.complexityGroup))
    throw new ValidationError(field, {
      vi: `Nhóm độ phức tạp ${fields.complexityGroup} không có trong thang quy đổi (${scale.complexityGroups.map((g) => g.code).join(', ')})`,
      en: `Complexity group ${fields.complexityGroup} is not in the conversion scale (${scale.complexityGroups.map((g) => g.code).join(', ')})`,
    });
}

// --- authorization ------------------------------------------------------------------------------

/** Whether a scope reaches an item: the province's items need the tenant, a group C item its agency. */
const reaches = (scope: Scope, item: Pick<WorkItemFields, 'group' | 'agencyId'>) =>
  item.group === 'C' && item.agencyId ? coversAgency(scope, item.agencyId) : scope.tenant;

/** Drafting, submitting and retiring: `catalog.manage` over the item. */
function requireEditor(actor: Actor, item: Pick<WorkItemFields, 'group' | 'agencyId'>): void {
  if (!reaches(actor.scope, item)) throw new PermissionDeniedError();
}

/** Approving or returning: catalog administrators over the tenant for shared items, the agency's head for group C. */
export function mayApprove(actor: Actor, item: Pick<WorkItemFields, 'group' | 'agencyId'>): boolean {
  const action = item.group === 'C' ? 'catalog.approve.agency' : 'catalog.approve.shared';
  return reaches(scopeFor(actor.principal, action, actor.directory, actor.today), item);
}

/** Who may see items that are not in force (drafts, submissions): the catalog's editors and approvers, over what they reach. */
export function workingScope(actor: Actor): Scope | null {
  for (const action of ['catalog.manage', 'catalog.approve'] as const) {
    const s = scopeFor(actor.principal, action, actor.directory, actor.today);
    if (!isEmptyScope(s)) return s;
  }
  return null;
}

/** Whether the caller sees the item as it stands (a draft, say), or only its revisions in force. */
export function seesWorking(actor: Actor, item: WorkItem): boolean {
  const s = workingScope(actor);
  return s !== null && reaches(s, item);
}

// --- decisions ----------------------------------------------------------------------------------

const notFound = () => new NotFoundError({ vi: 'Không tìm thấy đầu việc', en: 'Work item not found' }, 'id');

const stamp = (actor: Actor): Stamp => ({ by: actor.principal.subject, at: actor.now });

/** The item after a change, with its event: the item as it stands and the revision last published (what officials log against). */
function changed(before: WorkItem, after: WorkItem, actor: Actor, published: WorkItemRevision | null): WorkItemChange {
  const entity = { ...after, version: before.version + 1, updatedAt: actor.now };
  return { entity, events: [{ kind: 'WorkItemChanged', workItem: entity, published }] };
}

export interface WorkItemClashes {
  sameCode?: WorkItem;
  scale: ConversionScale | null;
}

export function createWorkItem(code: string, fields: WorkItemFields, s: WorkItemClashes, actor: Actor): WorkItemChange {
  requireEditor(actor, fields);
  if (fields.agencyId && !actor.directory.agency(fields.agencyId))
    throw new ValidationError('agency_id', { vi: 'Không tìm thấy cơ quan', en: 'Agency not found' });
  checkComplexityGroup(fields, s.scale);
  if (s.sameCode)
    throw new AlreadyExistsError({ vi: `Mã đầu việc ${code} đã tồn tại`, en: `Work item code ${code} already exists` }, 'code');
  const workItem: WorkItem = {
    id: actor.newId(),
    tenantId: actor.principal.tenantId,
    code,
    ...fields,
    status: 'DRAFT',
    revision: 1,
    effectiveTo: null,
    publishedRevision: 0,
    created: stamp(actor),
    submitted: null,
    approved: null,
    retired: null,
    returnReason: '',
    version: 1,
    updatedAt: actor.now,
  };
  return { entity: workItem, events: [{ kind: 'WorkItemChanged', workItem, published: null }] };
}

/** The item as the caller may act on it: missing or out of sight reads as not found, a stale version as a conflict. */
function current(item: WorkItem | undefined, version: number, actor: Actor): WorkItem {
  if (!item || item.tenantId !== actor.principal.tenantId || !seesWorking(actor, item)) throw notFound();
  if (item.version !== version)
    throw new VersionConflictError({
      vi: 'Đầu việc vừa được người khác thay đổi; hãy tải lại rồi thử lại',
      en: 'The work item was changed since you read it; reload and retry',
    });
  return item;
}

const wrongState = (vi: string, en: string) => new FailedPreconditionError({ vi, en });

/** The revision in force, as the item state read with it. */
export interface InForce {
  revision: WorkItemRevision | null;
}

/**
 * Edits a draft, or starts the draft of the next revision of a published item (the published
 * one stays in force until the new one is approved). Group and agency stay as first published:
 * moving an item between the province's and an agency's catalog is a new item.
 */
export function updateWorkItem(
  item: WorkItem | undefined,
  version: number,
  fields: WorkItemFields,
  s: InForce & { scale: ConversionScale | null },
  actor: Actor,
): WorkItemChange {
  const w = current(item, version, actor);
  requireEditor(actor, w);
  requireEditor(actor, fields);
  if (w.status === 'SUBMITTED')
    throw wrongState(
      'Đầu việc đang chờ duyệt; hãy chờ duyệt hoặc trả lại rồi sửa',
      'The item is waiting for approval; edit it once approved or returned',
    );
  if (w.status === 'RETIRED') throw wrongState('Đầu việc đã ngừng sử dụng', 'The item is retired');
  if (w.publishedRevision > 0 && (fields.group !== w.group || fields.agencyId !== w.agencyId))
    throw new ValidationError('group', {
      vi: 'Đầu việc đã ban hành không đổi nhóm hay cơ quan; hãy tạo đầu việc mới và ngừng đầu việc này',
      en: 'A published item keeps its group and agency; create a new item and retire this one',
    });
  if (fields.agencyId && fields.agencyId !== w.agencyId && !actor.directory.agency(fields.agencyId))
    throw new ValidationError('agency_id', { vi: 'Không tìm thấy cơ quan', en: 'Agency not found' });
  checkComplexityGroup(fields, s.scale);
  if (fields.effectiveFrom) checkEffectiveFrom(fields.effectiveFrom, s.revision, actor.today);
  const revision = w.status === 'PUBLISHED' ? w.publishedRevision + 1 : w.revision;
  return changed(w, { ...w, ...fields, status: 'DRAFT', revision, effectiveTo: null, returnReason: '' }, actor, s.revision);
}

/** The first day a change of an item in force may take effect: tomorrow (what is in force today stays so). */
export const nextRevisionFrom = (today: string) => addDays(today, 1);

/**
 * A new revision takes effect after the one in force began, and tomorrow at the earliest: work
 * already logged under the one in force keeps it.
 */
function checkEffectiveFrom(from: string, inForce: WorkItemRevision | null, today: string): void {
  if (!inForce) return;
  if (from <= inForce.effectiveFrom || from < nextRevisionFrom(today))
    throw new ValidationError('effective_from', {
      vi: `Phiên bản mới có hiệu lực sớm nhất từ ngày mai, và sau ngày ${inForce.effectiveFrom} của phiên bản đang áp dụng`,
      en: `A new revision takes effect tomorrow at the earliest, and after ${inForce.effectiveFrom}, when the revision in force began`,
    });
}

export function submitWorkItem(item: WorkItem | undefined, version: number, s: InForce, actor: Actor): WorkItemChange {
  const w = current(item, version, actor);
  requireEditor(actor, w);
  if (w.status !== 'DRAFT') throw wrongState('Chỉ gửi duyệt được bản nháp', 'Only a draft can be submitted');
  return changed(w, { ...w, status: 'SUBMITTED', submitted: stamp(actor), returnReason: '' }, actor, s.revision);
}

/** Publishes a submitted revision: it takes effect from its date, and the one in force ends the day before. */
export function approveWorkItem(item: WorkItem | undefined, version: number, s: InForce, actor: Actor): WorkItemChange {
  const w = current(item, version, actor);
  if (!mayApprove(actor, w)) throw new PermissionDeniedError();
  if (w.status !== 'SUBMITTED') throw wrongState('Chỉ duyệt được đầu việc đang chờ duyệt', 'Only a submitted item can be approved');
  // A draft without a date takes effect as soon as it may: today, or tomorrow after a revision in force.
  const effectiveFrom = w.effectiveFrom || (s.revision ? nextRevisionFrom(actor.today) : actor.today);
  checkEffectiveFrom(effectiveFrom, s.revision, actor.today);
  const approved: WorkItem = {
    ...w,
    effectiveFrom,
    status: 'PUBLISHED',
    publishedRevision: w.revision,
    approved: stamp(actor),
    effectiveTo: null,
  };
  const d = changed(w, approved, actor, null);
  return {
    ...d,
    events: [{ kind: 'WorkItemChanged', workItem: d.entity, published: d.entity }],
    publish: d.entity,
    close: s.revision ? { revision: s.revision.revision, effectiveTo: effectiveFrom } : undefined,
  };
}

export function returnWorkItem(item: WorkItem | undefined, version: number, reason: string, s: InForce, actor: Actor): WorkItemChange {
  const w = current(item, version, actor);
  if (!mayApprove(actor, w)) throw new PermissionDeniedError();
  if (w.status !== 'SUBMITTED') throw wrongState('Chỉ trả lại được đầu việc đang chờ duyệt', 'Only a submitted item can be returned');
  const why = check.maxLength('reason', check.required('reason', reason), 1000);
  return changed(w, { ...w, status: 'DRAFT', returnReason: why }, actor, s.revision);
}

/** Ends a published item from a day (tomorrow at the earliest): no new work is logged against it from then. */
export function retireWorkItem(item: WorkItem | undefined, version: number, effectiveTo: string, s: InForce, actor: Actor): WorkItemChange {
  const w = current(item, version, actor);
  requireEditor(actor, w);
  if (w.status !== 'PUBLISHED' || !s.revision)
    throw wrongState(
      'Chỉ ngừng được đầu việc đang áp dụng (không có bản nháp đang sửa)',
      'Only a published item without a pending draft can be retired',
    );
  const to = effectiveTo ? check.date('effective_to', effectiveTo) : nextRevisionFrom(actor.today);
  // The day it was to take effect is the earliest: an item published for a later day is withdrawn before it is ever in force.
  if (to < nextRevisionFrom(actor.today) || to < s.revision.effectiveFrom)
    throw new ValidationError('effective_to', {
      vi: `Ngày ngừng áp dụng sớm nhất là ngày mai, và không trước ngày ${s.revision.effectiveFrom}`,
      en: `The item can be retired from tomorrow on, not before ${s.revision.effectiveFrom}`,
    });
  return {
    ...changed(w, { ...w, status: 'RETIRED', effectiveTo: to, retired: stamp(actor) }, actor, { ...s.revision, effectiveTo: to }),
    close: { revision: s.revision.revision, effectiveTo: to },
  };
}

// --- the conversion scale -----------------------------------------------------------------------

export function updateScale(scale: ConversionScale, before: SavedScale | null, actor: Actor): Decision<SavedScale, CatalogEvent> {
  if (!actor.scope.tenant) throw new PermissionDeniedError();
  const saved: SavedScale = { ...scale, version: (before?.version ?? 0) + 1, updatedAt: actor.now };
  return { entity: saved, events: [{ kind: 'ConversionScaleChanged', tenantId: actor.principal.tenantId, scale: saved }] };
}

// --- reading ------------------------------------------------------------------------------------

export type WorkItemView = 'IN_FORCE' | 'WORKING';

export interface WorkItemFilters {
  view: WorkItemView;
  /** IN_FORCE: the revisions in force on this day. */
  onDate: string;
  codePrefix: string | null;
  /** Search words (keys without diacritics), each starting a word of the item. */
  terms: string[];
  groups: WorkItemGroup[];
  sector: string | null;
  positionCategory: PositionCategory | null;
  statuses: WorkItemStatus[];
  agencyId: string | null;
  onlyAgency: boolean;
  /**
   * WORKING, for a caller who edits only some agencies' items: the agencies whose group C items
   * they see (null: every item).
   */
  withinAgencies: string[] | null;
}

export interface WorkItemQuery {
  filters: WorkItemFilters;
  /** After [code, id] of the last item seen. */
  page: Page<[string, string]>;
}

export interface ListRequest {
  pageSize: number;
  pageToken: string;
  codePrefix: string;
  query: string;
  groups: string[];
  sector: string;
  positionCategory: string;
  statuses: string[];
  agencyId: string;
  onlyAgency: boolean;
  view: string;
  onDate: string;
}

/** The query of a list or an export, with what the caller may see of it. */
export function planListWorkItems(r: ListRequest, actor: Actor): WorkItemQuery {
  const view: WorkItemView = r.view === 'WORKING' ? 'WORKING' : 'IN_FORCE';
  const prefix = r.codePrefix.trim();
  const agencyId = check.optionalId('agency_id', r.agencyId);
  let withinAgencies: string[] | null = null;
  if (view === 'WORKING') {
    const s = workingScope(actor);
    if (!s) throw new PermissionDeniedError();
    if (!s.tenant) {
      if (agencyId && !coversAgency(s, agencyId)) throw new PermissionDeniedError();
      withinAgencies = agencyId ? [agencyId] : [...s.agencies].sort();
    }
  }
  const filters: WorkItemFilters = {
    view,
    onDate: view === 'IN_FORCE' && r.onDate ? check.date('on_date', r.onDate) : actor.today,
    codePrefix: prefix ? check.maxLength('code_prefix', prefix, 32) : null,
    terms: searchTerms(check.maxLength('query', r.query, 200)),
    groups: [...new Set(r.groups.map((g, i) => check.oneOf(`groups[${i}]`, g, WORK_ITEM_GROUPS) as WorkItemGroup))].sort(),
    sector: r.sector.trim() ? check.maxLength('sector', r.sector.trim(), 120) : null,
    positionCategory: r.positionCategory
      ? (check.oneOf('position_category', r.positionCategory, POSITION_CATEGORIES) as PositionCategory)
      : null,
    statuses:
      view === 'WORKING'
        ? [...new Set(r.statuses.map((st, i) => check.oneOf(`statuses[${i}]`, st, WORK_ITEM_STATUSES) as WorkItemStatus))].sort()
        : [],
    agencyId,
    onlyAgency: Boolean(agencyId && r.onlyAgency),
    withinAgencies,
  };
  return { filters, page: readPage(r, filters, isStringTuple(2)) as Page<[string, string]> };
}

/** The search document of an item: its code, name, product and sector, without case or diacritics. */
export const workItemSearchDocument = (w: Pick<WorkItem, 'code' | 'name' | 'product' | 'sector'>) =>
  searchDocument([w.code, w.name, w.product, w.sector].join(' '));

/**
 * What GetWorkItem answers: a published revision by number, the revision in force on a date, or
 * the item as it stands — the last only for those who see drafts; others get the revision in
 * force today, and nothing for an item never published.
 */
/** An item's published revisions are read by everyone once it has one; before that, by those who see its drafts. */
export function checkRevisionsReadable(item: WorkItem | undefined, actor: Actor): void {
  if (!item || item.tenantId !== actor.principal.tenantId || (item.publishedRevision === 0 && !seesWorking(actor, item))) throw notFound();
}

export function readableWorkItem(
  item: WorkItem | undefined,
  revision: WorkItemRevision | null,
  actor: Actor,
  asked: 'current' | 'revision',
): WorkItem {
  if (!item || item.tenantId !== actor.principal.tenantId) throw notFound();
  if (asked === 'current' && seesWorking(actor, item)) return item;
  if (!revision) throw notFound();
  return revision;
}
