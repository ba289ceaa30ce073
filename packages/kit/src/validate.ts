import { formatHundredths, parseHundredths } from './decimal';
import { ValidationError } from './errors';

/** C0 controls other than tab, line feed and carriage return, and DEL. */
function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Small field checks shared by every service's domain layer. Each throws a ValidationError
 * that names the field, with a message in Vietnamese and English.
 */
export const check = {
  required(field: string, value: string | undefined | null): string {
    const v = (value ?? '').trim();
    if (!v) throw new ValidationError(field, { vi: `Trường ${field} là bắt buộc`, en: `${field} is required` });
    return v;
  },
  /** At most `max` characters, and no control characters but tab and line breaks (PostgreSQL refuses NUL). */
  maxLength(field: string, value: string, max: number): string {
    if (hasControlCharacters(value))
      throw new ValidationError(field, {
        vi: `Trường ${field} chứa ký tự điều khiển không hợp lệ`,
        en: `${field} contains control characters`,
      });
    if ([...value].length > max)
      throw new ValidationError(field, { vi: `Trường ${field} dài quá ${max} ký tự`, en: `${field} is longer than ${max} characters` });
    return value;
  },
  uuid(field: string, value: string): string {
    if (!UUID.test(value)) throw new ValidationError(field, { vi: `Trường ${field} phải là UUID`, en: `${field} must be a UUID` });
    return value.toLowerCase();
  },
  /** A required UUID. */
  id(field: string, value: string): string {
    return check.uuid(field, check.required(field, value));
  },
  /** An optional UUID: empty means none. */
  optionalId(field: string, value: string): string | null {
    return value ? check.uuid(field, value) : null;
  },
  intRange(field: string, value: number, min: number, max: number): number {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new ValidationError(field, {
        vi: `Trường ${field} phải là số nguyên từ ${min} đến ${max}`,
        en: `${field} must be an integer from ${min} to ${max}`,
      });
    return value;
  },
  oneOf<T>(field: string, value: T, allowed: readonly T[]): T {
    if (!allowed.includes(value))
      throw new ValidationError(field, { vi: `Giá trị của ${field} không hợp lệ`, en: `${field} has an invalid value` });
    return value;
  },
  /**
   * An exact decimal with at most two places, within [min, max] (in hundredths); returns
   * hundredths. `min` is exclusive when `aboveMin` is set ("more than 0").
   */
  decimal(field: string, text: string, o: { min: number; max: number; aboveMin?: boolean }): number {
    const v = parseHundredths(check.required(field, text));
    if (v === undefined || (o.aboveMin ? v <= o.min : v < o.min) || v > o.max) {
      const low = formatHundredths(o.min);
      const high = formatHundredths(o.max);
      throw new ValidationError(field, {
        vi: `Trường ${field} phải là số ${o.aboveMin ? 'lớn hơn' : 'từ'} ${low} đến ${high}, tối đa 2 chữ số thập phân`,
        en: `${field} must be a number ${o.aboveMin ? 'above' : 'from'} ${low} to ${high} with at most two decimals`,
      });
    }
    return v;
  },
  /** A short identifier such as an agency or work-item code: letters, digits, ".", "_", "-". */
  code(field: string, value: string): string {
    const v = check.required(field, value);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(v))
      throw new ValidationError(field, {
        vi: `Mã ${field} chỉ gồm chữ, số, dấu chấm, gạch ngang, tối đa 32 ký tự`,
        en: `${field} must be letters, digits, dots or dashes, at most 32 characters`,
      });
    return v;
  },
  /** A display name: required, at most 200 characters. */
  name(field: string, value: string): string {
    return check.maxLength(field, check.required(field, value), 200);
  },
  email(field: string, value: string): string {
    const v = check.maxLength(field, value.trim(), 254);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
      throw new ValidationError(field, { vi: `Địa chỉ email ${field} không hợp lệ`, en: `${field} is not a valid email address` });
    return v;
  },
  /** A calendar date "YYYY-MM-DD" that exists. */
  date(field: string, value: string): string {
    const v = check.required(field, value);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
    if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
      throw new ValidationError(field, {
        vi: `Trường ${field} phải là ngày hợp lệ dạng YYYY-MM-DD`,
        en: `${field} must be a valid date as YYYY-MM-DD`,
      });
    return v;
  },
};
