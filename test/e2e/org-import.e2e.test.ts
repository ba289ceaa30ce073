/**
 * Importing an agency's org chart and staff from spreadsheets, as an HR office does it: an XLSX
 * workbook of 5,000 staff checked and then written on confirmation; a CSV file with mistakes on
 * many rows that writes nothing and reports each one (also as a downloadable report); a second
 * import that renames, moves and transfers; and an export that imports back unchanged.
 */
import { createHash } from 'node:crypto';
import { type Metadata, status } from '@grpc/grpc-js';
import { orgImportV1, orgV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import ExcelJS from 'exceljs';
import { adminToken, failure, person, startTestPlatform, type TestPlatform, until } from './support';

const UNIT_HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên'];
const POSITION_HEADER = ['Mã vị trí', 'Tên vị trí', 'Mã đơn vị', 'Nhóm vị trí', 'Lãnh đạo', 'Mô tả công việc'];
const STAFF_HEADER = ['Mã cán bộ', 'Họ và tên', 'Thư điện tử', 'Loại', 'Mã đơn vị', 'Mã vị trí', 'Ngày bắt đầu', 'Tài khoản đăng nhập'];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thanh', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Đức', 'Giang', 'Hà', 'Hùng', 'Khoa', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quân', 'Thảo', 'Yến'];
const nameOf = (i: number) => `${FAMILY[i % 10]} ${MIDDLE[(i >> 3) % 6]} ${GIVEN[(i * 7) % 16]}`;

async function workbook(sheets: Record<string, string[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: string[][]) =>
  Buffer.from(`\ufeff${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`);

describe('org chart import and export', () => {
  let tp: TestPlatform;
  let hr: Metadata;
  let admin: Metadata;
  /** Each test imports into an agency of its own (tests run in any order). */
  const agencies: Record<string, string> = {};

  beforeAll(async () => {
    tp = await startTestPlatform();
    admin = callMetadata(await adminToken(tp));
    for (const [code, name] of [
      ['SNV', 'Sở Nội vụ'],
      ['SXD', 'Sở Xây dựng'],
      ['STP', 'Sở Tư pháp'],
      ['SYT', 'Sở Y tế'],
      ['STC', 'Sở Tài chính'],
    ]) {
      const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
        tp.clients.org.createAgency({ id: '', code, name, kind: 1 }, admin, cb),
      );
      agencies[code] = agency!.id;
    }
    // The HR officer imports into four of them; their own record lives in the shared staff unit.
    const p = await person(
      tp,
      ['SNV', 'SXD', 'STP', 'SYT'].map((c) => ({ role: 'hr_admin', agencyId: agencies[c] })),
      undefined,
      'Võ Thị Thu Hà',
    );
    hr = callMetadata(p.token);
    // Someone of another agency, with a staff code and an email an import may wrongly reuse.
    const { official } = await unary<orgV1.GetOfficialResponse>((cb) => tp.clients.org.getOfficial({ id: p.officialId }, admin, cb));
    await unary((cb) =>
      tp.clients.org.createOfficial(
        orgV1.CreateOfficialRequest.fromPartial({
          agencyId: official!.agencyId,
          unitId: official!.unitId,
          fullName: 'Trần Quốc Hưng',
          staffCode: 'VPUB0001',
          email: 'hung@vpub.example.gov.vn',
          category: 2,
          validFrom: '2020-01-01',
        }),
        admin,
        cb,
      ),
    );
  }, 120_000);
  afterAll(() => tp?.stop());

  const start = (agency: string, files: { name: string; content: Buffer }[], effectiveDate = '2025-07-01', md = hr) =>
    unary<orgImportV1.StartImportResponse>((cb) =>
      tp.clients.orgImport.startImport(
        orgImportV1.StartImportRequest.fromPartial({ agencyId: agencies[agency], files, effectiveDate }),
        md,
        cb,
      ),
    ).then((r) => r.job!);
  /** Starts an import and waits for its check. */
  const check = async (agency: string, files: { name: string; content: Buffer }[], effectiveDate?: string) =>
    settled((await start(agency, files, effectiveDate)).id, [READY, INVALID]);
  /** Confirms an import and waits until it is written. */
  const apply = async (id: string) => {
    await confirm(id);
    const done = await settled(id, [DONE, INVALID]);
    expect(done.status).toBe(DONE);
    return done;
  };
  const get = (id: string) =>
    unary<orgImportV1.GetImportResponse>((cb) => tp.clients.orgImport.getImport({ id }, hr, cb)).then((r) => r.job!);
  const settled = async (id: string, wanted: orgImportV1.ImportStatus[]) => {
    let job!: orgImportV1.ImportJob;
    await until(
      `import ${id} to reach ${wanted.map((s) => orgImportV1.importStatusToJSON(s)).join(' or ')}`,
      async () => {
        job = await get(id);
        return wanted.includes(job.status);
      },
      120_000,
    );
    return job;
  };
  const { IMPORT_STATUS_READY: READY, IMPORT_STATUS_INVALID: INVALID, IMPORT_STATUS_DONE: DONE } = orgImportV1.ImportStatus;
  const confirm = (id: string) => unary<orgImportV1.ConfirmImportResponse>((cb) => tp.clients.orgImport.confirmImport({ id }, hr, cb));
  const issues = async (importId: string) => {
    const out: orgImportV1.ImportIssue[] = [];
    let pageToken = '';
    do {
      const r = await unary<orgImportV1.ListImportIssuesResponse>((cb) =>
        tp.clients.orgImport.listImportIssues({ importId, pageSize: 7, pageToken }, hr, cb),
      );
      out.push(...r.issues);
      pageToken = r.nextPageToken;
    } while (pageToken);
    return out;
  };
  const officialsIn = async (agency: string) =>
    (
      await tp.sql('org', "SELECT count(*)::int AS n FROM membership WHERE agency_id = $1 AND kind = 'MAIN' AND valid_to IS NULL", [
        agencies[agency],
      ])
    )[0].n;

  /** A small org chart: a top unit, two offices, a position in each, and `n` staff. */
  const smallChart = (prefix: string, n: number) => ({
    units: [UNIT_HEADER, [prefix, 'Lãnh đạo', ''], ['P1', 'Phòng nghiệp vụ 1', prefix], ['P2', 'Phòng nghiệp vụ 2', prefix]],
    positions: [
      POSITION_HEADER,
      ['CV1', 'Chuyên viên', 'P1', 'Chuyên môn, nghiệp vụ', 'Không', ''],
      // Text a spreadsheet would take for a formula: exported as text, and as text it comes back.
      ['CV2', 'Chuyên viên', 'P2', 'Chuyên môn, nghiệp vụ', '', '=HYPERLINK("http://example.invalid")'],
    ],
    staff: [
      STAFF_HEADER,
      ...Array.from({ length: n }, (_, i) => [
        `${prefix}${i + 1}`,
        nameOf(i),
        `${prefix.toLowerCase()}${i + 1}@example.gov.vn`,
        'Công chức',
        `P${(i % 2) + 1}`,
        `CV${(i % 2) + 1}`,
        '',
        '',
      ]),
    ],
  });

  it('imports 5,000 staff from a workbook: checked in full first, written only once confirmed, in one go', async () => {
    const units = [['SNV', 'Sở Nội vụ', ''], ...Array.from({ length: 20 }, (_, u) => [`P${u + 1}`, `Phòng nghiệp vụ ${u + 1}`, 'SNV'])];
    const positions = Array.from({ length: 20 }, (_, u) => [
      [`P${u + 1}.TP`, 'Trưởng phòng', `P${u + 1}`, 'Lãnh đạo, quản lý', 'Có', 'Điều hành phòng'],
      [`P${u + 1}.CV`, 'Chuyên viên', `P${u + 1}`, 'Chuyên môn, nghiệp vụ', 'Không', ''],
    ]).flat();
    const staff = Array.from({ length: 5000 }, (_, i) => {
      const u = (i % 20) + 1;
      return [
        `SNV${String(i + 1).padStart(5, '0')}`,
        nameOf(i),
        `cb${i + 1}@snv.example.gov.vn`,
        i % 7 ? 'Công chức' : 'Viên chức',
        `P${u}`,
        i < 20 ? `P${u}.TP` : `P${u}.CV`,
        '01/07/2025',
        '',
      ];
    });
    const file = await workbook({
      'Đơn vị': [UNIT_HEADER, ...units],
      'Vị trí việc làm': [POSITION_HEADER, ...positions],
      'Cán bộ': [STAFF_HEADER, ...staff],
      'Hướng dẫn': [['Ghi chú'], ['A sheet the import leaves alone']],
    });

    const t0 = Date.now();
    const job = await start('SNV', [{ name: 'so-noi-vu.xlsx', content: file }]);
    expect(job.status).toBe(orgImportV1.ImportStatus.IMPORT_STATUS_VALIDATING);
    const ready = await settled(job.id, [READY, INVALID]);
    const checkedIn = (Date.now() - t0) / 1000;
    expect(ready.status).toBe(READY);
    expect(ready.rowsTotal).toBe(21 + 40 + 5000);
    expect(ready.rowsDone).toBe(ready.rowsTotal);
    expect(ready.summary).toMatchObject({
      unitsCreated: 21,
      positionsCreated: 40,
      officialsCreated: 5000,
      postsChanged: 0,
      rowsUnchanged: 0,
    });
    // Checked, not written.
    expect(await officialsIn('SNV')).toBe(0);

    const t1 = Date.now();
    const done = await apply(job.id);
    const appliedIn = (Date.now() - t1) / 1000;
    expect(done.confirmedBy).toBeTruthy();
    expect(await officialsIn('SNV')).toBe(5000);
    const [{ n: audited }] = await tp.sql(
      'org',
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'org.import' AND entity_type IN ('unit', 'job_position', 'official', 'membership')",
    );
    expect(audited).toBeGreaterThanOrEqual(21 + 40 + 5000 * 2);
    const [{ n: files }] = await tp.sql('org', 'SELECT count(*)::int AS n FROM import_file WHERE job_id = $1', [job.id]);
    expect(files).toBe(0);
    const { officials } = await unary<orgV1.ListOfficialsResponse>((cb) =>
      tp.clients.org.listOfficials(orgV1.ListOfficialsRequest.fromPartial({ agencyId: agencies.SNV, query: 'snv00001' }), hr, cb),
    );
    expect(officials.map((o) => [o.fullName, o.staffCode])).toEqual([[nameOf(0), 'SNV00001']]);
    console.log(
      `import: 5,000 staff (${ready.rowsTotal} rows, ${(file.length / 1024).toFixed(0)} KB XLSX) checked in ${checkedIn.toFixed(1)} s, ` +
        `written in ${appliedIn.toFixed(1)} s (${Math.round(ready.rowsTotal / (checkedIn + appliedIn))} rows/s end to end)`,
    );

    // The same workbook again changes nothing.
    const again = await check('SNV', [{ name: 'so-noi-vu.xlsx', content: file }]);
    expect(again.summary).toMatchObject({ unitsCreated: 0, officialsCreated: 0, officialsUpdated: 0, rowsUnchanged: 5061 });
  }, 300_000);

  it('writes nothing from files with mistakes, and reports every bad row with its column, in Vietnamese and English', async () => {
    const units = csv([
      UNIT_HEADER,
      ['VP', 'Văn phòng', ''],
      ['VP', 'Văn phòng trùng', ''],
      ['T1', 'Tổ 1', 'T2'],
      ['T2', 'Tổ 2', 'T1'],
      ['X1', 'Tổ lạ', 'KHONGCO'],
    ]);
    const staff = csv([
      STAFF_HEADER,
      ['N0001', 'Đỗ Minh Nhật', 'nhat@sxd.example.gov.vn', 'Công chức', 'VP', '', '02/01/2026', ''],
      ['N0002', '', '', 'Công chức', 'VP', '', '', ''],
      ['N0003', 'Lý Gia Huy', '', 'Nhân viên', 'VP', '', '', ''],
      ['N0004', 'Ngô Thị Hồng', '', 'Viên chức', 'VP', '', '31/02/2026', ''],
      ['N0001', 'Đỗ Minh Nhật', '', 'Công chức', 'VP', '', '', ''],
      ['N0005', 'Bùi Anh Tuấn', 'khong-phai-email', 'Công chức', 'VP', '', '', ''],
      ['N0006', 'Trương Thị Ngọc', 'NHAT@sxd.example.gov.vn', 'Công chức', 'VP', '', '', ''],
      ['N0007', 'Phan Văn Đức', '', 'Công chức', 'KHONGCO', '', '', ''],
      ['N0008', 'Huỳnh Thị Mai', '', 'Công chức', 'VP', 'KHONGCO', '', ''],
      ['VPUB0001', 'Người khác', '', 'Công chức', 'VP', '', '', ''],
      ['N0009', 'Đặng Văn Khoa', 'hung@vpub.example.gov.vn', 'Công chức', 'VP', '', '', ''],
    ]);
    const job = await check('SXD', [
      { name: 'don-vi.csv', content: units },
      { name: 'can-bo.csv', content: staff },
    ]);
    expect(job.status).toBe(INVALID);
    const all = await issues(job.id);
    expect(all.map((i) => [i.sheet, i.row, i.column])).toEqual([
      ['Đơn vị', 3, 'Mã đơn vị'],
      ['Đơn vị', 4, 'Mã đơn vị cấp trên'],
      ['Đơn vị', 5, 'Mã đơn vị cấp trên'],
      ['Đơn vị', 6, 'Mã đơn vị cấp trên'],
      ['Cán bộ', 3, 'Họ và tên'],
      ['Cán bộ', 4, 'Loại'],
      ['Cán bộ', 5, 'Ngày bắt đầu'],
      ['Cán bộ', 6, 'Mã cán bộ'],
      ['Cán bộ', 7, 'Thư điện tử'],
      ['Cán bộ', 8, 'Thư điện tử'],
      ['Cán bộ', 9, 'Mã đơn vị'],
      ['Cán bộ', 10, 'Mã vị trí'],
      ['Cán bộ', 11, 'Mã cán bộ'],
      ['Cán bộ', 12, 'Thư điện tử'],
    ]);
    expect(job.issueCount).toBe(all.length);
    for (const i of all) expect([i.row, i.messageVi.length > 10, i.messageEn.length > 10]).toEqual([i.row, true, true]);
    expect(all.find((i) => i.row === 11)!.messageEn).toContain('another agency');
    expect(all.find((i) => i.sheet === 'Cán bộ' && i.row === 6)!.messageVi).toBe('Mã cán bộ trùng với dòng 2');
    // Nothing written.
    expect(await officialsIn('SXD')).toBe(0);
    const [{ n: unitsWritten }] = await tp.sql('org', 'SELECT count(*)::int AS n FROM unit WHERE agency_id = $1', [agencies.SXD]);
    expect(unitsWritten).toBe(0);
    // Nothing to confirm; the report downloads with the same rows.
    expect(await failure((md, cb) => tp.clients.orgImport.confirmImport({ id: job.id }, md, cb), hr)).toEqual({
      code: status.FAILED_PRECONDITION,
      field: 'id',
    });
    const { file } = await unary<orgImportV1.GetImportReportResponse>((cb) =>
      tp.clients.orgImport.getImportReport({ id: job.id, format: 0 }, hr, cb),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.content as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(all.length + 1);
    expect(ws.getRow(2).values).toEqual([undefined, 'Đơn vị', '3', 'Mã đơn vị', all[0].messageVi, all[0].messageEn]);
  }, 120_000);

  it('renames, moves and transfers through a second import, keeping history', async () => {
    const first = smallChart('STP', 4);
    const job = await check('STP', [
      { name: 'stp.xlsx', content: await workbook({ 'Đơn vị': first.units, 'Vị trí việc làm': first.positions, 'Cán bộ': first.staff }) },
    ]);
    await apply(job.id);
    const units = csv([UNIT_HEADER, ['P1', 'Phòng Tổ chức, biên chế', 'STP'], ['P2', 'Phòng nghiệp vụ 2', 'P1']]);
    const staff = csv([STAFF_HEADER, ['STP1', nameOf(0), 'stp1@example.gov.vn', 'Viên chức', 'P2', 'CV2', '', '']]);
    const second = await check(
      'STP',
      [
        { name: 'units.csv', content: units },
        { name: 'staff.csv', content: staff },
      ],
      '2026-01-01',
    );
    expect(second.status).toBe(READY);
    expect(second.summary).toMatchObject({ unitsRenamed: 1, unitsMoved: 1, officialsUpdated: 1, postsChanged: 1 });
    await apply(second.id);
    const posts = await tp.sql(
      'org',
      `SELECT u.code, to_char(m.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(m.valid_to, 'YYYY-MM-DD') AS valid_to, m.end_reason
         FROM membership m JOIN official o ON o.id = m.official_id JOIN unit u ON u.id = m.unit_id WHERE o.staff_code = 'STP1' ORDER BY m.valid_from`,
    );
    expect(posts).toEqual([
      { code: 'P1', valid_from: '2025-07-01', valid_to: '2026-01-01', end_reason: 'TRANSFER' },
      { code: 'P2', valid_from: '2026-01-01', valid_to: null, end_reason: null },
    ]);
    const periods = await tp.sql(
      'org',
      `SELECT p.name, pu.code AS parent, to_char(p.valid_to, 'YYYY-MM-DD') AS valid_to FROM unit_period p JOIN unit u ON u.id = p.unit_id
         LEFT JOIN unit pu ON pu.id = p.parent_unit_id WHERE u.agency_id = $1 AND u.code IN ('P1', 'P2') ORDER BY u.code, p.valid_from`,
      [agencies.STP],
    );
    expect(periods).toEqual([
      { name: 'Phòng nghiệp vụ 1', parent: 'STP', valid_to: '2026-01-01' },
      { name: 'Phòng Tổ chức, biên chế', parent: 'STP', valid_to: null },
      { name: 'Phòng nghiệp vụ 2', parent: 'STP', valid_to: '2026-01-01' },
      { name: 'Phòng nghiệp vụ 2', parent: 'P1', valid_to: null },
    ]);
    const [{ category }] = await tp.sql('org', "SELECT category FROM official WHERE staff_code = 'STP1'");
    expect(category).toBe('PUBLIC_EMPLOYEE');
  }, 120_000);

  it('exports the org chart in the layout it imports, and the export imports back without a change', async () => {
    const chart = smallChart('SYT', 30);
    await apply(
      (
        await check('SYT', [
          {
            name: 'syt.xlsx',
            content: await workbook({ 'Đơn vị': chart.units, 'Vị trí việc làm': chart.positions, 'Cán bộ': chart.staff }),
          },
        ])
      ).id,
    );
    const { file } = await unary<orgImportV1.ExportOrgChartResponse>((cb) =>
      tp.clients.orgImport.exportOrgChart({ agencyId: agencies.SYT, format: 0, sheet: 0 }, hr, cb),
    );
    expect(file!.name).toMatch(/^syt-\d{4}-\d{2}-\d{2}-so-do-to-chuc\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.content as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đơn vị', 'Vị trí việc làm', 'Cán bộ']);
    expect(wb.getWorksheet('Cán bộ')!.getRow(1).values).toEqual([undefined, ...STAFF_HEADER]);
    expect(wb.getWorksheet('Cán bộ')!.rowCount).toBe(31);
    expect(wb.getWorksheet('Cán bộ')!.getRow(2).getCell(7).value).toBe('01/07/2025');
    const back = await check('SYT', [{ name: file!.name, content: Buffer.from(file!.content) }]);
    expect(back.status).toBe(READY);
    expect(back.summary).toEqual({
      unitsCreated: 0,
      unitsRenamed: 0,
      unitsMoved: 0,
      positionsCreated: 0,
      officialsCreated: 0,
      officialsUpdated: 0,
      postsChanged: 0,
      rowsUnchanged: 3 + 2 + 30,
    });

    const staffCsv = await unary<orgImportV1.ExportOrgChartResponse>((cb) =>
      tp.clients.orgImport.exportOrgChart(
        { agencyId: agencies.SYT, format: orgImportV1.SheetFormat.SHEET_FORMAT_CSV, sheet: orgImportV1.OrgSheet.ORG_SHEET_STAFF },
        hr,
        cb,
      ),
    );
    const text = Buffer.from(staffCsv.file!.content).toString('utf8');
    expect(text.startsWith(`\ufeff${STAFF_HEADER.join(',')}`)).toBe(true);
    expect(text.split('\n').filter((l) => l.trim()).length).toBe(31);
    const fromCsv = await check('SYT', [{ name: staffCsv.file!.name, content: Buffer.from(staffCsv.file!.content) }]);
    expect(fromCsv.summary).toMatchObject({ officialsCreated: 0, officialsUpdated: 0, postsChanged: 0, rowsUnchanged: 30 });
    const positionsCsv = await unary<orgImportV1.ExportOrgChartResponse>((cb) =>
      tp.clients.orgImport.exportOrgChart(
        { agencyId: agencies.SYT, format: orgImportV1.SheetFormat.SHEET_FORMAT_CSV, sheet: orgImportV1.OrgSheet.ORG_SHEET_POSITIONS },
        hr,
        cb,
      ),
    );
    expect(Buffer.from(positionsCsv.file!.content).toString('utf8')).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
    const positionsBack = await check('SYT', [{ name: 'vi-tri.csv', content: Buffer.from(positionsCsv.file!.content) }]);
    expect(positionsBack.summary).toMatchObject({ positionsCreated: 0, rowsUnchanged: 2 });
  }, 120_000);

  it('refuses an import into an agency the caller does not manage, and hides other agencies’ imports', async () => {
    const request = orgImportV1.StartImportRequest.fromPartial({
      agencyId: agencies.STC,
      files: [{ name: 'a.csv', content: csv([UNIT_HEADER, ['VP', 'Văn phòng', '']]) }],
    });
    expect(await failure((md, cb) => tp.clients.orgImport.startImport(request, md, cb), hr)).toEqual({
      code: status.PERMISSION_DENIED,
      field: '',
    });
    const theirs = await unary<orgImportV1.StartImportResponse>((cb) => tp.clients.orgImport.startImport(request, admin, cb));
    expect(await failure((md, cb) => tp.clients.orgImport.getImport({ id: theirs.job!.id }, md, cb), hr)).toEqual({
      code: status.NOT_FOUND,
      field: 'id',
    });
    expect(await failure((md, cb) => tp.clients.orgImport.startImport({ ...request, files: [] }, md, cb), admin)).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'files',
    });
    // A page token made up by hand is refused as invalid, whatever cursor it carries.
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ jobId: theirs.job!.id }))
      .digest('base64url')
      .slice(0, 12);
    const forged = Buffer.from(JSON.stringify({ c: 'x', f: fingerprint })).toString('base64url');
    expect(
      await failure(
        (md, cb) => tp.clients.orgImport.listImportIssues({ importId: theirs.job!.id, pageSize: 10, pageToken: forged }, md, cb),
        admin,
      ),
    ).toEqual({ code: status.INVALID_ARGUMENT, field: 'page_token' });
    const tooBig = { ...request, files: [{ name: 'big.csv', content: Buffer.alloc(10 * 1024 * 1024 + 1, 0x41) }] };
    expect(await failure((md, cb) => tp.clients.orgImport.startImport(tooBig, md, cb), admin)).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'files',
    });
  }, 120_000);
});
