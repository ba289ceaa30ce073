import type { OrgDirectory } from '@thuocdo/kit';
import { actorFor, directoryWith, failureOf, fieldOf, TENANT } from '@thuocdo/testing/src/domain-fixtures';
import {
  approveWorkItem,
  createWorkItem,
  type FieldsInput,
  MAX_STANDARD_MINUTES,
  mayApprove,
  nextRevisionFrom,
  parseFields,
  planListWorkItems,
  readableWorkItem,
  retireWorkItem,
  returnWorkItem,
  submitWorkItem,
  updateWorkItem,
  type WorkItem,
} from './work-item';

const AGENCY = '0190f3a2-0000-7000-8000-00000000a001';
const OTHER_AGENCY = '0190f3a2-0000-7000-8000-00000000a002';
const TODAY = '2026-11-20';
const scale = {
  standardProductName: 'Văn bản',
  standardProductMinutes: 60,
  complexityGroups: [{ code: 'N1', coefficientHundredths: 100 }],
};

const agencies = (): OrgDirectory =>
  directoryWith(
    [AGENCY, OTHER_AGENCY].map((id, i) => ({
      kind: 'agency',
      id,
      version: 1,
      removed: false,
      value: { id, tenantId: TENANT, code: `S${i}` },
    })),
  );

const input: FieldsInput = {
  name: 'Soạn thảo văn bản hành chính',
  group: 'B',
  sector: 'Hành chính',
  product: 'Công văn',
  productUnit: 'văn bản',
  standardMinutes: 120,
  complexityGroup: 'N1',
  difficulty: { minHundredths: 80, maxHundredths: 150 },
  urgency: { minHundredths: 0, maxHundredths: 0 },
  positionCategories: ['SPECIALIST', 'LEADERSHIP', 'SPECIALIST'],
  agencyId: '',
  effectiveFrom: '',
};
const shared = parseFields(input);
const agencyOwn = parseFields({ ...input, group: 'C', agencyId: AGENCY });

const catalogAdmin = (action: 'catalog.manage' | 'catalog.approve' | 'catalog.read' = 'catalog.manage') =>
  actorFor(action, ['catalog_admin'], { directory: agencies() });
const agencyHead = (action: 'catalog.manage' | 'catalog.approve' | 'catalog.read' = 'catalog.manage', agencyId = AGENCY) =>
  actorFor(action, [], { grants: [{ role: 'agency_leader', agencyId }], directory: agencies() });
const official = () => actorFor('catalog.read', ['official'], { directory: agencies() });

/** An item drafted, submitted and approved by the actors given. */
function published(fields = shared, editor = catalogAdmin(), approver = catalogAdmin('catalog.approve')): WorkItem {
  const draft = createWorkItem('B.01', fields, { scale }, editor).entity;
  const submitted = submitWorkItem(draft, draft.version, { revision: null }, editor).entity;
  return approveWorkItem(submitted, submitted.version, { revision: null }, approver).entity;
}

describe('work-item fields', () => {
  it('reads every field, with defaults: coefficients 1.00–1.00, positions sorted and unique, the date left to the approval', () => {
    expect(shared).toEqual({
      name: 'Soạn thảo văn bản hành chính',
      group: 'B',
      sector: 'Hành chính',
      product: 'Công văn',
      productUnit: 'văn bản',
      standardMinutes: 120,
      complexityGroup: 'N1',
      difficulty: { min: 80, max: 150 },
      urgency: { min: 100, max: 100 },
      positionCategories: ['LEADERSHIP', 'SPECIALIST'],
      agencyId: null,
      effectiveFrom: '',
    });
  });

  it('names the field of every mistake', () => {
    const bad = (patch: Partial<FieldsInput>) => fieldOf(() => parseFields({ ...input, ...patch }));
    expect(bad({ name: ' ' })).toBe('name');
    expect(bad({ group: 'E' })).toBe('group');
    expect(bad({ group: 'C' })).toBe('agency_id');
    expect(bad({ agencyId: AGENCY })).toBe('agency_id');
    expect(bad({ productUnit: '' })).toBe('product_unit');
    for (const m of [0, 1.5, MAX_STANDARD_MINUTES + 1]) expect(bad({ standardMinutes: m })).toBe('standard_minutes');
    expect(bad({ complexityGroup: 'N 1' })).toBe('complexity_group');
    expect(bad({ difficulty: { minHundredths: 150, maxHundredths: 120 } })).toBe('difficulty.max_hundredths');
    expect(bad({ difficulty: { minHundredths: 110, maxHundredths: 150 } })).toBe('difficulty');
    expect(bad({ urgency: { minHundredths: 5, maxHundredths: 150 } })).toBe('urgency.min_hundredths');
    expect(bad({ positionCategories: ['MANAGER'] })).toBe('position_categories[0]');
    expect(bad({ effectiveFrom: '2026-02-30' })).toBe('effective_from');
  });
});

describe('work-item lifecycle', () => {
  it('drafts revision 1, submits, and publishes it in force from its date, stamping who and when at each step', () => {
    const editor = catalogAdmin();
    const d = createWorkItem('B.01', shared, { scale }, editor);
    expect(d.entity).toMatchObject({
      status: 'DRAFT',
      revision: 1,
      publishedRevision: 0,
      version: 1,
      created: { by: editor.principal.subject },
    });
    expect(d.events).toEqual([{ kind: 'WorkItemChanged', workItem: d.entity, published: null }]);
    const s = submitWorkItem(d.entity, 1, { revision: null }, editor);
    expect(s.entity).toMatchObject({ status: 'SUBMITTED', version: 2, submitted: { by: editor.principal.subject, at: editor.now } });
    const approver = catalogAdmin('catalog.approve');
    const a = approveWorkItem(s.entity, 2, { revision: null }, approver);
    expect(a.entity).toMatchObject({
      status: 'PUBLISHED',
      revision: 1,
      publishedRevision: 1,
      version: 3,
      approved: { by: approver.principal.subject },
    });
    expect(a.publish).toEqual(a.entity);
    expect(a.close).toBeUndefined();
    expect(a.events).toEqual([{ kind: 'WorkItemChanged', workItem: a.entity, published: a.entity }]);
  });

  it('drafts the next revision of a published item while the published one stays in force, and closes it on approval', () => {
    const r1 = published();
    const editor = catalogAdmin();
    const next = updateWorkItem(
      r1,
      r1.version,
      { ...shared, standardMinutes: 90, effectiveFrom: '2026-12-01' },
      { revision: r1, scale },
      editor,
    );
    expect(next.entity).toMatchObject({ status: 'DRAFT', revision: 2, publishedRevision: 1, standardMinutes: 90 });
    expect(next.events[0]).toMatchObject({ published: r1 });
    const submitted = submitWorkItem(next.entity, next.entity.version, { revision: r1 }, editor).entity;
    const r2 = approveWorkItem(submitted, submitted.version, { revision: r1 }, catalogAdmin('catalog.approve'));
    expect(r2.entity).toMatchObject({ status: 'PUBLISHED', revision: 2, publishedRevision: 2, effectiveFrom: '2026-12-01' });
    expect(r2.close).toEqual({ revision: 1, effectiveTo: '2026-12-01' });
  });

  it('never changes what is in force up to today: a new revision starts tomorrow at the earliest, after the one in force began', () => {
    const r1 = published(parseFields({ ...input, effectiveFrom: TODAY }));
    const update = (w: WorkItem, effectiveFrom: string) =>
      fieldOf(() => updateWorkItem(w, w.version, { ...shared, effectiveFrom }, { revision: w, scale }, catalogAdmin()));
    expect(update(r1, '2026-11-19')).toBe('effective_from');
    expect(update(r1, TODAY)).toBe('effective_from');
    expect(update(r1, '2026-11-21')).toBeUndefined();
    expect(nextRevisionFrom(TODAY)).toBe('2026-11-21');
    const later = published(parseFields({ ...input, effectiveFrom: '2026-12-15' }));
    expect(update(later, '2026-12-15')).toBe('effective_from');
  });

  it('gives a draft without a date the day of its approval, and the next revision of an item in force the day after', () => {
    const r1 = published();
    expect(r1.effectiveFrom).toBe(TODAY);
    const editor = catalogAdmin();
    const next = updateWorkItem(r1, r1.version, shared, { revision: r1, scale }, editor).entity;
    expect(next.effectiveFrom).toBe('');
    const submitted = submitWorkItem(next, next.version, { revision: r1 }, editor).entity;
    const r2 = approveWorkItem(submitted, submitted.version, { revision: r1 }, catalogAdmin('catalog.approve'));
    expect(r2.entity.effectiveFrom).toBe('2026-11-21');
    expect(r2.close).toEqual({ revision: 1, effectiveTo: '2026-11-21' });
  });

  it('refuses steps out of order with FAILED_PRECONDITION and stale versions as a version conflict (ABORTED)', () => {
    const editor = catalogAdmin();
    const draft = createWorkItem('B.01', shared, { scale }, editor).entity;
    const approver = catalogAdmin('catalog.approve');
    expect(failureOf(() => approveWorkItem(draft, 1, { revision: null }, approver))?.reason).toBe('FAILED_PRECONDITION');
    expect(failureOf(() => returnWorkItem(draft, 1, 'x', { revision: null }, approver))?.reason).toBe('FAILED_PRECONDITION');
    expect(failureOf(() => retireWorkItem(draft, 1, '', { revision: null }, editor))?.reason).toBe('FAILED_PRECONDITION');
    expect(failureOf(() => submitWorkItem(draft, 7, { revision: null }, editor))?.reason).toBe('VERSION_CONFLICT');
    const submitted = submitWorkItem(draft, 1, { revision: null }, editor).entity;
    expect(failureOf(() => submitWorkItem(submitted, 2, { revision: null }, editor))?.reason).toBe('FAILED_PRECONDITION');
    expect(failureOf(() => updateWorkItem(submitted, 2, shared, { revision: null, scale }, editor))?.reason).toBe('FAILED_PRECONDITION');
    expect(failureOf(() => returnWorkItem(submitted, 2, ' ', { revision: null }, approver))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'reason',
    });
    const returned = returnWorkItem(submitted, 2, 'Thiếu sản phẩm', { revision: null }, approver).entity;
    expect(returned).toMatchObject({ status: 'DRAFT', returnReason: 'Thiếu sản phẩm' });
  });

  it('retires a published item from tomorrow on, ending its revision; a retired item is not edited again', () => {
    const r1 = published(parseFields({ ...input, effectiveFrom: '2026-01-01' }));
    const editor = catalogAdmin();
    expect(fieldOf(() => retireWorkItem(r1, r1.version, '2026-11-19', { revision: r1 }, editor))).toBe('effective_to');
    expect(fieldOf(() => retireWorkItem(r1, r1.version, TODAY, { revision: r1 }, editor))).toBe('effective_to');
    const retired = retireWorkItem(r1, r1.version, '', { revision: r1 }, editor);
    expect(retired.entity).toMatchObject({ status: 'RETIRED', effectiveTo: '2026-11-21', retired: { by: editor.principal.subject } });
    expect(retired.close).toEqual({ revision: 1, effectiveTo: '2026-11-21' });
    expect(failureOf(() => updateWorkItem(retired.entity, retired.entity.version, shared, { revision: r1, scale }, editor))?.reason).toBe(
      'FAILED_PRECONDITION',
    );
  });

  it('withdraws an item published for a later day on the day it was to take effect, before it is ever in force', () => {
    const later = published(parseFields({ ...input, effectiveFrom: '2026-12-01' }));
    expect(fieldOf(() => retireWorkItem(later, later.version, '2026-11-30', { revision: later }, catalogAdmin()))).toBe('effective_to');
    expect(retireWorkItem(later, later.version, '2026-12-01', { revision: later }, catalogAdmin()).close).toEqual({
      revision: 1,
      effectiveTo: '2026-12-01',
    });
  });

  it('keeps group and agency of a published item, and checks the complexity group against the scale', () => {
    const r1 = published();
    const moved = parseFields({ ...input, group: 'D' });
    expect(fieldOf(() => updateWorkItem(r1, r1.version, moved, { revision: r1, scale }, catalogAdmin()))).toBe('group');
    // A group C item stays its agency's: moved to another agency it is refused the same way.
    const own = published(agencyOwn, agencyHead(), agencyHead('catalog.approve'));
    const elsewhere = parseFields({ ...input, group: 'C', agencyId: OTHER_AGENCY });
    const sysAdmin = actorFor('catalog.manage', ['sys_admin'], { directory: agencies() });
    expect(fieldOf(() => updateWorkItem(own, own.version, elsewhere, { revision: own, scale }, sysAdmin))).toBe('group');
    expect(fieldOf(() => createWorkItem('B.02', parseFields({ ...input, complexityGroup: 'N9' }), { scale }, catalogAdmin()))).toBe(
      'complexity_group',
    );
    expect(fieldOf(() => createWorkItem('B.02', shared, { scale: null }, catalogAdmin()))).toBe('complexity_group');
    expect(failureOf(() => createWorkItem('B.01', shared, { scale, sameCode: r1 }, catalogAdmin()))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'code',
    });
  });
});

describe('who edits and approves which items', () => {
  it('gives the shared groups to catalog administrators over the tenant, and group C to its agency', () => {
    expect(failureOf(() => createWorkItem('B.01', shared, { scale }, agencyHead()))?.reason).toBe('PERMISSION_DENIED');
    expect(createWorkItem('C.01', agencyOwn, { scale }, agencyHead()).entity.agencyId).toBe(AGENCY);
    expect(failureOf(() => createWorkItem('C.01', agencyOwn, { scale }, agencyHead('catalog.manage', OTHER_AGENCY)))?.reason).toBe(
      'PERMISSION_DENIED',
    );
    const agencyAdmin = actorFor('catalog.manage', [], { grants: [{ role: 'catalog_admin', agencyId: AGENCY }], directory: agencies() });
    expect(createWorkItem('C.01', agencyOwn, { scale }, agencyAdmin).entity.status).toBe('DRAFT');
    expect(() => actorFor('catalog.manage', ['hr_admin'])).toThrow(/no scope/);
  });

  it('has group C approved by the agency head only, and shared items by catalog administrators only', () => {
    expect(mayApprove(agencyHead('catalog.approve'), agencyOwn)).toBe(true);
    expect(mayApprove(agencyHead('catalog.approve', OTHER_AGENCY), agencyOwn)).toBe(false);
    expect(mayApprove(catalogAdmin('catalog.approve'), agencyOwn)).toBe(false);
    expect(mayApprove(catalogAdmin('catalog.approve'), shared)).toBe(true);
    expect(mayApprove(agencyHead('catalog.approve'), shared)).toBe(false);
    const agencyAdmin = actorFor('catalog.approve', [], { grants: [{ role: 'catalog_admin', agencyId: AGENCY }], directory: agencies() });
    expect(mayApprove(agencyAdmin, agencyOwn)).toBe(false);
  });

  it('shows officials only the revision in force, and an item never published to nobody but its editors', () => {
    const r1 = published();
    const draft2 = updateWorkItem(
      r1,
      r1.version,
      { ...shared, name: 'Tên mới', effectiveFrom: '2026-12-01' },
      { revision: r1, scale },
      catalogAdmin(),
    ).entity;
    expect(readableWorkItem(draft2, r1, official(), 'current').name).toBe(shared.name);
    expect(readableWorkItem(draft2, r1, catalogAdmin('catalog.read'), 'current').name).toBe('Tên mới');
    const neverPublished = createWorkItem('B.09', shared, { scale }, catalogAdmin()).entity;
    expect(failureOf(() => readableWorkItem(neverPublished, null, official(), 'current'))?.reason).toBe('NOT_FOUND');
    // Editors of another agency's items do not see this agency's drafts.
    const ownDraft = createWorkItem('C.01', agencyOwn, { scale }, agencyHead()).entity;
    expect(failureOf(() => readableWorkItem(ownDraft, null, agencyHead('catalog.read', OTHER_AGENCY), 'current'))?.reason).toBe(
      'NOT_FOUND',
    );
    expect(failureOf(() => submitWorkItem(ownDraft, 1, { revision: null }, agencyHead('catalog.manage', OTHER_AGENCY)))?.reason).toBe(
      'NOT_FOUND',
    );
  });
});

describe('list plans', () => {
  const req = {
    pageSize: 0,
    pageToken: '',
    codePrefix: '',
    query: '',
    groups: [] as string[],
    sector: '',
    positionCategory: '',
    statuses: [] as string[],
    agencyId: '',
    onlyAgency: false,
    view: '',
    onDate: '',
  };

  it('reads search words without case or diacritics, and the filters, with the revisions in force today by default', () => {
    const q = planListWorkItems(
      { ...req, query: 'Thẩm ĐỊNH hồ sơ', groups: ['C', 'B', 'C'], sector: ' Tài chính ', positionCategory: 'SUPPORT' },
      official(),
    );
    expect(q.filters).toMatchObject({
      view: 'IN_FORCE',
      onDate: TODAY,
      terms: ['tham', 'dinh', 'ho', 'so'],
      groups: ['B', 'C'],
      sector: 'Tài chính',
      positionCategory: 'SUPPORT',
      statuses: [],
      withinAgencies: null,
    });
    expect(q.page).toEqual({ size: 50, after: null });
    expect(fieldOf(() => planListWorkItems({ ...req, groups: ['X'] }, official()))).toBe('groups[0]');
    expect(fieldOf(() => planListWorkItems({ ...req, pageSize: 5000 }, official()))).toBe('page_size');
    expect(fieldOf(() => planListWorkItems({ ...req, onDate: '20-11-2026' }, official()))).toBe('on_date');
  });

  it('shows drafts only to editors, within the agencies they edit', () => {
    expect(failureOf(() => planListWorkItems({ ...req, view: 'WORKING' }, official()))?.reason).toBe('PERMISSION_DENIED');
    expect(planListWorkItems({ ...req, view: 'WORKING', statuses: ['SUBMITTED'] }, catalogAdmin('catalog.read')).filters).toMatchObject({
      statuses: ['SUBMITTED'],
      withinAgencies: null,
    });
    expect(planListWorkItems({ ...req, view: 'WORKING' }, agencyHead('catalog.read')).filters.withinAgencies).toEqual([AGENCY]);
    expect(
      failureOf(() => planListWorkItems({ ...req, view: 'WORKING', agencyId: OTHER_AGENCY }, agencyHead('catalog.read')))?.reason,
    ).toBe('PERMISSION_DENIED');
  });
});
