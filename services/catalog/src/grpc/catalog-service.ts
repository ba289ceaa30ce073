import { type Actor, check, readPage, toPage, ValidationError, VersionConflictError } from '@thuocdo/kit';
import { catalogV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import { checkScale } from '../domain/conversion';
import {
  approveWorkItem,
  checkRevisionsReadable,
  createWorkItem,
  type InForce,
  parseCode,
  parseFields,
  planListWorkItems,
  readableWorkItem,
  retireWorkItem,
  returnWorkItem,
  seesWorking,
  submitWorkItem,
  updateScale,
  updateWorkItem,
  type WorkItem,
  type WorkItemChange,
} from '../domain/work-item';
import type { CatalogSheets } from '../sheets/catalog-sheets';
import type { CatalogStore } from '../store/catalog-store';
import {
  fieldsInput,
  fromProtoScale,
  groupName,
  legacyFields,
  positionCategoryName,
  statusName,
  toProtoScale,
  toProtoWorkItem,
  viewName,
} from './mapping';

const isRevisionCursor = (c: unknown): c is number => Number.isInteger(c) && (c as number) > 0;

/** CatalogService: protobuf in, domain decisions, the store, protobuf out. */
export function catalogService(store: CatalogStore, sheets: CatalogSheets) {
  /** A lifecycle step on an item: read it with the revision in force, decide, write; again on a lost race. */
  const step = async (
    id: string,
    actor: Actor,
    cancelled: () => boolean,
    decide: (item: WorkItem | undefined, s: InForce) => WorkItemChange,
  ) => {
    const itemId = check.id('id', id);
    let before: WorkItem | undefined;
    const { entity } = await execute({
      load: async () => {
        const s = await store.itemWithLatestRevision(actor.principal.tenantId, itemId);
        before = s.item;
        return s;
      },
      decide: (s) => decide(s.item, s),
      save: (d) => store.saveWorkItem(d, before ?? null, actor),
      cancelled,
    });
    return { workItem: toProtoWorkItem(entity) };
  };

  return bindService('thuocdo.catalog.v1.CatalogService', catalogV1.CatalogServiceService, {
    createWorkItem: rpc('catalog.manage', async (req, { actor, cancelled }) => {
      const code = parseCode(req.code);
      const fields = parseFields(req.fields ? fieldsInput(req.fields) : legacyFields(req));
      const { entity } = await execute({
        load: () => store.workItemClashes(actor.principal.tenantId, code),
        decide: (state) => createWorkItem(code, fields, state, actor),
        save: (d) => store.saveWorkItem(d, null, actor),
        cancelled,
      });
      return { workItem: toProtoWorkItem(entity) };
    }),

    getWorkItem: rpc('catalog.read', async (req, { actor }) => {
      const id = check.id('id', req.id);
      const tenantId = actor.principal.tenantId;
      const item = await store.workItem(tenantId, id);
      const asked = req.revision || req.onDate ? 'revision' : 'current';
      const at = req.revision
        ? { revision: check.intRange('revision', req.revision, 1, 1_000_000) }
        : { onDate: req.onDate ? check.date('on_date', req.onDate) : actor.today };
      // The item as it stands needs no revision read for those who see it (its editors).
      const needsRevision = item && !(asked === 'current' && seesWorking(actor, item));
      const revision = needsRevision ? await store.revision(tenantId, id, at) : null;
      return { workItem: toProtoWorkItem(readableWorkItem(item, revision, actor, asked)) };
    }),

    updateWorkItem: rpc('catalog.manage', async (req, { actor, cancelled }) => {
      if (!req.fields) throw new ValidationError('fields', { vi: 'Thiếu nội dung đầu việc', en: 'fields is required' });
      const fields = parseFields(fieldsInput(req.fields));
      const scale = await store.scale(actor.principal.tenantId);
      return step(req.id, actor, cancelled, (item, s) => updateWorkItem(item, req.version, fields, { ...s, scale }, actor));
    }),

    submitWorkItem: rpc('catalog.manage', (req, { actor, cancelled }) =>
      step(req.id, actor, cancelled, (item, s) => submitWorkItem(item, req.version, s, actor)),
    ),

    approveWorkItem: rpc('catalog.approve', (req, { actor, cancelled }) =>
      step(req.id, actor, cancelled, (item, s) => approveWorkItem(item, req.version, s, actor)),
    ),

    returnWorkItem: rpc('catalog.approve', (req, { actor, cancelled }) =>
      step(req.id, actor, cancelled, (item, s) => returnWorkItem(item, req.version, req.reason, s, actor)),
    ),

    retireWorkItem: rpc('catalog.manage', (req, { actor, cancelled }) =>
      step(req.id, actor, cancelled, (item, s) => retireWorkItem(item, req.version, req.effectiveTo, s, actor)),
    ),

    listWorkItems: rpc('catalog.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.listWorkItems(actor.principal.tenantId, planListWorkItems(listRequest(req), actor));
      return { workItems: items.map(toProtoWorkItem), nextPageToken };
    }),

    listWorkItemRevisions: rpc('catalog.read', async (req, { actor }) => {
      const id = check.id('id', req.id);
      const page = readPage(req, { id }, isRevisionCursor);
      const tenantId = actor.principal.tenantId;
      checkRevisionsReadable(await store.workItem(tenantId, id), actor);
      const { items, nextPageToken } = toPage(await store.listRevisions(tenantId, id, page), page, { id }, (w) => w.revision);
      return { revisions: items.map(toProtoWorkItem), nextPageToken };
    }),

    listSectors: rpc('catalog.read', async (_req, { actor }) => ({ sectors: await store.sectors(actor.principal.tenantId) })),

    getConversionScale: rpc('catalog.read', async (_req, { actor }) => {
      const scale = await store.scale(actor.principal.tenantId);
      return { scale: scale ? toProtoScale(scale) : undefined };
    }),

    updateConversionScale: rpc('catalog.manage', async (req, { actor, cancelled }) => {
      const { version, ...scale } = fromProtoScale(req.scale);
      check.maxLength('scale.standard_product_name', check.required('scale.standard_product_name', scale.standardProductName), 300);
      checkScale(scale);
      let before: Awaited<ReturnType<CatalogStore['scale']>> = null;
      const { entity } = await execute({
        load: async () => (before = await store.scale(actor.principal.tenantId)),
        decide: (saved) => {
          if ((saved?.version ?? 0) !== version) throw staleScale();
          return updateScale(scale, saved, actor);
        },
        save: (d) => store.saveScale(d, before, actor),
        cancelled,
      });
      return { scale: toProtoScale(entity) };
    }),

    importWorkItems: rpc('catalog.manage', (req, { actor }) => sheets.importWorkItems(req, actor)),

    exportWorkItems: rpc('catalog.read', async (req, { actor }) => {
      if (!req.filter) throw new ValidationError('filter', { vi: 'Thiếu bộ lọc', en: 'filter is required' });
      return {
        file: await sheets.exportWorkItems(planListWorkItems(listRequest({ ...req.filter, pageSize: 0, pageToken: '' }), actor), actor),
      };
    }),
  });
}

const staleScale = () =>
  new VersionConflictError({
    vi: 'Thang quy đổi vừa được người khác thay đổi; hãy tải lại rồi thử lại',
    en: 'The conversion scale was changed since you read it; reload and retry',
  });

/** A list request in the domain's words. */
export const listRequest = (r: catalogV1.ListWorkItemsRequest) => ({
  pageSize: r.pageSize,
  pageToken: r.pageToken,
  codePrefix: r.codePrefix,
  query: r.query,
  groups: r.groups.map(groupName),
  sector: r.sector,
  positionCategory: positionCategoryName(r.positionCategory),
  statuses: r.statuses.map(statusName),
  agencyId: r.agencyId,
  onlyAgency: r.onlyAgency,
  view: viewName(r.view),
  onDate: r.onDate,
});
