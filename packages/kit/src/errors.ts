/** Text for people, in Vietnamese and English. */
export interface Bilingual {
  vi: string;
  en: string;
}

/**
 * Why a call failed, beyond its status: the transports (gRPC, HTTP) map each reason to their
 * own codes in one table each (packages/service, the gateway).
 */
export type ErrorReason =
  | 'INVALID_FIELD'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'VERSION_CONFLICT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/**
 * Base of every error thrown on purpose. Anything else that reaches a transport is a bug and
 * leaves the service as INTERNAL with a generic message.
 */
export abstract class DomainError extends Error {
  abstract readonly reason: ErrorReason;
  constructor(
    readonly text: Bilingual,
    /** The request field at fault, snake_case as in the protos; empty when none. */
    readonly field = '',
  ) {
    super(`${text.en}${field ? ` (${field})` : ''}`);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly reason = 'INVALID_FIELD';
  constructor(field: string, text: Bilingual) {
    super(text, field);
  }
}
export class NotFoundError extends DomainError {
  readonly reason = 'NOT_FOUND';
}
export class AlreadyExistsError extends DomainError {
  readonly reason = 'ALREADY_EXISTS';
}
export class FailedPreconditionError extends DomainError {
  readonly reason = 'FAILED_PRECONDITION';
}
export class VersionConflictError extends DomainError {
  readonly reason = 'VERSION_CONFLICT';
}
export class UnauthenticatedError extends DomainError {
  readonly reason = 'UNAUTHENTICATED';
  constructor(text: Bilingual = { vi: 'Chưa đăng nhập hoặc phiên đã hết hạn', en: 'Missing or invalid credentials' }) {
    super(text);
  }
}
export class PermissionDeniedError extends DomainError {
  readonly reason = 'PERMISSION_DENIED';
  constructor(text: Bilingual = { vi: 'Không có quyền thực hiện thao tác này', en: 'Not allowed to perform this action' }) {
    super(text);
  }
}
export class UnavailableError extends DomainError {
  readonly reason = 'UNAVAILABLE';
  constructor(
    text: Bilingual = { vi: 'Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại', en: 'Service temporarily unavailable, please retry' },
  ) {
    super(text);
  }
}
export class InternalError extends DomainError {
  readonly reason = 'INTERNAL';
  constructor() {
    super({ vi: 'Lỗi hệ thống, vui lòng thử lại sau', en: 'Internal error, please retry later' });
  }
}

/**
 * A write lost a race: a unique key the decision relied on was taken between reading and
 * writing, or a row changed version. Not for callers: the command runner reads again and lets
 * the domain decide once more (an idempotent repeat, or a conflict error naming the field).
 */
export class WriteConflict extends Error {
  constructor(readonly constraint: string) {
    super(`write conflict on ${constraint}`);
    this.name = 'WriteConflict';
  }
}

/** What a transport says for any error: the domain error itself, UNAVAILABLE, or a generic INTERNAL. */
export function asDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (isDependencyDown(err)) return new UnavailableError();
  return new InternalError();
}

const DEPENDENCY_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

/**
 * True when an error means "a dependency (database, ClickHouse, broker, network) is not
 * answering" rather than "this request or event is wrong": such failures are worth retrying.
 */
export function isDependencyDown(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (err instanceof UnavailableError) return true;
  if (typeof e.code === 'string' && DEPENDENCY_DOWN_CODES.has(e.code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|socket hang up/.test(message)) return true;
  return e.cause !== undefined && e.cause !== err && isDependencyDown(e.cause);
}
