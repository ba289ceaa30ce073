import i18n from './i18n';

/** "2026-11-20" → "20/11/2026": dates as people in Viet Nam write them (dd/MM/yyyy). */
export function formatDate(date: string | undefined | null): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/** A moment as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/** Numbers the Vietnamese way (1.234,5) or the English way, as the app's language says. */
export function formatNumber(n: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

/** Today in Asia/Ho_Chi_Minh, "YYYY-MM-DD". */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The date format of pickers and inputs (dayjs tokens). */
export const DATE_FORMAT = 'DD/MM/YYYY';

/** Minutes as hours and minutes: "6 giờ 30 phút" (or "6 h 30 min" in English); "0 phút" for none. */
export function formatDuration(minutes: number): string {
  const en = i18n.language === 'en';
  const [h, m] = [Math.floor(Math.abs(minutes) / 60), Math.abs(minutes) % 60];
  const parts = [h ? `${formatNumber(h)} ${en ? 'h' : 'giờ'}` : '', m || !h ? `${formatNumber(m)} ${en ? 'min' : 'phút'}` : ''];
  return `${minutes < 0 ? '−' : ''}${parts.filter(Boolean).join(' ')}`;
}

/** A decimal quantity as the API carries it ("1.50") in the app's language: "1,5" (or "1.5"); "1" for a whole number. */
export function formatQuantity(quantity: string | number): string {
  const n = Number(quantity);
  if (!Number.isFinite(n)) return String(quantity);
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 }).format(n);
}
