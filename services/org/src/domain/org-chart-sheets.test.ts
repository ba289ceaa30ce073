import type { RawSheet } from '@thuocdo/sheets';
import { readOrgChart, sortIssues } from './org-chart-sheets';

const sheet = (name: string, rows: string[][]): RawSheet => ({ name, rows: rows.map((cells, i) => ({ number: i + 1, cells })) });

describe('org chart sheets', () => {
  it('needs a staff code or an email to recognise a person', () => {
    const { issues, rows } = readOrgChart([
      sheet('Cán bộ', [
        ['Mã cán bộ', 'Họ và tên', 'Thư điện tử', 'Loại', 'Mã đơn vị'],
        ['', 'Lê Thị Hoa', 'hoa@example.gov.vn', 'Công chức', 'VP'],
        ['', 'Trần Văn Bình', '', 'Công chức', 'VP'],
      ]),
    ]);
    expect(issues.map((i) => [i.row, i.column, i.text.en])).toEqual([
      [3, 'Mã cán bộ', 'A staff code or an email is needed to recognise this person'],
    ]);
    expect(rows.staff.map((r) => r.fullName)).toEqual(['Lê Thị Hoa']);
  });

  it('finds sheets by name or by header, with headers and list values in any case, with or without diacritics, or in English', () => {
    const { rows, issues, rowCount } = readOrgChart([
      sheet('don vi', [
        ['MA DON VI', 'ten don vi'],
        ['VP', 'Văn phòng'],
      ]),
      sheet('positions.csv', [
        ['Position code', 'Position title', 'Unit code', 'Position group'],
        ['CV', 'Chuyên viên', 'VP', 'chuyen mon, nghiep vu'],
      ]),
      sheet('Sheet3', [[], ['Mã cán bộ', 'Họ và tên', 'Loại', 'Mã đơn vị'], ['A1', 'Nguyễn  Văn A', 'VIEN CHUC', 'VP'], ['', '', '', '']]),
    ]);
    expect(issues).toEqual([]);
    expect(rowCount).toBe(3);
    expect(rows.units).toEqual([{ row: 2, code: 'VP', name: 'Văn phòng', parentCode: '' }]);
    expect(rows.positions[0]).toMatchObject({ code: 'CV', category: 'SPECIALIST', leadership: false });
    expect(rows.staff[0]).toMatchObject({ row: 3, staffCode: 'A1', category: 'PUBLIC_EMPLOYEE', startDate: '' });
  });

  it('reports missing columns, unknown CSV files, repeated sheets and values outside the lists, each where it is', () => {
    const { issues, rows } = readOrgChart([
      sheet('Cán bộ', [['Mã cán bộ', 'Họ và tên', 'Loại']]),
      sheet('ghi-chu.csv', [['Ghi chú'], ['x']]),
      sheet('Đơn vị', [['Mã đơn vị', 'Tên đơn vị']]),
      sheet('units.csv', [['Mã đơn vị', 'Tên đơn vị']]),
      sheet('Vị trí việc làm', [
        ['Mã vị trí', 'Tên vị trí', 'Mã đơn vị', 'Nhóm vị trí', 'Lãnh đạo'],
        ['TP', 'Trưởng phòng', 'VP', 'Lãnh đạo, quản lý', ''],
        ['PP', 'Phó phòng', 'VP', 'Quản lý', 'Có'],
        ['CV', 'Chuyên viên', 'VP', 'Hỗ trợ, phục vụ', 'có lẽ'],
        ['TP', 'Trưởng phòng', 'VP', 'Lãnh đạo, quản lý', 'x'],
      ]),
    ]);
    expect(sortIssues(issues).map((i) => [i.sheet, i.row, i.column])).toEqual([
      ['ghi-chu.csv', 0, ''],
      ['units.csv', 0, ''],
      ['Vị trí việc làm', 3, 'Nhóm vị trí'],
      ['Vị trí việc làm', 4, 'Lãnh đạo'],
      ['Vị trí việc làm', 5, 'Mã vị trí'],
      ['Cán bộ', 1, 'Mã đơn vị'],
    ]);
    // A leadership position needs no "Có"; a repeated row is left out of the rest of the check.
    expect(rows.positions.map((p) => [p.code, p.leadership])).toEqual([['TP', true]]);
  });
});
