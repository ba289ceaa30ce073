import { status } from '@grpc/grpc-js';
import { z } from 'zod';
import { type HttpError, httpError } from './http-errors';

/**
 * JSON request bodies and query strings, in the APIs' snake_case field names. Types are checked
 * here (a string where a number belongs names the field); the services check meaning.
 * Unknown fields are refused so that a typo is not silently ignored.
 */
const str = z.string().max(10_000);
const optStr = str.optional().default('');
/** Fields that are int32 in the protos: larger numbers would fail to encode, not validate. */
const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);

export const bodies = {
  createAgency: z.strictObject({ id: optStr, code: str, name: str, kind: int32 }),
  createUnit: z.strictObject({ id: optStr, agency_id: str, parent_unit_id: optStr, code: str, name: str }),
  createOfficial: z.strictObject({
    id: optStr,
    agency_id: str,
    unit_id: str,
    full_name: str,
    email: optStr,
    category: int32,
  }),
  createWorkItem: z.strictObject({ code: str, name: str, product_unit: str, standard_minutes: int32 }),
  logWork: z.strictObject({
    official_id: str,
    work_date: str,
    work_item_id: str,
    quantity: z.number(),
    minutes: int32,
    note: z.string().max(1_000_000).optional().default(''),
    request_id: optStr,
  }),
};

export const queries = {
  units: z.object({ agency_id: optStr }),
  officials: z.object({ agency_id: optStr, unit_id: optStr }),
  workLogs: z.object({
    official_id: optStr,
    from_date: optStr,
    to_date: optStr,
    page_size: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .default(0),
    page_token: optStr,
  }),
  agencyDailyWork: z.object({ from_date: optStr, to_date: optStr, agency_id: optStr }),
};

const TYPE_VI: Record<string, string> = { string: 'chuỗi ký tự', number: 'số', int: 'số nguyên', object: 'đối tượng' };

/** Parses input or returns the 400 answer naming the first field at fault. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.infer<S> } | { ok: false; error: HttpError } {
  const r = schema.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  let field = issue.path.map(String).join('.');
  let vi = `Trường ${field} không hợp lệ`;
  let en = `${field} is invalid`;
  if (issue.code === 'unrecognized_keys') {
    field = issue.keys[0];
    vi = `Trường ${field} không được hỗ trợ`;
    en = `${field} is not a known field`;
  } else if (issue.code === 'invalid_type') {
    const expected = String(issue.expected);
    if (issue.input === undefined) {
      vi = `Trường ${field} là bắt buộc`;
      en = `${field} is required`;
    } else {
      vi = `Trường ${field} phải là ${TYPE_VI[expected] ?? expected}`;
      en = `${field} must be a ${expected}`;
    }
  } else if (issue.code === 'too_big') {
    vi = `Trường ${field} quá dài hoặc quá lớn`;
    en = `${field} is too long or too large`;
  } else if (issue.code === 'invalid_format' || issue.code === 'invalid_value') {
    en = `${field} has an invalid value`;
  }
  if (!field) {
    field = 'body';
    vi = 'Nội dung yêu cầu phải là một đối tượng JSON';
    en = 'Request body must be a JSON object';
  }
  return { ok: false, error: httpError(status.INVALID_ARGUMENT, field, vi, en) };
}
