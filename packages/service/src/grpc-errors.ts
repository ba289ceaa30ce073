import { Metadata, status } from '@grpc/grpc-js';
import { asDomainError, type ErrorReason } from '@thuocdo/kit';
import { commonV1, GoogleRpcStatus, googleRpc } from '@thuocdo/proto';

/** The one table from a domain error's reason to gRPC (docs/architecture.md, Errors). */
export const GRPC_STATUS: Record<ErrorReason, status> = {
  INVALID_FIELD: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  VERSION_CONFLICT: status.ABORTED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAVAILABLE: status.UNAVAILABLE,
  INTERNAL: status.INTERNAL,
};

const PROTO_REASON: Record<ErrorReason, commonV1.ErrorReason> = {
  INVALID_FIELD: commonV1.ErrorReason.ERROR_REASON_INVALID_FIELD,
  NOT_FOUND: commonV1.ErrorReason.ERROR_REASON_NOT_FOUND,
  ALREADY_EXISTS: commonV1.ErrorReason.ERROR_REASON_ALREADY_EXISTS,
  FAILED_PRECONDITION: commonV1.ErrorReason.ERROR_REASON_FAILED_PRECONDITION,
  VERSION_CONFLICT: commonV1.ErrorReason.ERROR_REASON_VERSION_CONFLICT,
  UNAUTHENTICATED: commonV1.ErrorReason.ERROR_REASON_UNAUTHENTICATED,
  PERMISSION_DENIED: commonV1.ErrorReason.ERROR_REASON_PERMISSION_DENIED,
  UNAVAILABLE: commonV1.ErrorReason.ERROR_REASON_UNAVAILABLE,
  INTERNAL: commonV1.ErrorReason.ERROR_REASON_INTERNAL,
};

/** Trailing metadata key carrying a binary thuocdo.common.v1.ErrorDetail. */
export const ERROR_DETAIL_KEY = 'thuocdo-error-bin';
/** The gRPC richer error model: a binary google.rpc.Status. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

const any = (typeName: string, value: Uint8Array) => ({ typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(value) });

export interface GrpcErrorShape {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * Maps any thrown value to a gRPC status with its details twice: ThuocDo's ErrorDetail in
 * `thuocdo-error-bin`, and google.rpc.Status in `grpc-status-details-bin` (the ErrorDetail,
 * a BadRequest naming the field, and the message in vi-VN and en-US) for ordinary clients.
 * Never lets a stack trace, SQL or an internal message reach the caller.
 */
export function toGrpcError(err: unknown): GrpcErrorShape {
  const e = asDomainError(err);
  const code = GRPC_STATUS[e.reason];
  const detail = commonV1.ErrorDetail.encode(errorDetailOf(e)).finish();
  const details = [
    any('thuocdo.common.v1.ErrorDetail', detail),
    any('google.rpc.LocalizedMessage', googleRpc.LocalizedMessage.encode({ locale: 'vi-VN', message: e.text.vi }).finish()),
    any('google.rpc.LocalizedMessage', googleRpc.LocalizedMessage.encode({ locale: 'en-US', message: e.text.en }).finish()),
  ];
  if (e.field)
    details.push(
      any('google.rpc.BadRequest', googleRpc.BadRequest.encode({ fieldViolations: [{ field: e.field, description: e.text.en }] }).finish()),
    );
  const metadata = new Metadata();
  metadata.set(ERROR_DETAIL_KEY, Buffer.from(detail));
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(GoogleRpcStatus.encode({ code, message: e.text.en, details }).finish()));
  return { code, details: `${e.text.vi} / ${e.text.en}${e.field ? ` [field: ${e.field}]` : ''}`, metadata };
}

/** An error as the ErrorDetail that a per-item result of a batch call carries (generic for anything not thrown on purpose). */
export function errorDetailOf(err: unknown): commonV1.ErrorDetail {
  const e = asDomainError(err);
  return { reason: PROTO_REASON[e.reason], field: e.field, messageVi: e.text.vi, messageEn: e.text.en };
}

/**
 * The typed detail of a failed call: ThuocDo's own key, or the ErrorDetail inside a
 * google.rpc.Status; undefined when the server attached neither.
 */
export function readErrorDetail(metadata: Metadata | undefined): commonV1.ErrorDetail | undefined {
  const raw = metadata?.get(ERROR_DETAIL_KEY)[0];
  if (raw && typeof raw !== 'string') return commonV1.ErrorDetail.decode(raw);
  const st = metadata?.get(STATUS_DETAILS_KEY)[0];
  if (!st || typeof st === 'string') return undefined;
  const found = GoogleRpcStatus.decode(st).details.find((d) => d.typeUrl.endsWith('/thuocdo.common.v1.ErrorDetail'));
  return found ? commonV1.ErrorDetail.decode(found.value) : undefined;
}
