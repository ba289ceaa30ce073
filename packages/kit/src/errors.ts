import { Metadata, status } from '@grpc/grpc-js';
import { isDependencyDown } from '@thuocdo/db';
import { commonV1 } from '@thuocdo/proto';

const Reason = commonV1.ErrorReason;

/** Text for people, in Vietnamese and English. */
export interface Bilingual {
  vi: string;
  en: string;
}

/**
 * Base of every error a handler may throw on purpose. Anything else reaching the error
 * interceptor is a bug and leaves the service as INTERNAL with a generic message.
 */
export abstract class DomainError extends Error {
  abstract readonly code: status;
  abstract readonly reason: commonV1.ErrorReason;
  constructor(
    readonly text: Bilingual,
    readonly field = '',
  ) {
    super(`${text.en}${field ? ` (${field})` : ''}`);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = Reason.ERROR_REASON_INVALID_FIELD;
  constructor(field: string, text: Bilingual) {
    super(text, field);
  }
}
export class NotFoundError extends DomainError {
  readonly code = status.NOT_FOUND;
  readonly reason = Reason.ERROR_REASON_NOT_FOUND;
}
export class AlreadyExistsError extends DomainError {
  readonly code = status.ALREADY_EXISTS;
  readonly reason = Reason.ERROR_REASON_ALREADY_EXISTS;
}
export class FailedPreconditionError extends DomainError {
  readonly code = status.FAILED_PRECONDITION;
  readonly reason = Reason.ERROR_REASON_FAILED_PRECONDITION;
}
export class VersionConflictError extends DomainError {
  readonly code = status.ABORTED;
  readonly reason = Reason.ERROR_REASON_VERSION_CONFLICT;
}
export class UnauthenticatedError extends DomainError {
  readonly code = status.UNAUTHENTICATED;
  readonly reason = Reason.ERROR_REASON_UNAUTHENTICATED;
  constructor(text: Bilingual = { vi: 'Chưa đăng nhập hoặc phiên đã hết hạn', en: 'Missing or invalid credentials' }) {
    super(text);
  }
}
export class PermissionDeniedError extends DomainError {
  readonly code = status.PERMISSION_DENIED;
  readonly reason = Reason.ERROR_REASON_PERMISSION_DENIED;
  constructor(text: Bilingual = { vi: 'Không có quyền thực hiện thao tác này', en: 'Not allowed to perform this action' }) {
    super(text);
  }
}
export class UnavailableError extends DomainError {
  readonly code = status.UNAVAILABLE;
  readonly reason = Reason.ERROR_REASON_UNAVAILABLE;
  constructor(
    text: Bilingual = { vi: 'Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại', en: 'Service temporarily unavailable, please retry' },
  ) {
    super(text);
  }
}

/** Trailing metadata key carrying a binary commonV1.ErrorDetail. */
export const ERROR_DETAIL_KEY = 'thuocdo-error-bin';

export interface GrpcErrorShape {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * Maps any thrown value to a gRPC status. Never lets a stack trace, SQL or an internal
 * message reach the caller.
 */
export function toGrpcError(err: unknown): GrpcErrorShape {
  let e: DomainError;
  if (err instanceof DomainError) e = err;
  else if (isDependencyDown(err)) e = new UnavailableError();
  else {
    e = new (class extends DomainError {
      readonly code = status.INTERNAL;
      readonly reason = Reason.ERROR_REASON_INTERNAL;
    })({ vi: 'Lỗi hệ thống, vui lòng thử lại sau', en: 'Internal error, please retry later' });
  }
  const metadata = new Metadata();
  const detail = commonV1.ErrorDetail.encode({
    reason: e.reason,
    field: e.field,
    messageVi: e.text.vi,
    messageEn: e.text.en,
  }).finish();
  metadata.set(ERROR_DETAIL_KEY, Buffer.from(detail));
  const details = `${e.text.vi} / ${e.text.en}${e.field ? ` [field: ${e.field}]` : ''}`;
  return { code: e.code, details, metadata };
}

/** Reads the typed detail from a failed call, if the server attached one. */
export function readErrorDetail(metadata: Metadata | undefined): commonV1.ErrorDetail | undefined {
  const raw = metadata?.get(ERROR_DETAIL_KEY)[0];
  if (!raw || typeof raw === 'string') return undefined;
  return commonV1.ErrorDetail.decode(raw);
}
