import { type Actor, check, searchKey } from '@thuocdo/kit';
import type { catalogV1 } from '@thuocdo/proto';
import { type ImportIssue, readFiles, writeWorkbook, XLSX_TYPE } from '@thuocdo/sheets';
import { type CatalogRow, COLUMNS, catalogSheetRows, planCatalogImport, readCatalogSheet, SHEET_NAME } from '../domain/catalog-sheet';
import { WORK_ITEM_GROUPS, type WorkItemQuery } from '../domain/work-item';
import type { CatalogStore } from '../store/catalog-store';

/** Rows an export writes at most (a province's catalog is a few hundred to a few thousand items). */
const MAX_EXPORT_ROWS = 50_000;

/** Issues an answer carries; the report file has them all. */
const MAX_ISSUES = 1000;

/**
 * Catalog spreadsheets in and out. An import is small enough (thousands of rows at most) to be
 * read, checked and written within one call, in one transaction: all of it or nothing.
 */
export class CatalogSheets {
  constructor(private readonly store: CatalogStore) {}

  async importWorkItems(req: catalogV1.ImportWorkItemsRequest, actor: Actor): Promise<catalogV1.ImportWorkItemsResponse> {
    const fileName = check.maxLength('file_name', check.required('file_name', req.fileName), 255);
    // Published at once: in force from today unless a date is given; drafts take theirs when approved.
    const effectiveFrom = req.effectiveFrom ? check.date('effective_from', req.effectiveFrom) : req.publish ? actor.today : '';
    const read = await readFiles([{ name: fileName, content: req.content }]);
    const sheet = read.issues.length ? { rows: [], issues: read.issues } : readCatalogSheet(read.sheets);
    const plan = sheet.issues.length ? null : await this.plan(sheet.rows, req.publish, effectiveFrom, actor);
    const issues = plan?.issues ?? sheet.issues;
    const groupCounts = plan ? WORK_ITEM_GROUPS.map((g) => plan.groupCounts[g]) : [0, 0, 0, 0];
    const rowCount = sheet.rows.length;
    if (!plan || issues.length)
      return {
        rowCount,
        createdCount: 0,
        issues: issues.slice(0, MAX_ISSUES).map(toProtoIssue),
        issueCount: issues.length,
        report: await this.report(fileName, issues, sheet.rows),
        groupCounts,
      };
    // Another import may have taken a code since it was checked: the unique key refuses the whole write.
    if (!req.validateOnly) await this.store.saveImportedItems(plan.items, plan.events, actor);
    return { rowCount, createdCount: req.validateOnly ? 0 : plan.items.length, issues: [], issueCount: 0, report: undefined, groupCounts };
  }

  /** The rows checked against the tenant's catalog (the codes it has) and conversion scale. */
  private async plan(rows: CatalogRow[], publish: boolean, effectiveFrom: string, actor: Actor) {
    const tenantId = actor.principal.tenantId;
    const codes = rows.map((r) => r.values.code.trim()).filter(Boolean);
    const [existingCodes, scale] = await Promise.all([this.store.existingCodes(tenantId, codes), this.store.scale(tenantId)]);
    return planCatalogImport(rows, { existingCodes, scale, publish, effectiveFrom }, actor);
  }

  /** The rows as read, with the problems of each in a last column; problems of the file itself above them. */
  private async report(fileName: string, issues: ImportIssue[], rows: CatalogRow[]) {
    const byRow = new Map<number, string[]>();
    for (const i of issues) {
      const text = `${i.column ? `${i.column}: ` : ''}${i.text.vi}`;
      const known = byRow.get(i.row);
      if (known) known.push(text);
      else byRow.set(i.row, [text]);
    }
    const header = [...COLUMNS.map((c) => c.vi), 'Dòng', 'Lỗi'];
    const body = rows.map((r) => [...COLUMNS.map((c) => r.values[c.key]), String(r.row), (byRow.get(r.row) ?? []).join('\n')]);
    const whole = (byRow.get(0) ?? []).map((text) => [...COLUMNS.map(() => ''), '', text]);
    const content = await writeWorkbook([
      { name: 'Lỗi', rows: [header, ...whole, ...body], widths: [...COLUMNS.map((c) => c.width), 8, 60] },
    ]);
    return {
      name: `loi-${searchKey(fileName.replace(/\.[^.]*$/, '')).replace(/ /g, '-') || 'danh-muc'}.xlsx`,
      contentType: XLSX_TYPE,
      content,
    };
  }

  /** The items of a list's filters, every page, as the sheet an import reads. */
  async exportWorkItems(q: WorkItemQuery, actor: Actor): Promise<catalogV1.CatalogFile> {
    const tenantId = actor.principal.tenantId;
    const items = [];
    let page = { ...q.page, size: 1000, after: null as [string, string] | null };
    for (;;) {
      const { items: got, nextPageToken } = await this.store.listWorkItems(tenantId, { ...q, page });
      items.push(...got);
      if (!nextPageToken || items.length >= MAX_EXPORT_ROWS) break;
      const last = got[got.length - 1];
      page = { ...page, after: [last.code, last.id] };
    }
    const agencyCode = (id: string) => actor.directory.agency(id)?.code ?? id;
    const content = await writeWorkbook([
      { name: SHEET_NAME, rows: catalogSheetRows(items, agencyCode), widths: COLUMNS.map((c) => c.width) },
    ]);
    return { name: `danh-muc-${actor.today}.xlsx`, contentType: XLSX_TYPE, content };
  }
}

const toProtoIssue = (i: ImportIssue): catalogV1.SheetIssue => ({
  row: i.row,
  column: i.column,
  messageVi: i.text.vi,
  messageEn: i.text.en,
});
