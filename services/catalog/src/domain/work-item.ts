import {
  type Actor,
  AlreadyExistsError,
  check,
  coversTenant,
  type Decision,
  isString,
  type Page,
  PermissionDeniedError,
  readPage,
} from '@thuocdo/kit';

/** A kind of work in the catalog (đầu công việc): what it delivers and how long one product takes. */
export interface WorkItem {
  id: string;
  tenantId: string;
  /** Short code unique within the tenant, for example "B.03". */
  code: string;
  name: string;
  /** Product unit (đơn vị sản phẩm), for example "văn bản", "hồ sơ". */
  productUnit: string;
  /** Standard time (thời gian chuẩn) of one product, in minutes. */
  standardMinutes: number;
  version: number;
  createdAt: Date;
}

export type CatalogEvent = { kind: 'WorkItemCreated'; workItem: WorkItem };

/** Longest standard time of one product: ten working days. */
export const MAX_STANDARD_MINUTES = 14_400;

export interface CreateWorkItemRequest {
  code: string;
  name: string;
  productUnit: string;
  standardMinutes: number;
}

export interface NewWorkItem {
  code: string;
  name: string;
  productUnit: string;
  standardMinutes: number;
}

export function parseCreateWorkItem(r: CreateWorkItemRequest): NewWorkItem {
  return {
    code: check.code('code', r.code),
    name: check.name('name', r.name),
    productUnit: check.maxLength('product_unit', check.required('product_unit', r.productUnit), 50),
    standardMinutes: check.intRange('standard_minutes', r.standardMinutes, 1, MAX_STANDARD_MINUTES),
  };
}

export interface WorkItemClashes {
  sameCode?: WorkItem;
}

/** The shared catalog is the province's: only a catalog administrator over the whole tenant adds to it. */
export function createWorkItem(w: NewWorkItem, s: WorkItemClashes, actor: Actor): Decision<WorkItem, CatalogEvent> {
  if (!coversTenant(actor.scope)) throw new PermissionDeniedError();
  if (s.sameCode)
    throw new AlreadyExistsError({ vi: `Mã đầu việc ${w.code} đã tồn tại`, en: `Work item code ${w.code} already exists` }, 'code');
  const workItem: WorkItem = { id: actor.newId(), tenantId: actor.principal.tenantId, ...w, version: 1, createdAt: actor.now };
  return { entity: workItem, events: [{ kind: 'WorkItemCreated', workItem }] };
}

export interface WorkItemQuery {
  filters: { codePrefix: string | null };
  /** After the code of the last item seen. */
  page: Page<string>;
}

export function planListWorkItems(r: { pageSize: number; pageToken: string; codePrefix: string }): WorkItemQuery {
  const prefix = r.codePrefix.trim();
  const filters = { codePrefix: prefix ? check.maxLength('code_prefix', prefix, 32) : null };
  return { filters, page: readPage(r, filters, isString) };
}
