import type { RequestHandler } from 'express';

/**
 * The web app loads only its own scripts, styles and data, and no other page may frame it
 * (clickjacking). Answers under /api and /auth carry personal data or session state: never cached.
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

/** The headers of an answer to `path` when the public address is `publicUrl`. */
export function securityHeaders(publicUrl: string, path: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
  // Only behind HTTPS: a browser that has seen HSTS refuses the plain-HTTP address afterwards.
  if (new URL(publicUrl).protocol === 'https:') headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/auth/')) headers['cache-control'] = 'no-store';
  return headers;
}

export function securityHeadersMiddleware(publicUrl: string): RequestHandler {
  return (req, res, next) => {
    for (const [name, value] of Object.entries(securityHeaders(publicUrl, req.path))) res.setHeader(name, value);
    next();
  };
}
