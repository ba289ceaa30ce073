import { ValidationError } from './errors';
import { DEFAULT_PAGE_SIZE, isString, isStringTuple, MAX_PAGE_SIZE, pageToken, readPage, toPage } from './paging';

const filters = { agencyId: 'a1' };

describe('paging', () => {
  it('defaults and bounds the page size', () => {
    expect(readPage({ pageSize: 0, pageToken: '' }, filters, isString)).toEqual({ size: DEFAULT_PAGE_SIZE, after: null });
    expect(readPage({ pageSize: MAX_PAGE_SIZE, pageToken: '' }, filters, isString).size).toBe(MAX_PAGE_SIZE);
    for (const bad of [-1, MAX_PAGE_SIZE + 1, 2.5])
      expect(() => readPage({ pageSize: bad, pageToken: '' }, filters, isString)).toThrow(ValidationError);
  });

  it('round-trips a cursor for the same filters only', () => {
    const token = pageToken(['Nguyễn Văn An', 'id-1'], filters);
    expect(readPage({ pageSize: 10, pageToken: token }, filters, isStringTuple(2)).after).toEqual(['Nguyễn Văn An', 'id-1']);
    expect(() => readPage({ pageSize: 10, pageToken: token }, { agencyId: 'a2' }, isStringTuple(2))).toThrow(ValidationError);
  });

  it('refuses tokens that were not issued or were altered', () => {
    const token = pageToken('B.01', filters);
    const forged = Buffer.from(JSON.stringify({ c: 'B.99', f: 'x' })).toString('base64url');
    for (const bad of ['not base64!', 'e30', forged, Buffer.from('{"c":5,"f":"x"}').toString('base64url')])
      expect(() => readPage({ pageSize: 10, pageToken: bad }, filters, isString)).toThrow(ValidationError);
    expect(() => readPage({ pageSize: 10, pageToken: token }, filters, isStringTuple(2))).toThrow(ValidationError);
  });

  it('cuts the extra row and hands out the next token only when there is more', () => {
    const page = { size: 2, after: null };
    expect(toPage(['a', 'b'], page, filters, (x) => x)).toEqual({ items: ['a', 'b'], nextPageToken: '' });
    const more = toPage(['a', 'b', 'c'], page, filters, (x) => x);
    expect(more.items).toEqual(['a', 'b']);
    expect(readPage({ pageSize: 2, pageToken: more.nextPageToken }, filters, isString).after).toBe('b');
  });
});
