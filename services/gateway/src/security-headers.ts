import type { RequestHandler } from 'express';

/**
 * The web app loads only its own scripts, styles and data, and no other page may frame it
 * (clickjacking).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every answer when the public address is `publicUrl`. */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
  // Only behind HTTPS: a browser that has seen HSTS refuses the plain-HTTP address afterwards.
  if (new URL(publicUrl).protocol === 'https:') headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/** Answers under /api and /auth carry personal data or session state: never cached. */
export const neverCached = (path: string): boolean => path === '/api' || path.startsWith('/api/') || path.startsWith('/auth/');

export function securityHeadersMiddleware(publicUrl: string): RequestHandler {
  const headers = Object.entries(securityHeaders(publicUrl));
  return (req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    if (neverCached(req.path)) res.setHeader('cache-control', 'no-store');
    next();
  };
}
