import type { Pool } from '@thuocdo/db';
import { check, isStringTuple, NotFoundError, readPage, searchKey, todayInVietnam } from '@thuocdo/kit';
import { orgImportV1 } from '@thuocdo/proto';
import { bindService, enumName, enumValue, rpc } from '@thuocdo/service';
import { CSV_TYPE, type ImportIssue, type SheetToWrite, writeCsv, writeDate, writeWorkbook, XLSX_TYPE } from '@thuocdo/sheets';
import { authorizeWholeAgency, confirmImport, type ImportJob, parseStartImport, readableImport } from '../domain/import-plan';
import { LAYOUT, OFFICIAL_CATEGORY_NAMES, POSITION_CATEGORY_NAMES, type SheetKind, sheetRows } from '../domain/org-chart-sheets';
import type { Importer } from '../jobs/importer';
import { type ImportStore, orgChartRows } from '../store/import-store';

const toProtoJob = (j: ImportJob): orgImportV1.ImportJob => ({
  id: j.id,
  tenantId: j.tenantId,
  agencyId: j.agencyId,
  status: enumValue(j.status, orgImportV1.importStatusFromJSON, 'IMPORT_STATUS_'),
  effectiveDate: j.effectiveDate,
  fileNames: j.fileNames,
  rowsTotal: j.rowsTotal,
  rowsDone: j.rowsDone,
  summary: j.summary,
  issueCount: j.issueCount,
  createdBy: j.createdBy.subject,
  confirmedBy: j.confirmedBy?.subject ?? '',
  createTime: j.createTime,
  updateTime: j.updateTime,
});

const toProtoIssue = (i: ImportIssue): orgImportV1.ImportIssue => ({
  sheet: i.sheet,
  row: i.row,
  column: i.column,
  messageVi: i.text.vi,
  messageEn: i.text.en,
});

const formatOf = (f: orgImportV1.SheetFormat) => enumName(f, orgImportV1.sheetFormatToJSON, 'SHEET_FORMAT_') || 'XLSX';

/** Cursors as the store wrote them: a forged token is refused as invalid, never sent to the database. */
const isJobCursor = (c: unknown): c is [string, string] =>
  isStringTuple(2)(c) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(c[0]) && /^[0-9a-f-]{36}$/i.test(c[1]);
const isIssueCursor = (c: unknown): c is string => typeof c === 'string' && /^\d{1,9}$/.test(c);

/** The sheet of the layout a CSV export answers. */
const SHEETS_BY_ENUM: Record<string, SheetKind> = { UNITS: 'units', POSITIONS: 'positions', STAFF: 'staff' };

/** A file name without characters that trouble file systems or headers: "snv-2026-12-02-so-do-to-chuc.xlsx". */
const fileName = (base: string, ext: string) => `${searchKey(base).replaceAll(' ', '-')}.${ext}`;

/** OrgImportService: spreadsheets in (checked in the background by jobs/importer.ts) and out. */
export function orgImportService(pool: Pool, imports: ImportStore, importer: Importer) {
  const job = async (actor: Parameters<typeof readableImport>[0], id: string) => readableImport(actor, await imports.get(id));
  const agencyOf = async (tenantId: string, id: string) => {
    const { rows } = await pool.query('SELECT code FROM agency WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
    if (!rows[0]) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'agency_id');
    return rows[0] as { code: string };
  };

  return bindService('thuocdo.org.v1.OrgImportService', orgImportV1.OrgImportServiceService, {
    startImport: rpc('org.import', async (req, { actor }) => {
      const input = parseStartImport(req, actor.now);
      authorizeWholeAgency(actor, input.agencyId);
      const id = input.id ?? actor.newId();
      const existing = await imports.get(id);
      if (existing) return { job: toProtoJob(readableImport(actor, existing)) };
      await agencyOf(actor.principal.tenantId, input.agencyId);
      const created = await imports.create(actor.principal.tenantId, id, input, actor.principal);
      importer.wake();
      return { job: toProtoJob(readableImport(actor, created)) };
    }),

    getImport: rpc('org.import', async (req, { actor }) => ({ job: toProtoJob(await job(actor, req.id)) })),

    listImports: rpc('org.import', async (req, { actor }) => {
      const agencyId = check.id('agency_id', req.agencyId);
      authorizeWholeAgency(actor, agencyId);
      const page = readPage(req, { agencyId }, isJobCursor);
      const { items, nextPageToken } = await imports.list(actor.principal.tenantId, agencyId, page);
      return { jobs: items.map(toProtoJob), nextPageToken };
    }),

    listImportIssues: rpc('org.import', async (req, { actor }) => {
      const j = await job(actor, req.importId);
      const page = readPage(req, { jobId: j.id }, isIssueCursor);
      const { items, nextPageToken } = await imports.issues(j.id, page);
      return { issues: items.map(toProtoIssue), nextPageToken };
    }),

    getImportReport: rpc('org.import', async (req, { actor }) => {
      const j = await job(actor, req.id);
      const issues = await imports.allIssues(j.id);
      const sheet: SheetToWrite = {
        name: 'Lỗi',
        rows: [
          ['Bảng / tệp', 'Dòng', 'Cột', 'Lỗi', 'Problem'],
          ...issues.map((i) => [i.sheet, i.row ? String(i.row) : '', i.column, i.text.vi, i.text.en]),
        ],
        widths: [18, 8, 20, 70, 70],
      };
      const csv = formatOf(req.format) === 'CSV';
      const content = csv ? await writeCsv(sheet) : await writeWorkbook([sheet]);
      return {
        file: {
          name: fileName(`loi-nhap-du-lieu-${j.id.slice(0, 8)}`, csv ? 'csv' : 'xlsx'),
          contentType: csv ? CSV_TYPE : XLSX_TYPE,
          content,
        },
      };
    }),

    confirmImport: rpc('org.import', async (req, { actor }) => {
      const j = await job(actor, req.id);
      if (confirmImport(j) === 'confirm' && (await imports.confirm(j.id, actor.principal))) importer.wake();
      return { job: toProtoJob(readableImport(actor, await imports.get(j.id))) };
    }),

    exportOrgChart: rpc('org.export', async (req, { actor }) => {
      const agencyId = check.id('agency_id', req.agencyId);
      authorizeWholeAgency(actor, agencyId);
      const tenant = actor.principal.tenantId;
      const agency = await agencyOf(tenant, agencyId);
      const data = await orgChartRows(pool, tenant, agencyId);
      const records: Record<SheetKind, Record<string, string>[]> = {
        units: data.units.map((u) => ({ code: u.code, name: u.name, parentCode: u.parent_code })),
        positions: data.positions.map((p) => ({
          code: p.code,
          title: p.title,
          unitCode: p.unit_code,
          category: POSITION_CATEGORY_NAMES[p.category as keyof typeof POSITION_CATEGORY_NAMES][0],
          leadership: p.leadership ? 'Có' : 'Không',
          duties: p.duties,
        })),
        staff: data.staff.map((o) => ({
          staffCode: o.staff_code,
          fullName: o.full_name,
          email: o.email,
          category: OFFICIAL_CATEGORY_NAMES[o.category as keyof typeof OFFICIAL_CATEGORY_NAMES][0],
          unitCode: o.unit_code,
          positionCode: o.position_code,
          startDate: writeDate(o.start_date),
          idpSubject: o.idp_subject,
        })),
      };
      const sheet = (k: SheetKind): SheetToWrite => ({
        name: LAYOUT[k].vi,
        rows: sheetRows(k, records[k]),
        widths: LAYOUT[k].columns.map((c) => c.width),
      });
      const base = `${agency.code}-${todayInVietnam(actor.now)}`;
      if (formatOf(req.format) === 'CSV') {
        const kind = SHEETS_BY_ENUM[enumName(req.sheet, orgImportV1.orgSheetToJSON, 'ORG_SHEET_')] ?? 'staff';
        return {
          file: { name: fileName(`${base}-${LAYOUT[kind].vi}`, 'csv'), contentType: CSV_TYPE, content: await writeCsv(sheet(kind)) },
        };
      }
      const content = await writeWorkbook((['units', 'positions', 'staff'] as const).map(sheet));
      return { file: { name: fileName(`${base}-so-do-to-chuc`, 'xlsx'), contentType: XLSX_TYPE, content } };
    }),
  });
}
