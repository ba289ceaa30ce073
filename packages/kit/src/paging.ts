import { createHash } from 'node:crypto';
import { ValidationError } from './errors';

/** Every list call: 50 items unless asked otherwise, never more than 1,000 (docs/architecture.md, Lists). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** A page as the domain sees it: how many, and after which item (the key of the last one seen). */
export interface Page<Cursor> {
  size: number;
  after: Cursor | null;
}

export interface PageFields {
  pageSize: number;
  pageToken: string;
}

const badToken = () =>
  new ValidationError('page_token', {
    vi: 'page_token không hợp lệ hoặc không thuộc bộ lọc này; hãy bắt đầu lại từ trang đầu',
    en: 'page_token is invalid or belongs to other filters; start again from the first page',
  });

/** Binds a token to the filters it was issued for, so that changing a filter mid-way starts over. */
const fingerprint = (filters: unknown) => createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);

/**
 * Reads page_size and page_token. The token is opaque to callers: the cursor of the last item
 * and a fingerprint of the filters, base64url-encoded. `isCursor` checks the decoded cursor's shape.
 */
export function readPage<Cursor>(req: PageFields, filters: unknown, isCursor: (c: unknown) => c is Cursor): Page<Cursor> {
  const size = req.pageSize === 0 ? DEFAULT_PAGE_SIZE : req.pageSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw new ValidationError('page_size', {
      vi: `page_size phải từ 1 đến ${MAX_PAGE_SIZE} (0 nghĩa là ${DEFAULT_PAGE_SIZE})`,
      en: `page_size must be from 1 to ${MAX_PAGE_SIZE} (0 means ${DEFAULT_PAGE_SIZE})`,
    });
  if (!req.pageToken) return { size, after: null };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(req.pageToken, 'base64url').toString('utf8'));
  } catch {
    throw badToken();
  }
  const t = decoded as { c?: unknown; f?: unknown } | null;
  if (!t || typeof t !== 'object' || t.f !== fingerprint(filters) || !isCursor(t.c)) throw badToken();
  return { size, after: t.c };
}

/** The token for the page after `last`; empty when there is none. */
export function pageToken<Cursor>(last: Cursor | undefined, filters: unknown): string {
  if (last === undefined) return '';
  return Buffer.from(JSON.stringify({ c: last, f: fingerprint(filters) })).toString('base64url');
}

/**
 * Cuts the extra row a store fetched (size + 1) and returns the items with the token of the
 * next page: `cursorOf` gives the key of an item.
 */
export function toPage<T, Cursor>(
  rows: T[],
  page: Page<Cursor>,
  filters: unknown,
  cursorOf: (item: T) => Cursor,
): { items: T[]; nextPageToken: string } {
  const items = rows.slice(0, page.size);
  const more = rows.length > page.size;
  return { items, nextPageToken: more ? pageToken(cursorOf(items[items.length - 1]), filters) : '' };
}

export const isString = (c: unknown): c is string => typeof c === 'string' && c.length > 0 && c.length <= 400;
/** A cursor of strings, such as [sort key, id]. */
export const isStringTuple =
  (n: number) =>
  (c: unknown): c is string[] =>
    Array.isArray(c) && c.length === n && c.every((x) => typeof x === 'string' && x.length <= 400);
