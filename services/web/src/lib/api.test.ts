import { describe, expect, it } from 'vitest';
import { fakeGateway, reply } from '../../test/render';
import { ApiError, api, setCsrfToken } from './api';
import { setLanguage } from './i18n';

describe('calling the gateway', () => {
  it('fills path fields, sends the rest as the query of a GET, and leaves out empty ones', async () => {
    const calls = fakeGateway({ 'GET /api/v1/units/{id}': () => ({}), 'GET /api/v1/officials': () => ({}) });
    await api('GET /api/v1/units/{id}', { id: 'u 1/x' });
    await api('GET /api/v1/officials', { query: 'nguyễn', unit_id: '', include_subunits: true, page_size: 20 });
    expect(calls[0]!.path).toBe('/api/v1/units/u%201%2Fx');
    expect(calls[1]!.query.toString()).toBe('query=nguy%E1%BB%85n&include_subunits=true&page_size=20');
  });

  it('repeats a repeated field once per value and names a message’s fields with dots', async () => {
    const calls = fakeGateway({ 'GET /api/v1/work-items:export': () => ({}) });
    await api('GET /api/v1/work-items:export', {
      filter: { query: 'bao cao', groups: ['WORK_ITEM_GROUP_A', 'WORK_ITEM_GROUP_C'], sector: '', statuses: [] } as never,
    });
    expect(calls[0]!.query.toString()).toBe('filter.query=bao+cao&filter.groups=WORK_ITEM_GROUP_A&filter.groups=WORK_ITEM_GROUP_C');
  });

  it('sends state-changing requests as JSON with the session’s CSRF token, custom methods included', async () => {
    const calls = fakeGateway({ 'POST /api/v1/role-grants/{id}:end': () => ({}) });
    setCsrfToken('tok-9');
    await api('POST /api/v1/role-grants/{id}:end', { id: 'g1', valid_to: '2026-12-31' });
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/role-grants/g1:end', body: { valid_to: '2026-12-31' } });
    expect(calls[0]!.headers).toMatchObject({ 'x-csrf-token': 'tok-9', 'content-type': 'application/json' });
  });

  it('sends the fields of a DELETE in its query string (its routes take no body), with the CSRF token', async () => {
    const calls = fakeGateway({ 'DELETE /api/v1/work-logs/{id}': () => ({}) });
    setCsrfToken('tok-3');
    await api('DELETE /api/v1/work-logs/{id}', { id: 'e-1', version: 4 });
    expect([calls[0]!.method, calls[0]!.path, calls[0]!.query.toString(), calls[0]!.body]).toEqual([
      'DELETE',
      '/api/v1/work-logs/e-1',
      'version=4',
      undefined,
    ]);
    expect(calls[0]!.headers['x-csrf-token']).toBe('tok-3');
  });

  it('turns an error answer into an ApiError with its field and both messages', async () => {
    fakeGateway({
      'POST /api/v1/officials': () =>
        reply(400, { error: { code: 'INVALID_ARGUMENT', field: 'email', message: { vi: 'Email sai', en: 'Bad email' } } }),
    });
    const err = (await api('POST /api/v1/officials', { email: 'x' }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.field]).toEqual([400, 'INVALID_ARGUMENT', 'email']);
    setLanguage('vi');
    expect(err.text).toBe('Email sai');
    setLanguage('en');
    expect(err.text).toBe('Bad email');
    setLanguage('vi');
  });
});
