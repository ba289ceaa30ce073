import { ValidationError } from '@thuocdo/kit';

/**
 * One list served by several services (each service's audit log), read as one list: every
 * source is asked for a page, the candidates are merged in order, and the next page token
 * remembers, for each source, the token of the page it was read from and how much of that page
 * was used. Pages from a source must hold enough candidates to be sure of the order, so a
 * source is asked for what it skips plus a page (and a merged page is at most MAX_MERGED_PAGE).
 */

export const MAX_MERGED_PAGE = 500;

export interface SourceCursor {
  /** The source's page token of the page being read ('' for the first). */
  token: string;
  /** Items of that page already handed out. */
  skip: number;
  /** The source has nothing more. */
  done: boolean;
}

export type MergeState = Record<string, SourceCursor>;

const badToken = () =>
  new ValidationError('page_token', {
    vi: 'page_token không hợp lệ; hãy bắt đầu lại từ trang đầu',
    en: 'page_token is invalid; start again from the first page',
  });

export function startState(sources: string[]): MergeState {
  return Object.fromEntries(sources.map((s) => [s, { token: '', skip: 0, done: false }]));
}

export function decodeMergeToken(token: string, sources: string[]): MergeState {
  if (!token) return startState(sources);
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badToken();
  }
  const ok =
    state !== null &&
    typeof state === 'object' &&
    sources.every((s) => {
      const c = (state as Record<string, SourceCursor>)[s];
      return (
        c &&
        typeof c.token === 'string' &&
        c.token.length < 2000 &&
        Number.isInteger(c.skip) &&
        c.skip >= 0 &&
        c.skip < MAX_MERGED_PAGE * 2 &&
        typeof c.done === 'boolean'
      );
    });
  if (!ok) throw badToken();
  return state as MergeState;
}

export const encodeMergeToken = (state: MergeState) =>
  Object.values(state).every((c) => c.done) ? '' : Buffer.from(JSON.stringify(state)).toString('base64url');

/** What one source answered for the page asked of it. */
export interface SourcePage<T> {
  source: string;
  /** The whole page as the source answered it (the skipped items included). */
  items: T[];
  nextToken: string;
}

/** Merges the sources' pages: the first `size` candidates in order, and the state after them. */
export function mergePages<T>(state: MergeState, pages: SourcePage<T>[], size: number, order: (a: T, b: T) => number) {
  const candidates: { source: string; item: T }[] = [];
  for (const p of pages) for (const item of p.items.slice(state[p.source].skip)) candidates.push({ source: p.source, item });
  candidates.sort((a, b) => order(a.item, b.item) || a.source.localeCompare(b.source));
  const taken = candidates.slice(0, size);
  const next: MergeState = { ...state };
  for (const p of pages) {
    const used = state[p.source].skip + taken.filter((t) => t.source === p.source).length;
    next[p.source] =
      used < p.items.length
        ? { token: state[p.source].token, skip: used, done: false }
        : p.nextToken
          ? { token: p.nextToken, skip: 0, done: false }
          : { token: '', skip: 0, done: true };
  }
  return { items: taken.map((t) => t.item), next };
}
