import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import compression from 'compression';
import express, { type RequestHandler, Router } from 'express';
import { contentSecurityPolicy } from './security-headers';

/** The placeholder in index.html that each page answer replaces with its own nonce. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * The built web app (services/web/dist): files under /assets carry a hash of their content in
 * their names and are cached for a year; index.html is checked again on every visit, so a new
 * release reaches people on their next page load. Any other path without a file extension is a
 * page of the app (/org, /officials/…): it gets index.html, and the app's router shows the page.
 *
 * Each page answer carries a fresh nonce, in the content security policy and in a meta tag the
 * app reads: the component library marks the style elements it writes with it.
 */
export function webApp(root: string): Router {
  const index = path.join(root, 'index.html');
  const assets = path.join(root, 'assets') + path.sep;
  const r = Router();
  r.use(compression());
  r.use(
    express.static(root, {
      index: false,
      setHeaders: (res, file) =>
        res.setHeader('cache-control', file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  const page: RequestHandler = async (req, res, next) => {
    if (path.extname(req.path) || req.path.startsWith('/api/') || req.path.startsWith('/auth/')) return next();
    let html: string;
    try {
      html = await readFile(index, 'utf8');
    } catch {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Ứng dụng web chưa được dựng: chạy `npm run build:web`.\nThe web app is not built: run `npm run build:web`.\n');
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('content-security-policy', contentSecurityPolicy(nonce));
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  r.get(/.*/, page);
  return r;
}
