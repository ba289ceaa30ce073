import { status } from '@grpc/grpc-js';
import { fromGrpcError, HTTP_STATUS } from './http-errors';
import { bodies, parse, queries } from './requests';

const body = {
  official_id: '0190f3a2-1111-7aaa-8bbb-123456789abc',
  work_date: '2026-11-20',
  work_item_id: '0190f3a2-2222-7aaa-8bbb-123456789abc',
  quantity: 1,
  minutes: 60,
};

const field = (input: unknown) => {
  const r = parse(bodies.logWork, input);
  return r.ok ? undefined : [r.error.status, r.error.body.error.field];
};

describe('parse', () => {
  it('accepts a well-formed body and fills optional fields', () => {
    const r = parse(bodies.logWork, body);
    expect(r.ok && r.value).toMatchObject({ note: '', request_id: '' });
  });

  it.each([
    [{ ...body, quantity: 'abc' }, 'quantity'],
    [{ ...body, minutes: 1.5 }, 'minutes'],
    [{ ...body, minutes: '60' }, 'minutes'],
    [{ ...body, minutes: 3_000_000_000 }, 'minutes'],
    [{ ...body, official_id: 12 }, 'official_id'],
    [{ ...body, work_date: undefined }, 'work_date'],
    [{ ...body, surprise: true }, 'surprise'],
    [[1, 2], 'body'],
    ['text', 'body'],
  ])('answers 400 naming the field for %j', (input, name) => {
    expect(field(input)).toEqual([400, name]);
  });

  it('coerces query-string numbers', () => {
    const r = parse(queries.workLogs, { official_id: 'x', page_size: '20' });
    expect(r.ok && r.value.page_size).toBe(20);
  });
});

describe('fromGrpcError', () => {
  it('maps statuses through one table and hides unknown errors', () => {
    expect(HTTP_STATUS[status.INVALID_ARGUMENT]).toBe(400);
    expect(HTTP_STATUS[status.UNAUTHENTICATED]).toBe(401);
    expect(fromGrpcError({ code: status.PERMISSION_DENIED }).status).toBe(403);
    const internal = fromGrpcError(new Error('SELECT * FROM secret'));
    expect(internal.status).toBe(500);
    expect(JSON.stringify(internal.body)).not.toContain('secret');
  });
});
