import { contentSecurityPolicy, neverCached, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('forbids framing and foreign scripts on every answer', () => {
    const h = securityHeaders('http://127.0.0.1:8080');
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).toContain("script-src 'self'");
    expect(h['content-security-policy']).not.toContain('unsafe-inline');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['x-content-type-options']).toBe('nosniff');
  });

  it('lets a page of the app apply only the style elements that carry its nonce', () => {
    const policy = contentSecurityPolicy('bm9uY2U=');
    expect(policy).toContain("style-src 'self' 'nonce-bm9uY2U=' 'report-sample'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("script-src 'self';");
  });

  it('sends HSTS only when the public address is HTTPS', () => {
    expect(securityHeaders('http://127.0.0.1:8080')['strict-transport-security']).toBeUndefined();
    expect(securityHeaders('https://thuocdo.khanhhoa.gov.vn')['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('marks /api and /auth answers no-store, and leaves the static app cacheable', () => {
    for (const path of ['/api', '/api/me', '/api/v1/agencies', '/auth/callback']) expect([path, neverCached(path)]).toEqual([path, true]);
    for (const path of ['/', '/app.js', '/apiary.png', '/authors.html']) expect([path, neverCached(path)]).toEqual([path, false]);
  });
});
