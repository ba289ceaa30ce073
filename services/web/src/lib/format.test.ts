import { afterEach, describe, expect, it } from 'vitest';
import { addDays, formatDate, formatDateTime, formatDuration, formatNumber, todayInVietnam } from './format';
import { setLanguage } from './i18n';

describe('formats', () => {
  afterEach(() => setLanguage('vi'));

  it('writes dates as dd/MM/yyyy and moments in Viet Nam time', () => {
    expect(formatDate('2026-11-20')).toBe('20/11/2026');
    expect(formatDate('')).toBe('');
    expect(formatDateTime('2026-11-20T17:05:00Z')).toBe('21/11/2026 00:05');
  });

  it('writes numbers the Vietnamese way, or the English way when asked', () => {
    setLanguage('vi');
    expect(formatNumber(1234567.25, 1)).toBe('1.234.567,3');
    setLanguage('en');
    expect(formatNumber(1234567.25, 1)).toBe('1,234,567.3');
  });

  it('takes today in Asia/Ho_Chi_Minh, a day ahead of UTC after 17:00 UTC', () => {
    expect(todayInVietnam(new Date('2026-12-31T16:59:59Z'))).toBe('2026-12-31');
    expect(todayInVietnam(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('writes minutes as hours and minutes', () => {
    expect([formatDuration(480), formatDuration(390), formatDuration(45), formatDuration(0)]).toEqual([
      '8 giờ',
      '6 giờ 30 phút',
      '45 phút',
      '0 phút',
    ]);
    setLanguage('en');
    expect(formatDuration(545)).toBe('9 h 5 min');
  });
});
