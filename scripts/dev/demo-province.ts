/**
 * A small demo province (Khánh Hòa-like) with Vietnamese names: agencies, units, officials,
 * catalog items and the demo users of the local identity provider. Ids are derived from
 * names, so seeding twice writes the same records.
 */
import { createHash } from 'node:crypto';
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
    code: 'SNV',
    name: 'Sở Nội vụ',
    kind: 1,
    units: [
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

export const WORK_ITEMS = [
  { code: 'A.01', name: 'Chủ trì họp giao ban', productUnit: 'cuộc họp', standardMinutes: 90 },
  { code: 'B.01', name: 'Soạn thảo văn bản hành chính', productUnit: 'văn bản', standardMinutes: 120 },
  { code: 'B.02', name: 'Thẩm định hồ sơ', productUnit: 'hồ sơ', standardMinutes: 90 },
  { code: 'B.03', name: 'Tham mưu báo cáo định kỳ', productUnit: 'báo cáo', standardMinutes: 240 },
  { code: 'B.04', name: 'Giải quyết thủ tục hành chính', productUnit: 'hồ sơ', standardMinutes: 45 },
  { code: 'B.05', name: 'Tham dự hội nghị, tập huấn', productUnit: 'buổi', standardMinutes: 240 },
  { code: 'C.01', name: 'Kiểm tra, giám sát tại cơ sở', productUnit: 'cuộc', standardMinutes: 300 },
  { code: 'D.01', name: 'Tiếp công dân', productUnit: 'lượt', standardMinutes: 30 },
];

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

/** People who can sign in to the local identity provider (no passwords needed on its page). */
export const DEMO_USERS: DemoUser[] = [
  { username: 'lanhdao', password: 'demo', claims: claims('lanhdao', 'Lãnh đạo tỉnh (demo)', ['province_leader']) },
  {
    username: 'giamdoc.snv',
    password: 'demo',
    claims: claims('giamdoc.snv', 'Giám đốc Sở Nội vụ (demo)', ['agency_leader'], { agency_id: agencyId('SNV') }),
  },
  {
    username: 'lan.nt',
    password: 'demo',
    claims: claims('lan.nt', 'Nguyễn Thị Lan', ['official'], {
      official_id: officialId('Nguyễn Thị Lan'),
      agency_id: agencyId('SNV'),
    }),
  },
  { username: 'quantri', password: 'demo', claims: claims('quantri', 'Quản trị hệ thống (demo)', ['sys_admin', 'catalog_admin']) },
];

/** OIDC clients: the gateway (browser login) and the seeding service account. */
export const DEMO_CLIENTS: OidcClient[] = [
  { clientId: 'thuocdo-web', clientSecret: 'local-dev-secret' },
  {
    clientId: 'thuocdo-seed',
    clientSecret: 'local-seed-secret',
    serviceAccount: claims('service-account-thuocdo-seed', 'Seed', ['sys_admin', 'catalog_admin', 'integrator']),
  },
];
