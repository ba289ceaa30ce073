import { type Bilingual, searchKey } from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// What every spreadsheet layout of the platform shares: sheets read as text, problems reported
// by sheet, row and column in Vietnamese and English, headers and list values matched without
// case or diacritics, and dates as Vietnamese offices write them.

/** A sheet as read from a file: every cell as text, each row with its number in the spreadsheet. */
export interface RawSheet {
  /** The workbook's sheet name, or the CSV file's name. */
  name: string;
  rows: { number: number; cells: string[] }[];
}

/** A problem in an import, where it is and what is wrong. `row` 0 is the whole sheet or file. */
export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  text: Bilingual;
}

/** A column of a layout: its header in Vietnamese (what export writes) and English (also read). */
export interface Column {
  key: string;
  vi: string;
  en: string;
  required?: boolean;
  /** Width in characters when exported. */
  width: number;
}

/** Text as headers and list values are compared: lower case, no diacritics, single spaces. */
export const fold = (s: string) => searchKey(s);

/** Where each column is in a header row (-1 when absent), by its Vietnamese or English name. */
export function columnIndexes(columns: readonly Column[], header: string[]): number[] {
  const folded = header.map(fold);
  return columns.map((c) => folded.findIndex((h) => h === fold(c.vi) || h === fold(c.en)));
}

/** A lookup of a list's values by any of their names (and the value itself), folded. */
export function lookup<K extends string>(names: Record<K, string[]>): Map<string, K> {
  const m = new Map<string, K>();
  for (const [k, vs] of Object.entries(names) as [K, string[]][]) for (const v of [k, ...vs]) m.set(fold(v), k);
  return m;
}

export const isEmptyRow = (cells: string[]) => cells.every((c) => c.trim() === '');

/** A value as a message quotes it: its start only. */
export const quote = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** "dd/mm/yyyy", "d/m/yyyy" or "yyyy-mm-dd" as "YYYY-MM-DD"; undefined when it is not a date that exists. */
export function readDate(text: string): string | undefined {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (vn) [d, m, y] = [+vn[1], +vn[2], +vn[3]];
  else if (iso) [y, m, d] = [+iso[1], +iso[2], +iso[3]];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" as Vietnamese offices write it. */
export const writeDate = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
