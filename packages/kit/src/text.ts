/**
 * Vietnamese-aware search (docs/architecture.md, Search). A search key is the text in lower
 * case without diacritics, "đ" as "d", and every run of characters other than letters and
 * digits as one space: "Nguyễn Văn Đức" → "nguyen van duc", "CB-0001" → "cb 0001". Stores keep
 * the search document (the key after a leading space) beside the text they index, and a query
 * matches when each of its words starts a word of the document: "nguyen van a" finds
 * "Nguyễn Văn A" and "Nguyễn Văn Anh" but not "Nguyễn Văn Bảo".
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** What a store keeps to search a record by: its key after a space, so that every word follows one. */
export function searchDocument(text: string): string {
  return ` ${searchKey(text)}`;
}

/** The words of a search query as keys; every one must start a word of a match. At most eight, each at most 100 characters. */
export function searchTerms(query: string): string[] {
  return [...new Set(searchKey(query).split(' ').filter(Boolean))].slice(0, 8).map((t) => t.slice(0, 100));
}

/** LIKE patterns for the terms against a search document: each term at the start of a word. Terms hold only [a-z0-9]. */
export function likePatterns(terms: string[]): string[] {
  return terms.map((t) => `% ${t}%`);
}

/**
 * The sort key of a person's name: Vietnamese lists are ordered by given name (the last word),
 * then by the whole name, in Vietnamese alphabetical order (the store's collation).
 */
export function personSortName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  return `${words[words.length - 1]} ${words.join(' ')}`;
}
