import type { RequestHandler } from 'express';

/**
 * The web app loads only its own scripts, styles and data, and no other page may frame it
 * (clickjacking). A page of the app may also apply the style elements that carry its page's
 * nonce: the component library writes its theme's CSS variables at run time.
 */
export function contentSecurityPolicy(styleNonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // 'report-sample': a blocked style's first characters come with the violation, to tell what it was.
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}' 'report-sample'` : "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers of every answer when the public address is `publicUrl`. */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(),
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
