import { status } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import { commonV1, GoogleRpcStatus, googleRpc } from '@thuocdo/proto';
import { ERROR_DETAIL_KEY, readErrorDetail, STATUS_DETAILS_KEY, toGrpcError } from './grpc-errors';

describe('toGrpcError', () => {
  it('maps each domain error to its status with a typed detail', () => {
    const cases: [Error, status][] = [
      [new ValidationError('quantity', { vi: 'sai', en: 'bad' }), status.INVALID_ARGUMENT],
      [new NotFoundError({ vi: 'không thấy', en: 'missing' }), status.NOT_FOUND],
      [new AlreadyExistsError({ vi: 'trùng', en: 'dup' }, 'code'), status.ALREADY_EXISTS],
      [new VersionConflictError({ vi: 'xung đột', en: 'conflict' }), status.ABORTED],
      [new UnauthenticatedError(), status.UNAUTHENTICATED],
      [new PermissionDeniedError(), status.PERMISSION_DENIED],
      [new UnavailableError(), status.UNAVAILABLE],
    ];
    for (const [err, code] of cases) expect(toGrpcError(err).code).toBe(code);
  });

  it('carries the detail in thuocdo-error-bin and in a standard google.rpc.Status', () => {
    const mapped = toGrpcError(new ValidationError('quantity_decimal', { vi: 'Số lượng sai', en: 'quantity is wrong' }));
    expect(readErrorDetail(mapped.metadata)).toMatchObject({
      reason: commonV1.ErrorReason.ERROR_REASON_INVALID_FIELD,
      field: 'quantity_decimal',
      messageVi: 'Số lượng sai',
      messageEn: 'quantity is wrong',
    });
    const st = GoogleRpcStatus.decode(mapped.metadata.get(STATUS_DETAILS_KEY)[0] as Buffer);
    expect(st).toMatchObject({ code: status.INVALID_ARGUMENT, message: 'quantity is wrong' });
    const byType = Object.fromEntries(st.details.map((d) => [d.typeUrl.split('/')[1], d]));
    expect(Object.keys(byType).sort()).toEqual(['google.rpc.BadRequest', 'google.rpc.LocalizedMessage', 'thuocdo.common.v1.ErrorDetail']);
    expect(googleRpc.BadRequest.decode(byType['google.rpc.BadRequest'].value).fieldViolations).toEqual([
      { field: 'quantity_decimal', description: 'quantity is wrong' },
    ]);
    const locales = st.details.filter((d) => d.typeUrl.endsWith('LocalizedMessage')).map((d) => googleRpc.LocalizedMessage.decode(d.value));
    expect(locales).toEqual([
      { locale: 'vi-VN', message: 'Số lượng sai' },
      { locale: 'en-US', message: 'quantity is wrong' },
    ]);
    // A client that reads only the standard key still finds ThuocDo's detail.
    mapped.metadata.remove(ERROR_DETAIL_KEY);
    expect(readErrorDetail(mapped.metadata)?.field).toBe('quantity_decimal');
  });

  it('never leaks an unexpected error to the caller', () => {
    const err = new Error('duplicate key value violates unique constraint "secret_table_pkey" at /srv/app.ts:12');
    const mapped = toGrpcError(err);
    expect(mapped.code).toBe(status.INTERNAL);
    expect(mapped.details).not.toMatch(/secret_table|app\.ts|duplicate/);
    const st = GoogleRpcStatus.decode(mapped.metadata.get(STATUS_DETAILS_KEY)[0] as Buffer);
    expect(JSON.stringify(st)).not.toMatch(/secret_table/);
  });

  it('reports a dependency that is down as UNAVAILABLE', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toGrpcError(err).code).toBe(status.UNAVAILABLE);
    expect(toGrpcError(new Error('x', { cause: err })).code).toBe(status.UNAVAILABLE);
  });
});
