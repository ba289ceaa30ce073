import { status } from '@grpc/grpc-js';
import { asDomainError, DomainError } from '@thuocdo/kit';
import { GRPC_STATUS, readErrorDetail } from '@thuocdo/service';

/** The one table from gRPC status to HTTP status (docs/architecture.md, Errors). */
export const HTTP_STATUS: Record<number, number> = {
  [status.OK]: 200,
  [status.INVALID_ARGUMENT]: 400,
  [status.OUT_OF_RANGE]: 400,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.FAILED_PRECONDITION]: 409,
  [status.ABORTED]: 409,
  [status.UNAUTHENTICATED]: 401,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.UNAVAILABLE]: 503,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.CANCELLED]: 499,
};

export interface HttpError {
  status: number;
  body: { error: { code: string; field?: string; message: { vi: string; en: string } } };
}

export function httpError(code: status, field: string | undefined, vi: string, en: string, httpStatus?: number): HttpError {
  return {
    status: httpStatus ?? HTTP_STATUS[code] ?? 500,
    body: { error: { code: status[code], ...(field ? { field } : {}), message: { vi, en } } },
  };
}

/** A failed upstream call, or an error of the gateway's own, as the HTTP answer; unknown failures say nothing internal. */
export function toHttpError(err: unknown): HttpError {
  const e = err as { code?: unknown; metadata?: import('@grpc/grpc-js').Metadata };
  if (!(err instanceof DomainError) && typeof e?.code === 'number' && e.code in status && e.metadata) {
    const detail = readErrorDetail(e.metadata);
    if (detail) return httpError(e.code, detail.field || undefined, detail.messageVi, detail.messageEn);
    if (e.code === status.UNAVAILABLE || e.code === status.DEADLINE_EXCEEDED)
      return httpError(
        e.code,
        undefined,
        'Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại',
        'Service temporarily unavailable, please retry',
      );
    if (e.code === status.RESOURCE_EXHAUSTED) return httpError(status.INVALID_ARGUMENT, 'body', 'Yêu cầu quá lớn', 'Request is too large');
    return httpError(status.INTERNAL, undefined, 'Yêu cầu không thực hiện được', 'The request could not be completed');
  }
  const d = asDomainError(err);
  return httpError(GRPC_STATUS[d.reason], d.field || undefined, d.text.vi, d.text.en);
}
