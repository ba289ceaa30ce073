import { type Bilingual, ValidationError } from '@thuocdo/kit';
import { httpApi } from '@thuocdo/proto';

type FieldSchema = httpApi.FieldSchema;

/**
 * REST JSON ↔ the generated protobuf messages, driven by the schemas generated from the protos
 * (packages/proto/src/http). Strict: a field the message does not have, or a value of the wrong
 * type, is a 400 naming the field (for example "minutes must be an integer"), so that "wrong
 * type" is never reported as "missing". Meaning (ranges, formats, existence) is left to the
 * service's domain, which answers with its own field errors: one set of rules, one set of messages.
 *
 * JSON form: proto field names (snake_case; lowerCamelCase accepted on input), enums by name
 * (numbers accepted on input), Timestamps as RFC 3339, 64-bit integers as numbers (every count
 * ThuocDo returns is far below 2^53), bytes as base64. Responses carry every field except
 * deprecated ones; null in a request means the field's default.
 */

const KIND_TEXT: Record<string, Bilingual> = {
  string: { vi: 'chuỗi ký tự', en: 'a string' },
  bool: { vi: 'true hoặc false', en: 'true or false' },
  bytes: { vi: 'chuỗi base64', en: 'a base64 string' },
  double: { vi: 'số', en: 'a number' },
  int32: { vi: 'số nguyên 32 bit', en: 'a 32-bit integer' },
  uint32: { vi: 'số nguyên không âm 32 bit', en: 'a non-negative 32-bit integer' },
  int64: { vi: 'số nguyên', en: 'an integer' },
  uint64: { vi: 'số nguyên không âm', en: 'a non-negative integer' },
  enum: { vi: 'một giá trị trong danh sách', en: 'one of the listed values' },
  message: { vi: 'đối tượng JSON', en: 'a JSON object' },
  timestamp: { vi: 'thời điểm RFC 3339', en: 'an RFC 3339 timestamp' },
};

const wrongType = (path: string, f: FieldSchema) => {
  const t = KIND_TEXT[f.kind];
  const enumValues = f.kind === 'enum' ? ` (${Object.keys(httpApi.ENUMS[f.ref!]).join(', ')})` : '';
  return new ValidationError(path, { vi: `Trường ${path} phải là ${t.vi}${enumValues}`, en: `${path} must be ${t.en}${enumValues}` });
};
const unknownField = (path: string) =>
  new ValidationError(path, { vi: `Trường ${path} không được hỗ trợ`, en: `${path} is not a known field` });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldsOf(message: string): FieldSchema[] {
  const fields = httpApi.MESSAGES[message];
  if (!fields) throw new Error(`no schema for ${message}`);
  return fields;
}

function defaultOf(f: FieldSchema): unknown {
  if (f.repeated) return [];
  switch (f.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
      return Buffer.alloc(0);
    case 'message':
    case 'timestamp':
      return undefined;
    default:
      return 0;
  }
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** One value from JSON (or, with `fromText`, from a query string or path segment). */
function decodeValue(f: FieldSchema, v: unknown, path: string, fromText: boolean): unknown {
  switch (f.kind) {
    case 'string':
      if (typeof v !== 'string') throw wrongType(path, f);
      return v;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (fromText && (v === 'true' || v === 'false')) return v === 'true';
      throw wrongType(path, f);
    case 'bytes':
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) throw wrongType(path, f);
      return Buffer.from(v, 'base64');
    case 'double': {
      const n = typeof v === 'number' ? v : fromText && typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) throw wrongType(path, f);
      return n;
    }
    case 'int32':
    case 'uint32':
    case 'int64':
    case 'uint64': {
      const textual = typeof v === 'string' && /^-?\d{1,20}$/.test(v) && (fromText || f.kind === 'int64' || f.kind === 'uint64');
      const n = typeof v === 'number' ? v : textual ? Number(v) : Number.NaN;
      const [min, max] = INT_RANGE[f.kind];
      if (!Number.isInteger(n) || n < min || n > max) throw wrongType(path, f);
      return n;
    }
    case 'enum': {
      const values = httpApi.ENUMS[f.ref!];
      if (typeof v === 'string' && Object.hasOwn(values, v)) return values[v];
      const n = typeof v === 'number' ? v : fromText && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
      if (Number.isInteger(n) && Object.values(values).includes(n)) return n;
      throw wrongType(path, f);
    }
    case 'timestamp': {
      if (
        typeof v !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(v) ||
        Number.isNaN(Date.parse(v))
      )
        throw wrongType(path, f);
      return new Date(v);
    }
    case 'message':
      if (fromText || !isObject(v)) throw wrongType(path, f);
      return decodeMessage(f.ref!, v, path);
  }
}

function decodeField(f: FieldSchema, v: unknown, path: string, fromText: boolean): unknown {
  if (v === null || v === undefined) return defaultOf(f);
  if (!f.repeated) {
    if (Array.isArray(v)) throw wrongType(path, f);
    return decodeValue(f, v, path, fromText);
  }
  const items = Array.isArray(v) ? v : fromText ? [v] : undefined;
  if (!items) throw new ValidationError(path, { vi: `Trường ${path} phải là một mảng`, en: `${path} must be an array` });
  return items.map((item, i) => decodeValue(f, item, `${path}[${i}]`, fromText));
}

/** A JSON object as the named message (generated TypeScript form, every field set). */
export function decodeMessage(message: string, json: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const fields = fieldsOf(message);
  const byName = new Map<string, FieldSchema>();
  for (const f of fields) {
    byName.set(f.name, f);
    byName.set(f.json, f);
  }
  const out: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f.json, defaultOf(f)]));
  for (const [key, value] of Object.entries(json)) {
    const f = byName.get(key);
    const path = prefix ? `${prefix}.${key}` : key;
    if (!f) throw unknownField(path);
    out[f.json] = decodeField(f, value, prefix ? `${prefix}.${f.name}` : f.name, false);
  }
  return out;
}

/**
 * A request from its parts: the JSON body (when the route has one), the query string, the
 * path parameters. A field given twice (in the path and the body, say) is refused.
 */
export function decodeRequest(
  message: string,
  parts: { body?: unknown; query: Record<string, unknown>; path: Record<string, string> },
): Record<string, unknown> {
  let out: Record<string, unknown>;
  if (parts.body !== undefined) {
    if (!isObject(parts.body))
      throw new ValidationError('body', { vi: 'Nội dung yêu cầu phải là một đối tượng JSON', en: 'Request body must be a JSON object' });
    out = decodeMessage(message, parts.body);
  } else out = decodeMessage(message, {});
  const fields = fieldsOf(message);
  const seen = new Set<string>(parts.body !== undefined && isObject(parts.body) ? Object.keys(parts.body) : []);
  for (const [source, values] of [
    ['query', parts.query],
    ['path', parts.path],
  ] as const) {
    for (const [key, value] of Object.entries(values)) {
      // A field of a nested message is named by its path, as grpc-gateway does: filter.code_prefix=B.
      const path = key.split('.');
      let target = out;
      let within = fields;
      for (const step of path.slice(0, -1)) {
        const m = within.find((x) => x.name === step || x.json === step);
        if (!m) throw unknownField(key);
        if (m.kind !== 'message' || m.repeated) throw wrongType(key, m);
        if (seen.has(m.name) || seen.has(m.json))
          throw new ValidationError(key, { vi: `Trường ${step} được gửi hai lần`, en: `${step} is given twice (${source} and elsewhere)` });
        if (!isObject(target[m.json])) target[m.json] = decodeMessage(m.ref!, {});
        target = target[m.json] as Record<string, unknown>;
        within = fieldsOf(m.ref!);
      }
      const leaf = path[path.length - 1];
      const f = within.find((x) => x.name === leaf || x.json === leaf);
      if (!f) throw unknownField(key);
      if (f.kind === 'message') throw wrongType(key, f);
      const name = path.length > 1 ? key : f.name;
      if (seen.has(name) || (path.length === 1 && seen.has(f.json)))
        throw new ValidationError(key, { vi: `Trường ${key} được gửi hai lần`, en: `${key} is given twice (${source} and elsewhere)` });
      seen.add(name);
      target[f.json] = decodeField(f, value, f.name, true);
    }
  }
  return out;
}

function encodeValue(f: FieldSchema, v: unknown): unknown {
  switch (f.kind) {
    case 'timestamp':
      return v instanceof Date ? v.toISOString() : null;
    case 'bytes':
      return Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('base64') : '';
    case 'enum': {
      const values = httpApi.ENUMS[f.ref!];
      return Object.keys(values).find((k) => values[k] === v) ?? v;
    }
    case 'message':
      return v ? encodeMessage(f.ref!, v as Record<string, unknown>) : null;
    default:
      return v;
  }
}

/** A generated message as REST JSON: proto field names, enums by name, deprecated fields left out. */
export function encodeMessage(message: string, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(message)) {
    if (f.deprecated) continue;
    const v = value[f.json];
    out[f.name] = f.repeated ? (Array.isArray(v) ? v.map((x) => encodeValue(f, x)) : []) : encodeValue(f, v);
  }
  return out;
}
