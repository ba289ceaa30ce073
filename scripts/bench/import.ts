/**
 * Import benchmark: starts the whole platform on this machine (throwaway databases), builds an
 * XLSX workbook of an agency with realistic Vietnamese names, imports it as the agency's HR
 * officer through OrgImportService, and prints how long the check and the write took, the rows
 * per second of each, and org's resident memory before and at its peak.
 *
 *   npm run bench:import -- [--staff 5000] [--units 40]
 */
import { readFileSync } from 'node:fs';
import { orgImportV1, type orgV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import ExcelJS from 'exceljs';
import { adminToken, person, startTestPlatform, until } from '../../test/e2e/support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thanh', 'Ngọc', 'Hữu', 'Đức', 'Thu', 'Anh'];
const GIVEN = [
  'An',
  'Bình',
  'Châu',
  'Dũng',
  'Đức',
  'Giang',
  'Hà',
  'Hải',
  'Hùng',
  'Hương',
  'Khoa',
  'Lan',
  'Linh',
  'Mai',
  'Nam',
  'Ngọc',
  'Phúc',
  'Quân',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Vy',
  'Yến',
];

/** A process's resident memory in MB (Linux), 0 when it is not running. */
function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function main() {
  const staffCount = arg('staff', 5000);
  const unitCount = arg('units', 40);
  console.log(`import benchmark: one agency, ${unitCount} units, ${unitCount * 2} job positions, ${staffCount} staff`);
  const tp = await startTestPlatform();
  try {
    const admin = callMetadata(await adminToken(tp));
    const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
      tp.clients.org.createAgency({ id: '', code: 'SBENCH', name: 'Sở Nội vụ', kind: 1 }, admin, cb),
    );
    const hr = callMetadata((await person(tp, [{ role: 'hr_admin', agencyId: agency!.id }], undefined, 'Võ Thị Thu Hà')).token);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Đơn vị').addRows([
      ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên'],
      ['LD', 'Ban Giám đốc', ''],
      ...Array.from({ length: unitCount - 1 }, (_, u) => [`P${u + 1}`, `Phòng nghiệp vụ ${u + 1}`, 'LD']),
    ]);
    const unitCodes = ['LD', ...Array.from({ length: unitCount - 1 }, (_, u) => `P${u + 1}`)];
    wb.addWorksheet('Vị trí việc làm').addRows([
      ['Mã vị trí', 'Tên vị trí', 'Mã đơn vị', 'Nhóm vị trí', 'Lãnh đạo', 'Mô tả công việc'],
      ...unitCodes.flatMap((u) => [
        [`${u}.TP`, 'Trưởng phòng', u, 'Lãnh đạo, quản lý', 'Có', 'Điều hành công việc của phòng'],
        [`${u}.CV`, 'Chuyên viên', u, 'Chuyên môn, nghiệp vụ', 'Không', ''],
      ]),
    ]);
    wb.addWorksheet('Cán bộ').addRows([
      ['Mã cán bộ', 'Họ và tên', 'Thư điện tử', 'Loại', 'Mã đơn vị', 'Mã vị trí', 'Ngày bắt đầu', 'Tài khoản đăng nhập'],
      ...Array.from({ length: staffCount }, (_, i) => {
        const u = unitCodes[i % unitCount];
        const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 4) % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
        return [
          `B${String(i + 1).padStart(6, '0')}`,
          name,
          `cb${i + 1}@bench.example.gov.vn`,
          i % 9 ? 'Công chức' : 'Viên chức',
          u,
          `${u}.${i < unitCount ? 'TP' : 'CV'}`,
          '01/07/2025',
          '',
        ];
      }),
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const rows = unitCount + unitCount * 2 + staffCount;
    console.log(`workbook: ${rows} rows, ${(file.length / 1024).toFixed(0)} KB`);

    const pid = tp.platform.pid('org');
    const rssBefore = rssMb(pid);
    let rssPeak = rssBefore;
    const wait = async (id: string, until_: orgImportV1.ImportStatus[]) => {
      let job!: orgImportV1.ImportJob;
      await until(
        'the import stage to finish',
        async () => {
          rssPeak = Math.max(rssPeak, rssMb(pid));
          job = (await unary<orgImportV1.GetImportResponse>((cb) => tp.clients.orgImport.getImport({ id }, hr, cb))).job!;
          return until_.includes(job.status);
        },
        600_000,
      );
      return job;
    };
    const { IMPORT_STATUS_READY: READY, IMPORT_STATUS_INVALID: INVALID, IMPORT_STATUS_DONE: DONE } = orgImportV1.ImportStatus;

    const t0 = performance.now();
    const { job } = await unary<orgImportV1.StartImportResponse>((cb) =>
      tp.clients.orgImport.startImport(
        orgImportV1.StartImportRequest.fromPartial({
          agencyId: agency!.id,
          files: [{ name: 'bench.xlsx', content: file }],
          effectiveDate: '2025-07-01',
        }),
        hr,
        cb,
      ),
    );
    const checked = await wait(job!.id, [READY, INVALID]);
    const checkSeconds = (performance.now() - t0) / 1000;
    if (checked.status !== READY) throw new Error(`the import was found invalid (${checked.issueCount} problems)`);
    const t1 = performance.now();
    await unary((cb) => tp.clients.orgImport.confirmImport({ id: job!.id }, hr, cb));
    const done = await wait(job!.id, [DONE, INVALID]);
    const writeSeconds = (performance.now() - t1) / 1000;
    if (done.status !== DONE) throw new Error('the import was sent back while it was written');

    const [{ n }] = await tp.sql(
      'org',
      "SELECT count(*)::int AS n FROM membership WHERE agency_id = $1 AND kind = 'MAIN' AND valid_to IS NULL",
      [agency!.id],
    );
    console.log(`check (upload, read, plan every row): ${checkSeconds.toFixed(2)} s, ${Math.round(rows / checkSeconds)} rows/s`);
    console.log(
      `write (check again, one transaction with events and audit): ${writeSeconds.toFixed(2)} s, ${Math.round(rows / writeSeconds)} rows/s`,
    );
    console.log(`end to end: ${(checkSeconds + writeSeconds).toFixed(2)} s for ${staffCount} staff (${n} written)`);
    console.log(`org resident memory: ${rssBefore.toFixed(0)} MB before, ${rssPeak.toFixed(0)} MB at peak (sampled while waiting)`);
  } finally {
    await tp.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
