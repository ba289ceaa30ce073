import { type Actor, asDomainError, type Bilingual, PermissionDeniedError, parseHundredths } from '@thuocdo/kit';
import {
  type Column,
  columnIndexes,
  fold,
  type ImportIssue,
  isEmptyRow,
  lookup,
  quote,
  type RawSheet,
  readDate,
  writeDate,
} from '@thuocdo/sheets';
import type { ConversionScale } from './conversion';
import {
  type CatalogEvent,
  createWorkItem,
  mayApprove,
  POSITION_CATEGORIES,
  type PositionCategory,
  parseCode,
  parseFields,
  WORK_ITEM_GROUPS,
  type WorkItem,
  type WorkItemGroup,
} from './work-item';

// ---------------------------------------------------------------------------------------------
// The catalog as a KPI working group keeps it: one sheet "Danh mục", a row per work item. Import
// reads it and export writes it, so both follow this one layout. Headers and list values are
// matched without case or diacritics, in Vietnamese or English. Every row is checked; the file
// is imported whole or not at all.

export const SHEET_NAME = 'Danh mục';

export const COLUMNS = [
  { key: 'code', vi: 'Mã', en: 'Code', required: true, width: 10 },
  { key: 'group', vi: 'Nhóm', en: 'Group', required: true, width: 8 },
  { key: 'sector', vi: 'Lĩnh vực', en: 'Sector', width: 26 },
  { key: 'name', vi: 'Tên đầu công việc', en: 'Work item', required: true, width: 48 },
  { key: 'product', vi: 'Sản phẩm', en: 'Product', width: 36 },
  { key: 'productUnit', vi: 'Đơn vị tính', en: 'Product unit', required: true, width: 14 },
  { key: 'standardMinutes', vi: 'Thời gian chuẩn (phút)', en: 'Standard minutes', required: true, width: 12 },
  { key: 'complexityGroup', vi: 'Nhóm độ phức tạp', en: 'Complexity group', width: 10 },
  { key: 'difficultyMin', vi: 'Hệ số khó tối thiểu', en: 'Difficulty min', width: 10 },
  { key: 'difficultyMax', vi: 'Hệ số khó tối đa', en: 'Difficulty max', width: 10 },
  { key: 'urgencyMin', vi: 'Hệ số gấp tối thiểu', en: 'Urgency min', width: 10 },
  { key: 'urgencyMax', vi: 'Hệ số gấp tối đa', en: 'Urgency max', width: 10 },
  { key: 'positions', vi: 'Vị trí áp dụng', en: 'Job positions', width: 30 },
  { key: 'agencyCode', vi: 'Mã cơ quan', en: 'Agency code', width: 10 },
  { key: 'effectiveFrom', vi: 'Hiệu lực từ', en: 'Effective from', width: 12 },
  // Written by export for the reader; import ignores them.
  { key: 'status', vi: 'Trạng thái', en: 'Status', width: 12 },
  { key: 'revision', vi: 'Phiên bản', en: 'Revision', width: 8 },
] as const satisfies readonly Column[];

type Key = (typeof COLUMNS)[number]['key'];

/** The request fields of the domain's checks and the column their problems belong to. */
const COLUMN_OF_FIELD: Record<string, Key> = {
  code: 'code',
  group: 'group',
  sector: 'sector',
  name: 'name',
  product: 'product',
  product_unit: 'productUnit',
  standard_minutes: 'standardMinutes',
  complexity_group: 'complexityGroup',
  'difficulty.min_hundredths': 'difficultyMin',
  'difficulty.max_hundredths': 'difficultyMax',
  difficulty: 'difficultyMin',
  'urgency.min_hundredths': 'urgencyMin',
  'urgency.max_hundredths': 'urgencyMax',
  urgency: 'urgencyMin',
  agency_id: 'agencyCode',
  effective_from: 'effectiveFrom',
};

/** Names of the position categories: the first is the one export writes; import reads any. */
export const POSITION_CATEGORY_NAMES: Record<PositionCategory, string[]> = {
  LEADERSHIP: ['Lãnh đạo, quản lý', 'Lãnh đạo quản lý', 'Lãnh đạo', 'Leadership'],
  SPECIALIST: ['Chuyên môn, nghiệp vụ', 'Chuyên ngành', 'Chuyên môn chuyên ngành', 'Specialist'],
  SHARED_SPECIALIST: ['Chuyên môn dùng chung', 'Dùng chung', 'Shared specialist'],
  SUPPORT: ['Hỗ trợ, phục vụ', 'Hỗ trợ phục vụ', 'Support'],
};
const CATEGORY_BY_NAME = lookup(POSITION_CATEGORY_NAMES);
const ALL_POSITIONS = new Set(['tat ca', 'all', '']);

/** The status as export writes it. */
export const STATUS_NAMES = { DRAFT: 'Dự thảo', SUBMITTED: 'Chờ duyệt', PUBLISHED: 'Đang áp dụng', RETIRED: 'Ngừng áp dụng' } as const;

/** At most this many rows: one import stays one transaction of bounded size. */
export const MAX_CATALOG_ROWS = 5000;

/** A row as read, before the catalog is consulted. */
export interface CatalogRow {
  row: number;
  values: Record<Key, string>;
}

const issue = (row: number, column: Key | '', text: Bilingual): ImportIssue => ({
  sheet: SHEET_NAME,
  row,
  column: column ? COLUMNS.find((c) => c.key === column)!.vi : '',
  text,
});

/** The sheet of the catalog in a workbook: the one named "Danh mục" (or "Catalog"), else the first whose header names a code and a name. */
function findSheet(sheets: RawSheet[]): { sheet: RawSheet; headerAt: number; at: number[] } | undefined {
  const named = sheets.filter((s) => ['danh muc', 'catalog', 'danh muc dau cong viec'].includes(fold(s.name.replace(/\.[^.]*$/, ''))));
  for (const sheet of [...named, ...sheets.filter((s) => !named.includes(s))])
    for (let headerAt = 0; headerAt < Math.min(10, sheet.rows.length); headerAt++) {
      const at = columnIndexes(COLUMNS, sheet.rows[headerAt].cells);
      if (at[0] >= 0 && at[3] >= 0) return { sheet, headerAt, at };
    }
  return undefined;
}

/** Reads the catalog's rows and reports what is wrong with the layout (a missing sheet or column, too many rows). */
export function readCatalogSheet(sheets: RawSheet[]): { rows: CatalogRow[]; issues: ImportIssue[] } {
  const found = findSheet(sheets);
  if (!found)
    return {
      rows: [],
      issues: [
        issue(0, '', {
          vi: 'Không tìm thấy trang "Danh mục" có dòng tiêu đề với cột "Mã" và "Tên đầu công việc"',
          en: 'No sheet "Danh mục" with a header row naming the columns "Mã" (code) and "Tên đầu công việc" (work item)',
        }),
      ],
    };
  const { sheet, headerAt, at } = found;
  const issues: ImportIssue[] = [];
  COLUMNS.forEach((c, i) => {
    if ('required' in c && c.required && at[i] < 0)
      issues.push(
        issue(sheet.rows[headerAt].number, c.key, { vi: `Thiếu cột "${c.vi}"`, en: `The column "${c.vi}" (${c.en}) is missing` }),
      );
  });
  const rows: CatalogRow[] = [];
  for (const r of sheet.rows.slice(headerAt + 1)) {
    if (isEmptyRow(r.cells)) continue;
    const values = Object.fromEntries(COLUMNS.map((c, i) => [c.key, at[i] >= 0 ? (r.cells[at[i]] ?? '').trim() : ''])) as Record<
      Key,
      string
    >;
    rows.push({ row: r.number, values });
  }
  if (rows.length > MAX_CATALOG_ROWS)
    issues.push(
      issue(0, '', {
        vi: `Tệp có ${rows.length} dòng; mỗi lần nhập tối đa ${MAX_CATALOG_ROWS} dòng`,
        en: `The file has ${rows.length} rows; an import takes at most ${MAX_CATALOG_ROWS}`,
      }),
    );
  if (!rows.length && !issues.length) issues.push(issue(0, '', { vi: 'Tệp không có dòng dữ liệu nào', en: 'The file has no data rows' }));
  return { rows, issues };
}

/** A coefficient as written ("0,8", "1.25", "1"), in hundredths; 0 when empty. */
function coefficient(text: string): number | undefined {
  if (!text) return 0;
  return parseHundredths(text.replace(',', '.'));
}

const GROUP_BY_NAME = new Map<string, WorkItemGroup>(
  WORK_ITEM_GROUPS.flatMap(
    (g) =>
      [
        [fold(g), g],
        [fold(`Nhóm ${g}`), g],
      ] as [string, WorkItemGroup][],
  ),
);

export interface ImportContext {
  /** Codes the tenant's catalog already has. */
  existingCodes: ReadonlySet<string>;
  scale: ConversionScale | null;
  /** Publish at once instead of adding drafts. */
  publish: boolean;
  /** When published items take effect unless a row says. */
  effectiveFrom: string;
}

export interface ImportPlan {
  items: WorkItem[];
  events: CatalogEvent[];
  issues: ImportIssue[];
  groupCounts: Record<WorkItemGroup, number>;
}

/**
 * Checks every row against the catalog and the caller's reach and builds the items: drafts, or
 * published revisions in force from their date when the caller may approve every one of them.
 * Codes repeated in the file or already in the catalog are refused.
 */
export function planCatalogImport(rows: CatalogRow[], ctx: ImportContext, actor: Actor): ImportPlan {
  const issues: ImportIssue[] = [];
  const items: WorkItem[] = [];
  const events: CatalogEvent[] = [];
  const groupCounts: Record<WorkItemGroup, number> = { A: 0, B: 0, C: 0, D: 0 };
  const firstRowOf = new Map<string, number>();
  for (const { row, values: v } of rows) {
    const problem = (column: Key | '', text: Bilingual) => issues.push(issue(row, column, text));
    try {
      const code = parseCode(v.code);
      const earlier = firstRowOf.get(code.toUpperCase());
      if (earlier !== undefined) {
        problem('code', { vi: `Mã ${code} trùng với dòng ${earlier}`, en: `Code ${code} repeats row ${earlier}` });
        continue;
      }
      firstRowOf.set(code.toUpperCase(), row);
      if (ctx.existingCodes.has(code)) {
        problem('code', { vi: `Mã ${code} đã có trong danh mục`, en: `Code ${code} is already in the catalog` });
        continue;
      }
      const group = GROUP_BY_NAME.get(fold(v.group));
      if (!group) {
        problem('group', { vi: `Nhóm "${quote(v.group)}" không phải A, B, C hay D`, en: `Group "${quote(v.group)}" is not A, B, C or D` });
        continue;
      }
      const categories = positionsOf(v.positions);
      if (!categories) {
        problem('positions', {
          vi: `Vị trí áp dụng "${quote(v.positions)}" không hợp lệ; dùng: ${Object.values(POSITION_CATEGORY_NAMES)
            .map((n) => n[0])
            .join('; ')} hoặc để trống`,
          en: `Job positions "${quote(v.positions)}" are not known; use: ${Object.values(POSITION_CATEGORY_NAMES)
            .map((n) => n[0])
            .join('; ')} or leave empty`,
        });
        continue;
      }
      const agency = v.agencyCode ? actor.directory.agencyByCode(actor.principal.tenantId, v.agencyCode) : undefined;
      if (v.agencyCode && !agency) {
        problem('agencyCode', { vi: `Không có cơ quan mã ${quote(v.agencyCode)}`, en: `No agency has the code ${quote(v.agencyCode)}` });
        continue;
      }
      const minutes = /^\d+$/.test(v.standardMinutes) ? Number(v.standardMinutes) : Number.NaN;
      const ranges = [v.difficultyMin, v.difficultyMax, v.urgencyMin, v.urgencyMax].map(coefficient);
      const bad = ranges.findIndex((x) => x === undefined);
      if (bad >= 0) {
        const key = (['difficultyMin', 'difficultyMax', 'urgencyMin', 'urgencyMax'] as const)[bad];
        problem(key, {
          vi: 'Hệ số phải là số, tối đa 2 chữ số thập phân (ví dụ 0,8)',
          en: 'A coefficient is a number with at most two decimals (for example 0.8)',
        });
        continue;
      }
      const [dMin, dMax, uMin, uMax] = ranges as number[];
      const effectiveFrom = v.effectiveFrom ? readDate(v.effectiveFrom) : ctx.effectiveFrom;
      if (effectiveFrom === undefined) {
        problem('effectiveFrom', { vi: 'Ngày hiệu lực phải dạng dd/mm/yyyy', en: 'The effective date is written dd/mm/yyyy' });
        continue;
      }
      const fields = parseFields({
        name: v.name,
        group,
        sector: v.sector,
        product: v.product,
        productUnit: v.productUnit,
        standardMinutes: minutes,
        complexityGroup: v.complexityGroup.toUpperCase(),
        difficulty: { minHundredths: dMin || (dMax ? 100 : 0), maxHundredths: dMax || (dMin ? 100 : 0) },
        urgency: { minHundredths: uMin || (uMax ? 100 : 0), maxHundredths: uMax || (uMin ? 100 : 0) },
        positionCategories: categories,
        agencyId: agency?.id ?? '',
        effectiveFrom,
      });
      const d = createWorkItem(code, fields, { scale: ctx.scale }, actor);
      let item = d.entity;
      if (ctx.publish) {
        if (!mayApprove(actor, fields)) throw new PermissionDeniedError();
        item = { ...item, status: 'PUBLISHED', publishedRevision: 1, approved: { by: actor.principal.subject, at: actor.now } };
      }
      items.push(item);
      events.push({ kind: 'WorkItemChanged', workItem: item, published: ctx.publish ? item : null });
      groupCounts[group]++;
    } catch (err) {
      // A row beyond the caller's reach is not a mistake in the file: the whole import is refused.
      if (err instanceof PermissionDeniedError) throw outOfReach(row, ctx.publish);
      const e = asDomainError(err);
      problem(COLUMN_OF_FIELD[e.field ?? ''] ?? '', e.text);
    }
  }
  return { items, events, issues, groupCounts };
}

const outOfReach = (row: number, publish: boolean) =>
  new PermissionDeniedError({
    vi: `Dòng ${row}: bạn không có quyền ${publish ? 'ban hành' : 'thêm'} đầu việc này (nhóm A, B, D: quản trị danh mục của tỉnh; nhóm C: cơ quan của bạn${publish ? ', do thủ trưởng duyệt' : ''})`,
    en: `Row ${row}: you may not ${publish ? 'publish' : 'add'} this item (groups A, B, D: the province's catalog administrators; group C: your own agency${publish ? ', approved by its head' : ''})`,
  });

/** Position categories from "Lãnh đạo, quản lý; Chuyên môn dùng chung"; empty or "Tất cả" is every position. */
function positionsOf(text: string): PositionCategory[] | undefined {
  if (ALL_POSITIONS.has(fold(text))) return [];
  // Names may hold commas ("Lãnh đạo, quản lý"): split on semicolons and line breaks first, then try commas.
  const parts = text
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: PositionCategory[] = [];
  for (const part of parts) {
    const whole = CATEGORY_BY_NAME.get(fold(part));
    if (whole) {
      out.push(whole);
      continue;
    }
    for (const piece of part
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const c = CATEGORY_BY_NAME.get(fold(piece));
      if (!c) return undefined;
      out.push(c);
    }
  }
  return out.filter((c) => POSITION_CATEGORIES.includes(c));
}

/** The catalog's rows as a sheet to write: the header, then an item per row. */
export function catalogSheetRows(items: WorkItem[], agencyCode: (id: string) => string): string[][] {
  const fmt = (h: number) => (h / 100).toFixed(2).replace('.', ',');
  return [
    COLUMNS.map((c) => c.vi),
    ...items.map((w) => {
      const v: Record<Key, string> = {
        code: w.code,
        group: w.group,
        sector: w.sector,
        name: w.name,
        product: w.product,
        productUnit: w.productUnit,
        standardMinutes: String(w.standardMinutes),
        complexityGroup: w.complexityGroup,
        difficultyMin: fmt(w.difficulty.min),
        difficultyMax: fmt(w.difficulty.max),
        urgencyMin: fmt(w.urgency.min),
        urgencyMax: fmt(w.urgency.max),
        positions: w.positionCategories.map((c) => POSITION_CATEGORY_NAMES[c][0]).join('; '),
        agencyCode: w.agencyId ? agencyCode(w.agencyId) : '',
        effectiveFrom: writeDate(w.effectiveFrom),
        status: STATUS_NAMES[w.status],
        revision: String(w.revision),
      };
      return COLUMNS.map((c) => v[c.key]);
    }),
  ];
}
