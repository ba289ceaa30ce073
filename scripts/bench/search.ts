/**
 * Official search benchmark: creates a throwaway PostgreSQL database with org's migrations (as
 * the store tests do), fills it with a province of 50,000 officials with Vietnamese names, staff
 * codes and emails (bulk inserts of the rows org's store writes, search and sort keys included),
 * then times org's real search path, planListOfficials → OrgQueries.listOfficials (what
 * ListOfficials with a query runs), for several kinds of query: full names with and without
 * diacritics, one word, two- and one-letter prefixes, a staff code, later pages. Prints p50/p95/p99
 * latency per kind and a summary of each query's plan (EXPLAIN ANALYZE) naming the indexes used.
 * Drops the database at the end.
 *
 *   npm run bench:search -- [--officials 50000] [--agencies 20] [--repeat 100] [--seed 1]
 *                           [--plan]   (also prints the whole plan of every kind of query)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Pool } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { type Actor, assetPath, likePatterns, searchDocument, searchTerms } from '@thuocdo/kit';
import { actorFor, TENANT } from '@thuocdo/testing/src/domain-fixtures';
import type { Agency, Membership, Official, OfficialCategory, Unit } from '../../services/org/src/domain/model';
import { planListOfficials } from '../../services/org/src/domain/people';
import { OrgQueries } from '../../services/org/src/store/org-queries';
import {
  AGENCY_COLUMNS,
  agencyValues,
  MEMBERSHIP_COLUMNS,
  membershipValues,
  OFFICIAL_COLUMNS,
  officialValues,
  UNIT_COLUMNS,
  unitValues,
} from '../../services/org/src/store/rows';
import { insertRows, planSummary, throwawayDatabase } from './database';
import { random } from './random';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);

// Family names by their approximate share of the population; middle and given names by sex.
const FAMILY: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7.1],
  ['Hoàng', 3.1],
  ['Huỳnh', 2],
  ['Phan', 4.5],
  ['Vũ', 2.4],
  ['Võ', 1.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.6],
  ['Trương', 0.6],
  ['Lương', 0.4],
  ['Mai', 0.4],
  ['Cao', 0.4],
  ['Đào', 0.4],
  ['Hà', 0.4],
  ['Lâm', 0.3],
  ['Tạ', 0.2],
  ['Chu', 0.2],
  ['Thái', 0.2],
  ['Tô', 0.2],
  ['Kiều', 0.1],
  ['Quách', 0.1],
  ['Triệu', 0.1],
];
const MIDDLE_MALE: [string, number][] = [
  ['Văn', 45],
  ['Đức', 10],
  ['Hữu', 8],
  ['Minh', 8],
  ['Quang', 7],
  ['Thành', 5],
  ['Công', 5],
  ['Xuân', 4],
  ['Ngọc', 3],
  ['Trọng', 3],
  ['Mạnh', 2],
];
const MIDDLE_FEMALE: [string, number][] = [
  ['Thị', 55],
  ['Ngọc', 8],
  ['Thu', 7],
  ['Thanh', 7],
  ['Kim', 5],
  ['Phương', 4],
  ['Hồng', 4],
  ['Minh', 4],
  ['Mỹ', 3],
  ['Bích', 3],
];
const GIVEN_MALE =
  'A An Anh Bảo Bình Cường Chiến Công Dũng Duy Dương Đạt Định Đông Đức Giang Hải Hào Hiếu Hiệp Hòa Hoàng Hùng Huy Hưng Khang Khánh Khoa Khôi Kiên Lâm Lộc Long Luân Mạnh Minh Nam Nghĩa Nhân Phát Phong Phúc Phước Quân Quang Quý Sơn Tài Tân Thái Thắng Thành Thiện Thịnh Thông Tiến Toàn Trí Trọng Trung Trường Tú Tuấn Tùng Việt Vinh Vũ'.split(
    ' ',
  );
const GIVEN_FEMALE =
  'An Anh Ánh Bích Chi Diệp Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Huyền Lan Liên Linh Loan Ly Mai My Nga Ngân Ngọc Nhàn Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thoa Thu Thúy Thủy Trang Trinh Tuyết Uyên Vân Vy Xuân Yến'.split(
    ' ',
  );

/** Agencies of a province, with a weight for how many people work there. */
const AGENCIES: [code: string, name: string, kind: Agency['kind'], weight: number][] = [
  ['SGDDT', 'Sở Giáo dục và Đào tạo', 'DEPARTMENT', 12],
  ['SYT', 'Sở Y tế', 'DEPARTMENT', 10],
  ['BVDK', 'Bệnh viện Đa khoa tỉnh', 'PUBLIC_SERVICE_UNIT', 6],
  ['SNNMT', 'Sở Nông nghiệp và Môi trường', 'DEPARTMENT', 6],
  ['STC', 'Sở Tài chính', 'DEPARTMENT', 3],
  ['SNV', 'Sở Nội vụ', 'DEPARTMENT', 2],
  ['SXD', 'Sở Xây dựng', 'DEPARTMENT', 3],
  ['SCT', 'Sở Công Thương', 'DEPARTMENT', 2],
  ['STP', 'Sở Tư pháp', 'DEPARTMENT', 1.5],
  ['SKHCN', 'Sở Khoa học và Công nghệ', 'DEPARTMENT', 1.5],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'DEPARTMENT', 2.5],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo', 'DEPARTMENT', 1],
  ['TTT', 'Thanh tra tỉnh', 'DEPARTMENT', 1],
  ['VPUBND', 'Văn phòng Ủy ban nhân dân tỉnh', 'DEPARTMENT', 1.5],
  ['BQLKKT', 'Ban Quản lý Khu kinh tế', 'DEPARTMENT', 1],
  ['PHB', 'Ủy ban nhân dân phường Hòa Bình', 'COMMUNE', 1],
  ['PDT', 'Ủy ban nhân dân phường Đông Thành', 'COMMUNE', 1],
  ['XTL', 'Ủy ban nhân dân xã Tân Lập', 'COMMUNE', 0.8],
  ['XDH', 'Ủy ban nhân dân xã Đức Hòa', 'COMMUNE', 0.8],
  ['CDYT', 'Trường Cao đẳng Y tế', 'PUBLIC_SERVICE_UNIT', 1],
];
const TOP_UNITS: [string, string][] = [
  ['VP', 'Văn phòng'],
  ['TCCB', 'Phòng Tổ chức cán bộ'],
  ['KHTC', 'Phòng Kế hoạch - Tài chính'],
  ['TT', 'Thanh tra'],
  ['NV1', 'Phòng Nghiệp vụ 1'],
  ['NV2', 'Phòng Nghiệp vụ 2'],
  ['CC', 'Chi cục Quản lý chuyên ngành'],
  ['TTDV', 'Trung tâm Dịch vụ công'],
  ['PC', 'Phòng Pháp chế'],
];
const SUB_UNITS: [string, string][] = [
  ['HC', 'Phòng Hành chính - Tổng hợp'],
  ['NV', 'Phòng Nghiệp vụ'],
  ['KT', 'Phòng Kỹ thuật'],
  ['DT', 'Đội Kiểm tra'],
];
const CATEGORIES: [OfficialCategory, number][] = [
  ['CIVIL_SERVANT', 45],
  ['PUBLIC_EMPLOYEE', 40],
  ['CADRE', 5],
  ['CONTRACT_WORKER', 10],
];

/** Letters without diacritics, for email addresses. */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

function province(officialCount: number, agencyCount: number, seed: number) {
  const r = random(seed);
  const createdAt = new Date('2025-01-01T00:00:00Z');
  const agencies: Agency[] = [];
  const weights: number[] = [];
  for (let i = 0; i < agencyCount; i++) {
    const [code0, name0, kind, weight] = AGENCIES[i % AGENCIES.length];
    const round = Math.floor(i / AGENCIES.length);
    agencies.push({
      id: r.uuid(),
      tenantId: TENANT,
      code: round ? `${code0}${round + 1}` : code0,
      name: round ? `${name0} ${round + 1}` : name0,
      kind,
      version: 1,
      createdAt,
    });
    weights.push(weight);
  }
  // Units: 4–9 top units per agency, some with sections under them, and teams under those.
  const units: Unit[] = [];
  const unitsOf = new Map<string, Unit[]>();
  for (const a of agencies) {
    const mine: Unit[] = [];
    const add = (code: string, name: string, parent: Unit | null) => {
      const id = r.uuid();
      const u: Unit = {
        id,
        tenantId: TENANT,
        agencyId: a.id,
        parentUnitId: parent?.id ?? null,
        code,
        name,
        validFrom: '2015-01-01',
        validTo: null,
        path: `${parent?.path ?? ''}${id}/`,
        periods: [{ validFrom: '2015-01-01', validTo: null, code, name, parentUnitId: parent?.id ?? null }],
        lineage: [],
        version: 1,
        createdAt,
      };
      units.push(u);
      mine.push(u);
      return u;
    };
    for (const [code, name] of TOP_UNITS.slice(0, 4 + r.int(TOP_UNITS.length - 3))) {
      const top = add(code, name, null);
      for (let s = 0; s < r.int(4); s++) {
        const [sc, sn] = SUB_UNITS[s];
        const section = add(`${code}.${sc}`, `${sn} (${name})`, top);
        for (let t = 0; t < r.int(3); t++) add(`${code}.${sc}.${t + 1}`, `Tổ ${t + 1}, ${sn}`, section);
      }
    }
    unitsOf.set(a.id, mine);
  }

  const officials: Official[] = [];
  const memberships: Membership[] = [];
  const emails = new Set<string>();
  const seq = new Map<string, number>();
  const agencyWeights = agencies.map((a, i) => [a, weights[i]] as const);
  for (let i = 0; i < officialCount; i++) {
    const a = r.weighted(agencyWeights);
    const u = r.pick(unitsOf.get(a.id)!);
    const female = r.next() < 0.52;
    const family = r.weighted(FAMILY);
    const middle = [r.weighted(female ? MIDDLE_FEMALE : MIDDLE_MALE)];
    if (r.next() < 0.15) middle.push(r.weighted(female ? MIDDLE_FEMALE : MIDDLE_MALE));
    const given = r.pick(female ? GIVEN_FEMALE : GIVEN_MALE);
    const fullName = [family, ...new Set(middle), given].join(' ');
    const n = (seq.get(a.id) ?? 0) + 1;
    seq.set(a.id, n);
    let email: string | null = null;
    if (r.next() < 0.6) {
      const local = `${ascii(given)}${ascii([family, ...middle].map((w) => w[0]).join(''))}`;
      for (let k = 1; !email || emails.has(email); k++) email = `${local}${k > 1 ? k : ''}@${a.code.toLowerCase()}.bench.gov.vn`;
      emails.add(email);
    }
    const active = r.next() >= 0.03;
    const validFrom = r.date('2005-01-01', '2026-01-01');
    const o: Official = {
      id: r.uuid(),
      tenantId: TENANT,
      agencyId: a.id,
      unitId: u.id,
      positionId: null,
      fullName,
      email,
      staffCode: `${a.code}-${String(n).padStart(5, '0')}`,
      idpSubject: r.next() < 0.6 ? `kc-${r.uuid()}` : null,
      category: r.weighted(CATEGORIES),
      active,
      version: 1,
      createdAt,
    };
    officials.push(o);
    memberships.push({
      id: r.uuid(),
      tenantId: TENANT,
      officialId: o.id,
      agencyId: a.id,
      unitId: u.id,
      positionId: null,
      kind: 'MAIN',
      validFrom,
      validTo: active ? null : r.date(validFrom < '2024-01-01' ? '2024-01-01' : '2026-01-02', '2026-06-01'),
      endReason: active ? null : 'RETIREMENT',
      version: 1,
      createdAt,
    });
  }
  return { agencies, units, officials, memberships };
}

const insert = (pool: Pool, table: string, columns: string[], rows: unknown[][]) => insertRows(pool, table, columns, rows, 5000);

interface Kind {
  label: string;
  query: string;
  actor: Actor;
  agencyId?: string;
  pageSize: number;
  /** 1 for the first page. */
  page: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1).padStart(7);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

async function main() {
  const officialCount = arg('officials', 50_000);
  const agencyCount = arg('agencies', 20);
  const repeat = arg('repeat', 100);
  const seed = arg('seed', 1);
  const wholePlans = process.argv.includes('--plan');

  say('creating a throwaway database with org’s migrations…');
  const { pool, close } = await throwawayDatabase('bench_search', assetPath('services/org/migrations'), [DIRECTORY_MIGRATIONS]);
  try {
    const { rows: version } = await pool.query('SHOW server_version');
    const p = province(officialCount, agencyCount, seed);
    say(`inserting ${int(p.officials.length)} officials…`);
    const t0 = performance.now();
    await insert(pool, 'agency', AGENCY_COLUMNS, p.agencies.map(agencyValues));
    // Parents before children (by the length of the path).
    const byLevel = [...p.units].sort((a, b) => a.path.length - b.path.length);
    await insert(pool, 'unit', UNIT_COLUMNS, byLevel.map(unitValues));
    // A unit's periods carry the period's code and name folded the way org's store folds them.
    await insert(
      pool,
      'unit_period',
      ['unit_id', 'valid_from', 'valid_to', 'code', 'name', 'parent_unit_id', 'search_key'],
      p.units.flatMap((u) =>
        u.periods.map((x) => [u.id, x.validFrom, x.validTo, x.code, x.name, x.parentUnitId, searchDocument(`${x.code} ${x.name}`)]),
      ),
    );
    const t1 = performance.now();
    await insert(pool, 'official', OFFICIAL_COLUMNS, p.officials.map(officialValues));
    const t2 = performance.now();
    await insert(pool, 'membership', MEMBERSHIP_COLUMNS, p.memberships.map(membershipValues));
    const t3 = performance.now();
    // As autovacuum would have done by the time anyone searches: statistics and the visibility map.
    await pool.query('VACUUM ANALYZE');
    const t4 = performance.now();
    const { rows: sizes } = await pool.query(
      `SELECT pg_size_pretty(pg_table_size('official')) AS heap, pg_size_pretty(pg_relation_size('official_search')) AS search,
              pg_size_pretty(pg_relation_size('official_sort')) AS sort`,
    );

    // What org's ListOfficials runs, with a pool that remembers the last statement for EXPLAIN.
    let last: { text: string; values: unknown[] } | undefined;
    const spy = {
      query: (text: string, values: unknown[]) => {
        last = { text, values };
        return pool.query(text, values);
      },
    } as unknown as Pool;
    const queries = new OrgQueries(spy);
    const now = new Date();
    const hr = actorFor('org.official.read', ['hr_admin'], {}, now);
    const big = p.agencies[0];
    const leader = actorFor('org.official.read', [], { grants: [{ role: 'agency_leader', agencyId: big.id }] }, now);
    const list = (k: Kind, pageToken = '') =>
      queries.listOfficials(
        TENANT,
        planListOfficials(
          {
            pageSize: k.pageSize,
            pageToken,
            agencyId: k.agencyId ?? '',
            unitId: '',
            category: '',
            query: k.query,
            includeSubunits: false,
            positionId: '',
            includeInactive: false,
          },
          k.actor,
        ),
      );

    // A staff code and a full name that exist, and a rare name.
    const sample = p.officials[Math.floor(p.officials.length / 2)];
    const rare = p.officials.find((o) => o.fullName.startsWith('Triệu') || o.fullName.startsWith('Quách'))?.fullName ?? 'Quách Thị Oanh';
    const tenantWide = (label: string, query: string, page = 1): Kind => ({ label, query, actor: hr, pageSize: 50, page });
    const kinds: Kind[] = [
      tenantWide('"nguyen van a"', 'nguyen van a'),
      tenantWide('"nguyen van a", page 2', 'nguyen van a', 2),
      tenantWide('"nguyen van a", page 4', 'nguyen van a', 4),
      tenantWide('"Nguyễn Văn A" (diacritics)', 'Nguyễn Văn A'),
      tenantWide('"tran thi"', 'tran thi'),
      tenantWide('"tran thi", page 20', 'tran thi', 20),
      tenantWide('"đức"', 'đức'),
      tenantWide('"duc"', 'duc'),
      tenantWide('"ng" (two letters)', 'ng'),
      tenantWide('"ng", page 2', 'ng', 2),
      tenantWide('"ng", page 100', 'ng', 100),
      tenantWide('"h" (one letter)', 'h'),
      tenantWide('"a" (one letter)', 'a'),
      tenantWide(`full name "${sample.fullName}"`, sample.fullName),
      tenantWide(`rare name "${rare}"`, rare),
      tenantWide(`staff code "${sample.staffCode}"`, sample.staffCode!),
      tenantWide('no match "xyzq"', 'xyzq'),
      tenantWide('no query (browse), page 1', ''),
      tenantWide('no query (browse), page 20', '', 20),
      // The org page: an agency's leader, searching their agency, 20 a page.
      ...['nguyen van a', 'duc', 'ng', 'h'].map((q) => ({
        label: `agency leader, own agency: "${q}"`,
        query: q,
        actor: leader,
        agencyId: big.id,
        pageSize: 20,
        page: 1,
      })),
    ];

    say('');
    say('Official search benchmark');
    say(
      `  PostgreSQL ${version[0].server_version}; ${int(repeat)} runs of each kind after 3 unmeasured ones, one at a time; load average ${loadavg()[0].toFixed(1)}`,
    );
    say(
      `  data               ${int(p.officials.length)} officials (${int(p.officials.filter((o) => o.email).length)} with email), ${
        p.agencies.length
      } agencies, ${p.units.length} units; tenant-wide HR unless said otherwise`,
    );
    say(
      `  bulk insert        officials ${((t2 - t1) / 1000).toFixed(1)} s (${int(p.officials.length / ((t2 - t1) / 1000))} rows/s), posts ${(
        (t3 - t2) / 1000
      ).toFixed(1)} s, agencies and units ${((t1 - t0) / 1000).toFixed(1)} s; VACUUM ANALYZE ${((t4 - t3) / 1000).toFixed(1)} s`,
    );
    say(
      `  sizes              official table ${sizes[0].heap}, official_search (trigram GIN) ${sizes[0].search}, official_sort ${sizes[0].sort}`,
    );
    say('');
    say(`    ${'kind'.padEnd(52)}  matches  rows    p50 ms   p95 ms   p99 ms`);
    const plans: [string, string, string][] = [];
    const trigram: string[] = [];
    for (const k of kinds) {
      // The page's token: walk to it once.
      let token = '';
      for (let page = 1; page < k.page && (page === 1 || token); page++) token = (await list(k, token)).nextPageToken;
      if (k.page > 1 && !token) {
        say(`    ${k.label.padEnd(52)}  (fewer than ${k.page} pages)`);
        continue;
      }
      for (let i = 0; i < 3; i++) await list(k, token);
      const lat: number[] = [];
      let rows = 0;
      for (let i = 0; i < repeat; i++) {
        const s = performance.now();
        rows = (await list(k, token)).items.length;
        lat.push(performance.now() - s);
      }
      lat.sort((a, b) => a - b);
      const { rows: count } = await pool.query(
        `SELECT count(*)::int AS n FROM official WHERE tenant_id = $1 AND active AND search_key LIKE ALL($2::text[])
           AND ($3::uuid IS NULL OR agency_id = $3)`,
        [TENANT, likePatterns(searchTerms(k.query)), k.agencyId ?? null],
      );
      say(
        `    ${k.label.padEnd(52)} ${int(count[0].n).padStart(8)} ${String(rows).padStart(5)}  ${ms(pct(lat, 50))}  ${ms(pct(lat, 95))}  ${ms(
          pct(lat, 99),
        )}`,
      );
      await list(k, token);
      const statement = last!;
      const [json] = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values)).rows;
      const text = wholePlans
        ? (await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values)).rows.map((x) => x['QUERY PLAN']).join('\n')
        : '';
      plans.push([k.label, planSummary(json['QUERY PLAN']), text]);
      if (JSON.stringify(json['QUERY PLAN']).includes('"Index Name":"official_search"')) trigram.push(k.label);
    }
    say('    (matches: active officials whose search document holds every word, in the agency when one is chosen; rows: on the page)');
    say('');
    say('  plans (EXPLAIN ANALYZE of the statement each kind runs): scans with the rows they produced, sorts, times');
    for (const [label, summary, text] of plans) {
      say(`    ${label}`);
      say(`      ${summary}`);
      if (text) say(text.replace(/^/gm, '        '));
    }
    say(`  load average (1 min) at the end ${loadavg()[0].toFixed(1)}`);
    say(
      `  the trigram index official_search was used by ${trigram.length} of ${plans.length} kinds${
        trigram.length ? `: ${trigram.join(', ')}` : ''
      }`,
    );
  } finally {
    say('dropping the database…');
    await close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
