import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportIssue, RawSheet } from './cells';

// ---------------------------------------------------------------------------------------------
// Spreadsheet files in and out, through exceljs: XLSX workbooks and UTF-8 CSV files become
// sheets of text cells (domain/org-chart-sheets.ts reads them), and sheets of text become files.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export type FileFormat = 'xlsx' | 'csv';

/** A file as uploaded. */
export interface UploadedFile {
  name: string;
  content: Uint8Array;
}

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** A cell's value as the text a person sees in it: dates as YYYY-MM-DD, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('hyperlink' in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? '');
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

function sheetOf(ws: ExcelJS.Worksheet, name: string): RawSheet {
  const rows: RawSheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return { name, rows };
}

/** The delimiter of a CSV file: the one of comma and semicolon its header line has more of. */
function delimiterOf(text: string): string {
  const line = text.slice(0, text.search(/\r?\n|$/));
  return (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Reads uploaded files as sheets: every sheet of an XLSX workbook, or a CSV file as one sheet
 * named after the file. A file that cannot be read is a problem of that file, not a failure.
 */
export async function readFiles(files: UploadedFile[]): Promise<{ sheets: RawSheet[]; issues: ImportIssue[] }> {
  const sheets: RawSheet[] = [];
  const issues: ImportIssue[] = [];
  const unreadable = (file: string, vi: string, en: string) => issues.push({ sheet: file, row: 0, column: '', text: { vi, en } });
  for (const f of files) {
    const buffer = Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength);
    if (isZip(buffer)) {
      const wb = new ExcelJS.Workbook();
      try {
        await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
      } catch {
        unreadable(
          f.name,
          'Không đọc được tệp Excel (.xlsx); hãy lưu lại tệp bằng Excel rồi thử lại',
          'The Excel (.xlsx) file cannot be read; save it again from Excel and retry',
        );
        continue;
      }
      for (const ws of wb.worksheets) sheets.push(sheetOf(ws, ws.name));
      continue;
    }
    if (/\.xlsx?$/i.test(f.name)) {
      unreadable(
        f.name,
        'Tệp không phải Excel (.xlsx); tệp .xls cũ cần lưu lại dưới dạng .xlsx',
        'The file is not an Excel (.xlsx) workbook; save old .xls files as .xlsx',
      );
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
    } catch {
      unreadable(
        f.name,
        'Tệp CSV phải được lưu với mã UTF-8 (trong Excel: "CSV UTF-8")',
        'CSV files must be saved as UTF-8 (in Excel: "CSV UTF-8")',
      );
      continue;
    }
    const wb = new ExcelJS.Workbook();
    try {
      const ws = await wb.csv.read(Readable.from([text]), {
        // Every value stays text: "0012" is a code, not the number 12.
        map: (v: unknown) => (typeof v === 'string' && v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v),
        parserOptions: { delimiter: delimiterOf(text), ignoreEmpty: false, trim: false },
      });
      sheets.push(sheetOf(ws, f.name));
    } catch {
      unreadable(f.name, 'Không đọc được tệp CSV (dấu ngoặc kép không khớp?)', 'The CSV file cannot be read (unbalanced quotes?)');
    }
  }
  return { sheets, issues };
}

export interface SheetToWrite {
  name: string;
  /** The header row first. */
  rows: string[][];
  widths?: number[];
}

/** A workbook of the sheets given: header rows bold and frozen, with filters, every cell as text. */
export async function writeWorkbook(sheets: SheetToWrite[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ThuocDo';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.rows[0].map((_, i) => ({ width: s.widths?.[i] ?? 18, style: { numFmt: '@' } }));
    ws.addRows(s.rows);
    ws.getRow(1).font = { bold: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.rows[0].length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Text a spreadsheet would run as a formula when it opens a CSV file. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One sheet as UTF-8 CSV with a byte-order mark, so that Excel shows Vietnamese as written. A
 * cell that would start a formula gets an apostrophe in front (readFiles takes it off again).
 */
export async function writeCsv(sheet: SheetToWrite): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet(sheet.name).addRows(sheet.rows.map((r) => r.map((c) => (FORMULA_START.test(c) ? `'${c}` : c))));
  return Buffer.from(await wb.csv.writeBuffer({ formatterOptions: { delimiter: ',', writeBOM: true } }));
}
