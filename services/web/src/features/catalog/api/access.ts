/** A role grant as WhoAmI answers it: a role over the tenant, an agency or a unit. */
interface Grant {
  role: string;
  node_kind: string;
  node_id: string;
}

/** What the signed-in person may do with the work-item catalog. The server decides each call; this only shapes the pages. */
export interface CatalogAccess {
  /** Drafts, edits, submits and retires the items shared province-wide (groups A, B, D). */
  editShared: boolean;
  /** The agencies whose own items (group C) they edit; every agency when editShared. */
  editAgencies: string[];
  /** Approves or returns submitted shared items. */
  approveShared: boolean;
  /** Approves or returns the group C items of these agencies; `allAgencies` for every agency. */
  approveAgencies: string[];
  allAgencies: boolean;
  /** Edits anything at all (sees the working view with drafts). */
  canEdit: boolean;
  canApprove: boolean;
  /** Imports catalog spreadsheets: those who edit the shared catalog. */
  canImport: boolean;
}

/**
 * The catalog's rules of packages/kit/src/policy.ts from the person's grants: catalog
 * administrators and system administrators over the tenant keep the shared catalog; an agency's
 * leader keeps and approves the agency's group C items (a catalog administrator of one agency
 * drafts them, the leader approves). sys_admin in the sign-in reaches everything.
 */
export function catalogAccess(roles: string[], grants: Grant[]): CatalogAccess {
  const sysAdmin = roles.includes('sys_admin');
  const overTenant = (role: string) => grants.some((g) => g.role === role && g.node_kind === 'ORG_NODE_KIND_TENANT');
  const agenciesOf = (...names: string[]) =>
    grants.filter((g) => names.includes(g.role) && g.node_kind === 'ORG_NODE_KIND_AGENCY').map((g) => g.node_id);
  const allAgencies = sysAdmin || overTenant('sys_admin') || overTenant('agency_leader');
  const editShared = sysAdmin || overTenant('sys_admin') || overTenant('catalog_admin');
  const editAgencies = [...new Set(agenciesOf('catalog_admin', 'agency_leader', 'sys_admin'))];
  const approveAgencies = [...new Set(agenciesOf('agency_leader', 'sys_admin'))];
  return {
    editShared,
    editAgencies,
    approveShared: editShared,
    approveAgencies,
    allAgencies,
    canEdit: editShared || allAgencies || editAgencies.length > 0,
    canApprove: editShared || allAgencies || approveAgencies.length > 0,
    canImport: editShared,
  };
}

/** Whether the person may edit, submit or retire this item: shared ones need the tenant, group C its agency. */
export function mayEdit(access: CatalogAccess, item: { group: string; agency_id: string }): boolean {
  if (item.group !== 'WORK_ITEM_GROUP_C') return access.editShared;
  return access.editShared || access.allAgencies || access.editAgencies.includes(item.agency_id);
}
