import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { daysBetween, todayInVietnam } from './time';
import { check } from './validate';

describe('check', () => {
  it('requires non-blank values and names the field', () => {
    expect(fieldOf(() => check.required('name', '   '))).toBe('name');
    expect(check.required('name', '  Sở Nội vụ ')).toBe('Sở Nội vụ');
  });

  it('accepts only calendar dates that exist', () => {
    expect(check.date('work_date', '2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', '01/02/2025', '', '2025-04-31'])
      expect(fieldOf(() => check.date('work_date', bad))).toBe('work_date');
  });

  it('checks integer ranges', () => {
    expect(check.intRange('minutes', 480, 1, 1440)).toBe(480);
    for (const bad of [0, 1441, 1.5, Number.NaN]) expect(fieldOf(() => check.intRange('minutes', bad, 1, 1440))).toBe('minutes');
  });

  it('checks uuids and lower-cases them', () => {
    expect(check.uuid('id', '0190F3A2-1111-7AAA-8BBB-123456789ABC')).toBe('0190f3a2-1111-7aaa-8bbb-123456789abc');
    expect(fieldOf(() => check.uuid('id', 'not-a-uuid'))).toBe('id');
  });

  it('counts length in characters, not UTF-16 units', () => {
    expect(check.maxLength('note', '𝓥'.repeat(3), 3)).toHaveLength(6);
    expect(fieldOf(() => check.maxLength('note', 'ệ'.repeat(4), 3))).toBe('note');
  });

  it('refuses control characters but keeps line breaks', () => {
    expect(fieldOf(() => check.maxLength('note', 'a\u0000b', 10))).toBe('note');
    expect(fieldOf(() => check.name('name', 'Sở\u001bNội vụ'))).toBe('name');
    expect(check.maxLength('note', 'dòng 1\ndòng 2\tx', 20)).toBe('dòng 1\ndòng 2\tx');
  });

  it('checks exact decimals within a range', () => {
    expect(check.decimal('q', '1.5', { min: 0, max: 1000, aboveMin: true })).toBe(150);
    for (const bad of ['0', '0.00', '-1', '10.01', '1.234', '', 'one'])
      expect(fieldOf(() => check.decimal('q', bad, { min: 0, max: 1000, aboveMin: true }))).toBe('q');
    expect(check.decimal('q', '0', { min: 0, max: 1000 })).toBe(0);
  });

  it('checks codes and emails', () => {
    expect(check.code('code', 'B.01')).toBe('B.01');
    expect(fieldOf(() => check.code('code', 'có dấu'))).toBe('code');
    expect(fieldOf(() => check.email('email', 'a@b'))).toBe('email');
    expect(check.email('email', ' lan@snv.khanhhoa.gov.vn ')).toBe('lan@snv.khanhhoa.gov.vn');
  });
});

describe('todayInVietnam', () => {
  it('turns the date at 17:00 UTC, midnight in Hà Nội', () => {
    expect(todayInVietnam(new Date('2026-03-31T16:59:59Z'))).toBe('2026-03-31');
    expect(todayInVietnam(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
  });

  it('measures days between dates', () => {
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});
