// No imports: the web app reads this list too.

/** Realm roles (docs/architecture.md, Authorization). */
export const ROLES = [
  'official',
  'unit_head',
  'agency_leader',
  'province_leader',
  'hr_admin',
  'catalog_admin',
  'integrator',
  'auditor',
  'sys_admin',
] as const;
export type Role = (typeof ROLES)[number];
