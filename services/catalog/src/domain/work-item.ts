import { check, type Principal, requireRole } from '@thuocdo/kit';
import type { catalogV1 } from '@thuocdo/proto';

export interface NewWorkItem {
  code: string;
  name: string;
  productUnit: string;
  standardMinutes: number;
}

/** Longest standard time of one product: ten working days. */
export const MAX_STANDARD_MINUTES = 14_400;

export function parseCreateWorkItem(req: catalogV1.CreateWorkItemRequest): NewWorkItem {
  return {
    code: check.code('code', req.code),
    name: check.name('name', req.name),
    productUnit: check.maxLength('product_unit', check.required('product_unit', req.productUnit), 50),
    standardMinutes: check.intRange('standard_minutes', req.standardMinutes, 1, MAX_STANDARD_MINUTES),
  };
}

export const canManageCatalog = (p: Principal) => requireRole(p, ['sys_admin', 'catalog_admin']);
