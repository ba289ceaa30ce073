/**
 * A small demo province (Khánh Hòa-like) with Vietnamese names: agencies, units, officials,
 * catalog items and the demo users of the local identity provider. Ids are derived from
 * names, so seeding twice writes the same records.
 */
import { createHash } from 'node:crypto';
import type { Role } from '@thuocdo/kit';
import type { DemoUser, OidcClient, TokenClaims } from '@thuocdo/testing';

export const TENANT = 'khanh-hoa';

/** A name-based UUID (version 5 layout over SHA-1), stable across runs. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`thuocdo:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export interface DemoAgency {
  code: string;
  name: string;
  kind: number;
  units: { code: string; name: string; officials: string[] }[];
}

export const AGENCIES: DemoAgency[] = [
  {
    code: 'VPUBND',
    name: 'Văn phòng UBND tỉnh',
    kind: 1,
    units: [{ code: 'LD', name: 'Lãnh đạo UBND tỉnh', officials: ['Trần Quốc Hưng'] }],
  },
  {
    code: 'SNV',
    name: 'Sở Nội vụ',
    kind: 1,
    units: [
      { code: 'BGD', name: 'Ban Giám đốc', officials: ['Phan Thị Thanh Hương'] },
      { code: 'VP', name: 'Văn phòng Sở', officials: ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Minh Châu'] },
      { code: 'TCBM', name: 'Phòng Tổ chức, biên chế', officials: ['Phạm Quốc Bảo', 'Võ Thị Thu Hà'] },
    ],
  },
  {
    code: 'STC',
    name: 'Sở Tài chính',
    kind: 1,
    units: [
      { code: 'NS', name: 'Phòng Quản lý ngân sách', officials: ['Đặng Văn Khoa', 'Huỳnh Thị Mai', 'Bùi Anh Tuấn'] },
      { code: 'GCS', name: 'Phòng Giá, công sản', officials: ['Ngô Thị Hồng', 'Đỗ Minh Nhật'] },
    ],
  },
  {
    code: 'SKHCN',
    name: 'Sở Khoa học và Công nghệ',
    kind: 1,
    units: [{ code: 'CDS', name: 'Phòng Chuyển đổi số', officials: ['Lý Gia Huy', 'Trương Thị Ngọc', 'Phan Văn Đức'] }],
  },
  {
    code: 'UBND-NT',
    name: 'UBND phường Nha Trang',
    kind: 2,
    units: [{ code: 'VHXH', name: 'Phòng Văn hóa - Xã hội', officials: ['Hồ Thị Yến', 'Mai Văn Tâm'] }],
  },
];

/** The work items of the sample province catalog the demo diary logs against (its codes). */
export const WORK_ITEMS = ['A.01', 'B.01', 'B.02', 'B.04', 'B.05', 'C.SNV.02', 'C.STC.01', 'D.01'];

export const agencyId = (code: string) => stableUuid(`agency:${code}`);
export const unitId = (agency: string, unit: string) => stableUuid(`unit:${agency}:${unit}`);
export const officialId = (name: string) => stableUuid(`official:${name}`);

const claims = (username: string, name: string, roles: string[], extra: Partial<TokenClaims> = {}): TokenClaims => ({
  sub: stableUuid(`user:${username}`),
  tenant: TENANT,
  roles,
  name,
  preferred_username: username,
  ...extra,
});

/** A grant of the demo: over the tenant, an agency (by code) or a unit ([agency code, unit code]). */
export interface DemoGrant {
  role: Role;
  agency?: string;
  unit?: [string, string];
}

/** A person who signs in to the demo: an official of the demo province, and what org grants them. */
export interface DemoPerson {
  username: string;
  /** The official's full name (one of AGENCIES' officials). */
  fullName: string;
  /** What the local sign-in page shows beside the name. */
  title: string;
  grants: DemoGrant[];
}

/** Demo people, one for every role: what each may do comes from their grants in org. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { username: 'lanhdao', fullName: 'Trần Quốc Hưng', title: 'Lãnh đạo tỉnh', grants: [{ role: 'province_leader' }] },
  {
    username: 'giamdoc.snv',
    fullName: 'Phan Thị Thanh Hương',
    title: 'Giám đốc Sở Nội vụ',
    grants: [{ role: 'agency_leader', agency: 'SNV' }],
  },
  {
    username: 'truongphong.tcbm',
    fullName: 'Phạm Quốc Bảo',
    title: 'Trưởng phòng Tổ chức, biên chế (Sở Nội vụ)',
    grants: [{ role: 'unit_head', unit: ['SNV', 'TCBM'] }],
  },
  { username: 'lan.nt', fullName: 'Nguyễn Thị Lan', title: 'Chuyên viên Văn phòng Sở Nội vụ', grants: [] },
  { username: 'nhansu', fullName: 'Võ Thị Thu Hà', title: 'Cán bộ tổ chức (quản trị nhân sự toàn tỉnh)', grants: [{ role: 'hr_admin' }] },
  { username: 'danhmuc', fullName: 'Lý Gia Huy', title: 'Quản trị danh mục công việc', grants: [{ role: 'catalog_admin' }] },
  { username: 'kiemtra', fullName: 'Đỗ Minh Nhật', title: 'Kiểm tra viên (chỉ đọc, nhật ký kiểm tra)', grants: [{ role: 'auditor' }] },
];

/** The integration clients of the demo, with their grants (client credentials). */
export const DEMO_INTEGRATIONS: { clientId: string; clientSecret: string; name: string; grants: DemoGrant[] }[] = [
  {
    clientId: 'eoffice-snv',
    clientSecret: 'local-eoffice-secret',
    name: 'E-Office Sở Nội vụ',
    grants: [{ role: 'integrator', agency: 'SNV' }],
  },
  // The seeding account writes the demo diaries as an integration over the whole province would.
  { clientId: 'thuocdo-seed', clientSecret: 'local-seed-secret', name: 'Seed', grants: [{ role: 'integrator' }] },
];

/** People who can sign in to the local identity provider (no passwords needed on its page). */
export const DEMO_USERS: DemoUser[] = [
  ...DEMO_PEOPLE.map((p) => ({
    username: p.username,
    password: 'demo',
    claims: claims(p.username, `${p.fullName} — ${p.title} (demo)`, [...new Set(['official', ...p.grants.map((g) => g.role)])], {
      official_id: officialId(p.fullName),
    }),
  })),
  // The operator: sys_admin in the token itself, no official record.
  { username: 'quantri', password: 'demo', claims: claims('quantri', 'Quản trị hệ thống (demo)', ['sys_admin']) },
];

/** OIDC clients: the gateway (browser login), the seeding service account, the demo integrations. */
export const DEMO_CLIENTS: OidcClient[] = [
  { clientId: 'thuocdo-web', clientSecret: 'local-dev-secret' },
  {
    clientId: 'thuocdo-seed',
    clientSecret: 'local-seed-secret',
    serviceAccount: claims('service-account-thuocdo-seed', 'Seed', ['sys_admin'], { azp: 'thuocdo-seed', client_id: 'thuocdo-seed' }),
  },
  ...DEMO_INTEGRATIONS.filter((i) => i.clientId !== 'thuocdo-seed').map((i) => ({
    clientId: i.clientId,
    clientSecret: i.clientSecret,
    serviceAccount: claims(`service-account-${i.clientId}`, i.name, ['integrator'], { azp: i.clientId, client_id: i.clientId }),
  })),
];
