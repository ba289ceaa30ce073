import { Metadata, status } from '@grpc/grpc-js';
import { commonV1 } from '@thuocdo/proto';
import {
  AlreadyExistsError,
  NotFoundError,
  PermissionDeniedError,
  readErrorDetail,
  toGrpcError,
  UnauthenticatedError,
  ValidationError,
} from './errors';

describe('toGrpcError', () => {
  it('maps each domain error to its status with a typed detail', () => {
    const cases: [Error, status][] = [
      [new ValidationError('quantity', { vi: 'sai', en: 'bad' }), status.INVALID_ARGUMENT],
      [new NotFoundError({ vi: 'không thấy', en: 'missing' }), status.NOT_FOUND],
      [new AlreadyExistsError({ vi: 'trùng', en: 'dup' }, 'code'), status.ALREADY_EXISTS],
      [new UnauthenticatedError(), status.UNAUTHENTICATED],
      [new PermissionDeniedError(), status.PERMISSION_DENIED],
    ];
    for (const [err, code] of cases) expect(toGrpcError(err).code).toBe(code);
    const v = toGrpcError(new ValidationError('quantity', { vi: 'Số lượng sai', en: 'quantity is wrong' }));
    const detail = readErrorDetail(v.metadata)!;
    expect(detail).toMatchObject({
      reason: commonV1.ErrorReason.ERROR_REASON_INVALID_FIELD,
      field: 'quantity',
      messageVi: 'Số lượng sai',
      messageEn: 'quantity is wrong',
    });
    expect(v.details).toContain('[field: quantity]');
  });

  it('never leaks an unexpected error to the caller', () => {
    const err = new Error('duplicate key value violates unique constraint "secret_table_pkey" at /srv/app.ts:12');
    const mapped = toGrpcError(err);
    expect(mapped.code).toBe(status.INTERNAL);
    expect(mapped.details).not.toMatch(/secret_table|app\.ts|duplicate/);
  });

  it('reports a dependency that is down as UNAVAILABLE', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toGrpcError(err).code).toBe(status.UNAVAILABLE);
    expect(toGrpcError(Object.assign(new Error('terminating'), { code: '57P01' })).code).toBe(status.UNAVAILABLE);
  });

  it('reads nothing from metadata without a detail', () => {
    expect(readErrorDetail(new Metadata())).toBeUndefined();
    expect(readErrorDetail(undefined)).toBeUndefined();
  });
});
