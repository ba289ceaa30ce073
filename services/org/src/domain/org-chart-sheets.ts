import type { Bilingual } from '@thuocdo/kit';
import {
  columnIndexes,
  fold,
  type ImportIssue,
  isEmptyRow,
  lookup,
  quote,
  type RawSheet,
  readDate,
  type Column as SheetColumn,
} from '@thuocdo/sheets';
import type { OfficialCategory, PositionCategory } from './model';

// ---------------------------------------------------------------------------------------------
// The spreadsheet layout of an agency's org chart, as HR offices keep it: a sheet of units (đơn
// vị), one of job positions (vị trí việc làm) and one of staff (cán bộ). Import reads it and
// export writes it, so both follow this one description. Headers are matched without case or
// diacritics, in Vietnamese or English; values of lists (categories, yes/no) likewise.

export const SHEET_KINDS = ['units', 'positions', 'staff'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export interface Column extends SheetColumn {
  /** The request fields of org's decisions whose problems belong to this column. */
  fields: string[];
}

export interface SheetLayout {
  vi: string;
  en: string;
  columns: Column[];
}

export const LAYOUT: Record<SheetKind, SheetLayout> = {
  units: {
    vi: 'Đơn vị',
    en: 'Units',
    columns: [
      { key: 'code', vi: 'Mã đơn vị', en: 'Unit code', required: true, fields: ['code'], width: 16 },
      { key: 'name', vi: 'Tên đơn vị', en: 'Unit name', required: true, fields: ['name'], width: 40 },
      {
        key: 'parentCode',
        vi: 'Mã đơn vị cấp trên',
        en: 'Parent unit code',
        fields: ['parent_unit_id', 'new_parent_unit_id'],
        width: 20,
      },
    ],
  },
  positions: {
    vi: 'Vị trí việc làm',
    en: 'Job positions',
    columns: [
      { key: 'code', vi: 'Mã vị trí', en: 'Position code', required: true, fields: ['code'], width: 16 },
      { key: 'title', vi: 'Tên vị trí', en: 'Position title', required: true, fields: ['title'], width: 36 },
      { key: 'unitCode', vi: 'Mã đơn vị', en: 'Unit code', required: true, fields: ['unit_id'], width: 16 },
      { key: 'category', vi: 'Nhóm vị trí', en: 'Position group', required: true, fields: ['category'], width: 26 },
      { key: 'leadership', vi: 'Lãnh đạo', en: 'Leadership', fields: ['leadership'], width: 10 },
      { key: 'duties', vi: 'Mô tả công việc', en: 'Duties', fields: ['duties'], width: 50 },
    ],
  },
  staff: {
    vi: 'Cán bộ',
    en: 'Staff',
    columns: [
      // Staff are recognised by staff code, or by email for people on record without one.
      { key: 'staffCode', vi: 'Mã cán bộ', en: 'Staff code', fields: ['staff_code'], width: 14 },
      { key: 'fullName', vi: 'Họ và tên', en: 'Full name', required: true, fields: ['full_name'], width: 28 },
      { key: 'email', vi: 'Thư điện tử', en: 'Email', fields: ['email'], width: 30 },
      { key: 'category', vi: 'Loại', en: 'Category', required: true, fields: ['category'], width: 18 },
      { key: 'unitCode', vi: 'Mã đơn vị', en: 'Unit code', required: true, fields: ['unit_id'], width: 14 },
      { key: 'positionCode', vi: 'Mã vị trí', en: 'Position code', fields: ['position_id'], width: 14 },
      { key: 'startDate', vi: 'Ngày bắt đầu', en: 'Start date', fields: ['valid_from'], width: 14 },
      { key: 'idpSubject', vi: 'Tài khoản đăng nhập', en: 'Sign-in account', fields: ['idp_subject'], width: 24 },
    ],
  },
};

/** Names of the lists' values: the first is the one export writes; import reads any. */
export const OFFICIAL_CATEGORY_NAMES: Record<OfficialCategory, string[]> = {
  CADRE: ['Cán bộ', 'Cadre'],
  CIVIL_SERVANT: ['Công chức', 'Civil servant'],
  PUBLIC_EMPLOYEE: ['Viên chức', 'Public employee'],
  CONTRACT_WORKER: ['Hợp đồng lao động', 'Người lao động', 'Lao động hợp đồng', 'HĐLĐ', 'Contract worker'],
};

export const POSITION_CATEGORY_NAMES: Record<PositionCategory, string[]> = {
  LEADERSHIP: ['Lãnh đạo, quản lý', 'Lãnh đạo quản lý', 'Leadership'],
  SPECIALIST: ['Chuyên môn, nghiệp vụ', 'Chuyên ngành', 'Chuyên môn chuyên ngành', 'Specialist'],
  SHARED_SPECIALIST: ['Chuyên môn dùng chung', 'Shared specialist'],
  SUPPORT: ['Hỗ trợ, phục vụ', 'Hỗ trợ phục vụ', 'Support'],
};

const YES = ['co', 'x', 'yes', 'true', '1'];
const NO = ['khong', 'no', 'false', '0', ''];

export interface UnitRow {
  row: number;
  code: string;
  name: string;
  parentCode: string;
}

export interface PositionRow {
  row: number;
  code: string;
  title: string;
  unitCode: string;
  category: PositionCategory;
  leadership: boolean;
  duties: string;
}

export interface StaffRow {
  row: number;
  staffCode: string;
  fullName: string;
  email: string;
  category: OfficialCategory;
  unitCode: string;
  positionCode: string;
  /** "YYYY-MM-DD", or empty for the import's effective date. */
  startDate: string;
  idpSubject: string;
}

export interface OrgChartRows {
  /** Codes of unit and position rows left out for their own problems: rows naming them are not told the code is unknown. */
  rejected?: { units: string[]; positions: string[] };
  units: UnitRow[];
  positions: PositionRow[];
  staff: StaffRow[];
}

/** At most this many rows in all, so that one import stays one transaction of bounded size. */
export const MAX_IMPORT_ROWS = 60_000;

const OFFICIAL_CATEGORIES_BY_NAME = lookup(OFFICIAL_CATEGORY_NAMES);
const POSITION_CATEGORIES_BY_NAME = lookup(POSITION_CATEGORY_NAMES);

/** The kind of a sheet from its name ("Cán bộ", "can bo", "Staff"), if it names one. */
function kindByName(name: string): SheetKind | undefined {
  const n = fold(name.replace(/\.[^.]*$/, ''));
  return SHEET_KINDS.find((k) => fold(LAYOUT[k].vi) === n || fold(LAYOUT[k].en) === n);
}

/** How many of a layout's columns a row names. */
const columnsNamed = (k: SheetKind, cells: string[]) => columnIndexes(LAYOUT[k].columns, cells).filter((i) => i >= 0).length;

/** Rows above the header that a sheet may have (a title, the agency's name, a date). */
const TITLE_ROWS = 10;

/**
 * The header row of a sheet and the kind it says: among the first rows, the one naming the most
 * columns of a layout (two at least), so that a title above the header or a missing column still
 * finds the sheet. A sheet known by its name takes its first row naming a column of its kind.
 */
function headerOf(sheet: RawSheet, named: SheetKind | undefined): { at: number; kind: SheetKind } | undefined {
  let best: { at: number; kind: SheetKind; score: number } | undefined;
  const candidates = sheet.rows.slice(0, TITLE_ROWS);
  candidates.forEach((r, at) => {
    for (const kind of named ? [named] : SHEET_KINDS) {
      const score = columnsNamed(kind, r.cells);
      if (score >= (named ? 1 : 2) && (!best || score > best.score)) best = { at, kind, score };
    }
  });
  return best;
}

/** The longest cell read (a job's duties are the longest text: 4,000 characters). */
const MAX_CELL_LENGTH = 4000;

/**
 * Reads the rows of an org chart from its sheets and reports every problem that needs no
 * knowledge of the organisation: unknown or repeated sheets, missing columns and values, values
 * outside the lists, impossible dates, and codes, emails or accounts repeated within the files.
 * The rows answered are those without such a problem, for the check against the organisation.
 */
export function readOrgChart(sheets: RawSheet[]): { rows: OrgChartRows; issues: ImportIssue[]; rowCount: number } {
  const rows: OrgChartRows = { units: [], positions: [], staff: [] };
  const rejected = { units: [] as string[], positions: [] as string[] };
  const issues: ImportIssue[] = [];
  const seen = new Map<SheetKind, string>();
  let rowCount = 0;
  for (const sheet of sheets) {
    const named = kindByName(sheet.name);
    const found = headerOf(sheet, named);
    const kind = named ?? found?.kind;
    const headerAt = found?.at ?? -1;
    const header = found ? sheet.rows[found.at] : undefined;
    if (!kind) {
      // A workbook may carry other sheets (instructions, lists); a CSV file must be one of ours.
      if (/\.csv$/i.test(sheet.name))
        issues.push({
          sheet: sheet.name,
          row: 0,
          column: '',
          text: {
            vi: 'Không nhận ra tệp: dòng tiêu đề phải có các cột của một trong các bảng Đơn vị, Vị trí việc làm, Cán bộ',
            en: 'File not recognised: its header row must have the columns of the Units, Job positions or Staff sheet',
          },
        });
      continue;
    }
    const layout = LAYOUT[kind];
    if (seen.has(kind)) {
      issues.push({
        sheet: sheet.name,
        row: 0,
        column: '',
        text: {
          vi: `Bảng ${layout.vi} xuất hiện hai lần (đã có trong ${seen.get(kind)})`,
          en: `The ${layout.en} sheet appears twice (also in ${seen.get(kind)})`,
        },
      });
      continue;
    }
    seen.set(kind, sheet.name);
    if (!header) {
      if (sheet.rows.some((r) => !isEmptyRow(r.cells)))
        issues.push({
          sheet: layout.vi,
          row: 0,
          column: '',
          text: {
            vi: `Không tìm thấy dòng tiêu đề của bảng ${layout.vi} trong ${TITLE_ROWS} dòng đầu`,
            en: `The header row of the ${layout.en} sheet is not among its first ${TITLE_ROWS} rows`,
          },
        });
      continue;
    }
    const at = columnIndexes(layout.columns, header.cells);
    const missing = layout.columns.filter((c, i) => c.required && at[i] < 0);
    for (const c of missing)
      issues.push({
        sheet: layout.vi,
        row: header.number,
        column: c.vi,
        text: { vi: `Thiếu cột "${c.vi}"`, en: `Column "${c.vi}" (${c.en}) is missing` },
      });
    if (missing.length) continue;
    for (const r of sheet.rows.slice(headerAt + 1)) {
      if (isEmptyRow(r.cells)) continue;
      // Past the limit nothing more is read: the import is refused as too large.
      if (++rowCount > MAX_IMPORT_ROWS) break;
      const values: Record<string, string> = {};
      let ok = true;
      const problem = (c: Column, text: Bilingual) => {
        issues.push({ sheet: layout.vi, row: r.number, column: c.vi, text });
        ok = false;
      };
      layout.columns.forEach((c, i) => {
        const v = at[i] >= 0 ? (r.cells[at[i]] ?? '').trim() : '';
        values[c.key] = v;
        if (v.length > MAX_CELL_LENGTH) {
          problem(c, { vi: `Ô dài quá ${MAX_CELL_LENGTH} ký tự`, en: `The cell is longer than ${MAX_CELL_LENGTH} characters` });
          values[c.key] = '';
          return;
        }
        if (c.required && !v) problem(c, { vi: `Chưa có ${c.vi.toLowerCase()}`, en: `${c.en} is missing` });
      });
      const column = (key: string) => layout.columns.find((c) => c.key === key)!;
      if (kind === 'units') {
        if (ok) rows.units.push({ row: r.number, code: values.code, name: values.name, parentCode: values.parentCode });
        else if (values.code) rejected.units.push(values.code);
      } else if (kind === 'positions') {
        const category = POSITION_CATEGORIES_BY_NAME.get(fold(values.category));
        if (values.category && !category)
          problem(column('category'), {
            vi: `Nhóm vị trí "${quote(values.category)}" không có trong danh sách: ${Object.values(POSITION_CATEGORY_NAMES)
              .map((n) => n[0])
              .join('; ')}`,
            en: `Position group "${quote(values.category)}" is not one of: ${Object.values(POSITION_CATEGORY_NAMES)
              .map((n) => n[0])
              .join('; ')}`,
          });
        const lead = fold(values.leadership);
        if (!YES.includes(lead) && !NO.includes(lead))
          problem(column('leadership'), { vi: 'Ghi "Có" hoặc "Không"', en: 'Write "Có" (yes) or "Không" (no)' });
        if (!ok && values.code) rejected.positions.push(values.code);
        if (ok)
          rows.positions.push({
            row: r.number,
            code: values.code,
            title: values.title,
            unitCode: values.unitCode,
            category: category!,
            leadership: YES.includes(lead) || (lead === '' && category === 'LEADERSHIP'),
            duties: values.duties,
          });
      } else {
        const category = OFFICIAL_CATEGORIES_BY_NAME.get(fold(values.category));
        if (values.category && !category)
          problem(column('category'), {
            vi: `Loại "${quote(values.category)}" không có trong danh sách: ${Object.values(OFFICIAL_CATEGORY_NAMES)
              .map((n) => n[0])
              .join('; ')}`,
            en: `Category "${quote(values.category)}" is not one of: ${Object.values(OFFICIAL_CATEGORY_NAMES)
              .map((n) => n[0])
              .join('; ')}`,
          });
        if (!values.staffCode && !values.email)
          problem(column('staffCode'), {
            vi: 'Cần mã cán bộ hoặc thư điện tử để nhận ra người này',
            en: 'A staff code or an email is needed to recognise this person',
          });
        const startDate = values.startDate ? readDate(values.startDate) : '';
        if (startDate === undefined)
          problem(column('startDate'), {
            vi: `Ngày "${quote(values.startDate)}" không hợp lệ; ghi theo dạng dd/mm/yyyy`,
            en: `Date "${quote(values.startDate)}" is not valid; write it as dd/mm/yyyy`,
          });
        if (ok)
          rows.staff.push({
            row: r.number,
            staffCode: values.staffCode,
            fullName: values.fullName,
            email: values.email,
            category: category!,
            unitCode: values.unitCode,
            positionCode: values.positionCode,
            startDate: startDate ?? '',
            idpSubject: values.idpSubject,
          });
      }
    }
  }
  if (rowCount > MAX_IMPORT_ROWS)
    issues.push({
      sheet: '',
      row: 0,
      column: '',
      text: {
        vi: `Các tệp có hơn ${MAX_IMPORT_ROWS} dòng, quá số dòng một lần nhập; hãy chia thành nhiều lần nhập`,
        en: `The files have more than ${MAX_IMPORT_ROWS} rows, more than one import takes; split them into several imports`,
      },
    });
  const repeats = [
    ...repeated(rows.units, 'units', 'code', (r) => r.code),
    ...repeated(rows.positions, 'positions', 'code', (r) => r.code),
    ...repeated(rows.staff, 'staff', 'staffCode', (r) => r.staffCode),
    ...repeated(rows.staff, 'staff', 'email', (r) => r.email.toLowerCase()),
    ...repeated(rows.staff, 'staff', 'idpSubject', (r) => r.idpSubject),
  ];
  issues.push(...repeats);
  // A repeated row is left out of the rest of the check: its problem is the repetition.
  const left = new Set(repeats.map((i) => `${i.sheet}/${i.row}`));
  const keep = (kind: SheetKind) => (r: { row: number }) => !left.has(`${LAYOUT[kind].vi}/${r.row}`);
  return {
    rows: {
      rejected,
      units: rows.units.filter(keep('units')),
      positions: rows.positions.filter(keep('positions')),
      staff: rows.staff.filter(keep('staff')),
    },
    issues,
    rowCount,
  };
}

/** A value that must be unique, repeated on a later row: the later rows are reported. */
function repeated<R extends { row: number }>(rows: R[], kind: SheetKind, key: string, value: (r: R) => string): ImportIssue[] {
  const layout = LAYOUT[kind];
  const c = layout.columns.find((x) => x.key === key)!;
  const first = new Map<string, number>();
  const out: ImportIssue[] = [];
  for (const r of rows) {
    const v = value(r);
    if (!v) continue;
    const at = first.get(v);
    if (at === undefined) first.set(v, r.row);
    else
      out.push({
        sheet: layout.vi,
        row: r.row,
        column: c.vi,
        text: { vi: `${c.vi} trùng với dòng ${at}`, en: `${c.en} repeats row ${at}` },
      });
  }
  return out;
}

/** The header row and the rows of a sheet to write, every cell as text, in the layout's order. */
export function sheetRows(kind: SheetKind, records: Record<string, string>[]): string[][] {
  const columns = LAYOUT[kind].columns;
  return [columns.map((c) => c.vi), ...records.map((r) => columns.map((c) => r[c.key] ?? ''))];
}

/** Sorts issues the way a person reads the files: sheet by sheet in the layout's order, row by row. */
export function sortIssues(issues: ImportIssue[]): ImportIssue[] {
  const order = (sheet: string) => {
    const i = SHEET_KINDS.findIndex((k) => LAYOUT[k].vi === sheet);
    return i < 0 ? -1 : i;
  };
  return [...issues].sort((a, b) => order(a.sheet) - order(b.sheet) || a.sheet.localeCompare(b.sheet) || a.row - b.row);
}
