import { columnIndexes, fold, lookup, readDate, writeDate } from './cells';

describe('spreadsheet cells', () => {
  it('reads dates as Vietnamese offices write them, and refuses days that do not exist', () => {
    expect(['01/07/2025', '1/7/2025', '01.07.2025', '2025-07-01'].map(readDate)).toEqual(Array(4).fill('2025-07-01'));
    expect(['31/02/2026', '2026-13-01', '07/2025', 'hôm nay'].map(readDate)).toEqual(Array(4).fill(undefined));
    expect(writeDate('2025-07-01')).toBe('01/07/2025');
  });
  it('finds columns by their Vietnamese or English header, in any case, with or without diacritics', () => {
    const columns = [
      { key: 'code', vi: 'Mã', en: 'Code', width: 8 },
      { key: 'name', vi: 'Tên đầu việc', en: 'Item name', width: 30 },
      { key: 'note', vi: 'Ghi chú', en: 'Note', width: 20 },
    ];
    expect(columnIndexes(columns, ['ITEM NAME', 'ma', ''])).toEqual([1, 0, -1]);
  });

  it('looks list values up by any of their names', () => {
    const byName = lookup({ YES: ['Có', 'x'], NO: ['Không'] });
    expect(['co', 'X', 'KHÔNG', 'yes'].map((v) => byName.get(fold(v)))).toEqual(['YES', 'YES', 'NO', 'YES']);
  });
});
