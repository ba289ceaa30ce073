import { status } from '@grpc/grpc-js';
import { bearerToken, type Logger } from '@thuocdo/kit';
import { counter } from '@thuocdo/telemetry';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import express from 'express';
import session from 'express-session';
import type pg from 'pg';
import type { Config } from './config';
import { httpError, toHttpError } from './domain/http-errors';

/** What a signed-in browser session holds; the browser itself holds only the session id. */
export interface SignedIn {
  subject: string;
  name: string;
  accessToken: string;
  refreshToken: string;
  idToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
  /** When the person signed in: a session ends SESSION_MAX_HOURS after it, whatever happens. */
  signedInAt: number;
}

declare module 'express-session' {
  interface SessionData {
    auth?: SignedIn;
    /** A sign-in under way: the PKCE verifier, the state and the nonce sent to the identity provider. */
    login?: { verifier: string; state: string; nonce: string; startedAt: number; returnTo: string };
  }
}

type OidcModule = typeof import('openid-client');

const refreshed = counter('gateway_token_refreshes_total', 'Access tokens refreshed for browser sessions', ['outcome']);
const refused = counter('gateway_refused_requests_total', 'State-changing requests refused before reaching a service', ['reason']);

/**
 * Where to send the browser after sign-in: a page of this site the person asked for
 * (`/auth/login?return_to=/officials/…`), never another site (`//evil.example`, `/\\evil`) nor the
 * sign-in routes themselves; anything else is the home page.
 */
export function returnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/')) return '/';
  if (value.startsWith('//') || value.includes('\\') || [...value].some((c) => c < ' ' || c === '\x7f') || value.startsWith('/auth/'))
    return '/';
  return value;
}

/** Methods that change state: CSRF-protected and Origin-checked when a session cookie authenticates them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const send = (res: Response, e: ReturnType<typeof toHttpError>) => res.status(e.status).json(e.body);

/**
 * Browser sessions at the gateway (docs/architecture.md, The gateway): OpenID Connect sign-in
 * (authorization code + PKCE, through openid-client), the tokens kept on the server in a
 * PostgreSQL session store shared by every replica (express-session with connect-pg-simple),
 * the access token refreshed shortly before it expires, a new session id at every sign-in (the
 * previous session ends), CSRF tokens (synchroniser pattern, csrf-sync) and an Origin check on
 * every state-changing request the session authenticates, and sign-out at the identity provider.
 * Requests that carry their own bearer token (API clients) use no cookie, so neither check
 * applies to them.
 */
export class Sessions {
  private oidc?: { lib: OidcModule; config: import('openid-client').Configuration };
  private readonly publicOrigin: string;
  private readonly csrf: ReturnType<typeof csrfSync>;
  readonly middleware: RequestHandler;

  constructor(
    private readonly cfg: Config,
    private readonly log: Logger,
    private readonly pool: pg.Pool,
  ) {
    this.publicOrigin = new URL(cfg.PUBLIC_URL).origin;
    const secure = cfg.PUBLIC_URL.startsWith('https://');
    const PgStore = connectPgSimple(session);
    this.middleware = session({
      name: secure ? '__Host-thuocdo' : 'thuocdo_session',
      secret: cfg.SESSION_SECRET,
      store: new PgStore({ pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 600 }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      // The browser sends the cookie on top-level navigations from the identity provider (Lax);
      // CSRF tokens and the Origin check guard everything that changes state.
      cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: cfg.SESSION_IDLE_MINUTES * 60_000 },
      proxy: secure,
    });
    this.csrf = csrfSync({
      getTokenFromRequest: (req) => {
        const h = req.headers['x-csrf-token'];
        return typeof h === 'string' ? h : undefined;
      },
    });
  }

  private async client() {
    if (this.oidc) return this.oidc;
    const lib: OidcModule = await import('openid-client');
    const insecure = this.cfg.AUTH_ISSUER.startsWith('http://');
    const config = await lib.discovery(
      new URL(this.cfg.AUTH_ISSUER),
      this.cfg.OIDC_CLIENT_ID,
      this.cfg.OIDC_CLIENT_SECRET,
      undefined,
      insecure ? { execute: [lib.allowInsecureRequests] } : undefined,
    );
    this.oidc = { lib, config };
    return this.oidc;
  }

  /** The signed-in session of the request, unless it passed its longest life. */
  current(req: Request): SignedIn | undefined {
    const auth = req.session?.auth;
    if (!auth) return undefined;
    if (Date.now() - auth.signedInAt > this.cfg.SESSION_MAX_HOURS * 3_600_000) return undefined;
    return auth;
  }

  /** A token the CSRF check accepts for this session (made on first use, kept for the session). */
  csrfToken(req: Request): string {
    return this.csrf.generateToken(req);
  }

  /**
   * Guards state-changing requests that a session cookie authenticates: the Origin (or, without
   * one, the Referer) must be the gateway's own, and the request must carry the session's CSRF
   * token in X-CSRF-Token. Requests with their own Authorization header carry no ambient
   * credential and pass.
   */
  guard(): RequestHandler {
    return (req, res, next) => {
      if (SAFE_METHODS.has(req.method) || req.headers.authorization !== undefined) return next();
      const origin = req.headers.origin ?? (URL.canParse(req.headers.referer ?? '') ? new URL(req.headers.referer!).origin : undefined);
      if (origin !== this.publicOrigin) {
        refused.inc({ reason: 'origin' });
        return send(
          res,
          httpError(
            status.PERMISSION_DENIED,
            'origin',
            'Yêu cầu không đến từ trang ThuocDo',
            'The request did not come from the ThuocDo page',
          ),
        );
      }
      this.csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => {
        if (!err) return next();
        refused.inc({ reason: 'csrf' });
        send(
          res,
          httpError(
            status.PERMISSION_DENIED,
            'csrf_token',
            'Mã chống giả mạo yêu cầu (CSRF) thiếu hoặc sai; hãy tải lại trang',
            'The CSRF token is missing or wrong; reload the page',
          ),
        );
      });
    };
  }

  /**
   * The bearer token of the request: an Authorization header (API clients), which must be a
   * well-formed "Bearer <jwt>" (anything else is UNAUTHENTICATED); else the session's, refreshed
   * first when it expires within TOKEN_REFRESH_BEFORE_SECONDS.
   */
  async token(req: Request): Promise<string | undefined> {
    const header = req.headers.authorization;
    if (header !== undefined) return bearerToken(header);
    const auth = this.current(req);
    if (!auth) return undefined;
    if (auth.expiresAt - Date.now() > this.cfg.TOKEN_REFRESH_BEFORE_SECONDS * 1000) return auth.accessToken;
    return (await this.refresh(req, auth))?.accessToken;
  }

  /**
   * Refreshes a session's tokens. The identity provider rotates refresh tokens (and may revoke a
   * sign-in whose spent refresh token is presented again), so refreshes of one session never
   * overlap, whichever replica serves them: the session's row is locked while its tokens are
   * refreshed, and a request that waited for the lock finds the new tokens there. The row is
   * the truth: this request's copy of the session is left as it was loaded, so that the session
   * middleware does not write an older copy back over newer tokens when the request ends.
   */
  private async refresh(req: Request, auth: SignedIn): Promise<SignedIn | undefined> {
    const client = await this.pool.connect();
    let ended = false;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query('SELECT sess FROM session WHERE sid = $1 FOR UPDATE', [req.sessionID]);
      const stored = (rows[0]?.sess as { auth?: SignedIn } | undefined)?.auth;
      if (!stored || stored.subject !== auth.subject) {
        await client.query('ROLLBACK');
        ended = true;
        return undefined;
      }
      // Another request refreshed while this one waited: its tokens are the session's now.
      if (stored.accessToken !== auth.accessToken || stored.expiresAt - Date.now() > this.cfg.TOKEN_REFRESH_BEFORE_SECONDS * 1000) {
        await client.query('COMMIT');
        refreshed.inc({ outcome: 'refreshed by a concurrent request' });
        return stored;
      }
      let next: SignedIn;
      try {
        const { lib, config } = await this.client();
        const tokens = await lib.refreshTokenGrant(config, stored.refreshToken);
        next = {
          ...stored,
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token ?? stored.refreshToken,
          idToken: tokens.id_token ?? stored.idToken,
          expiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1000,
        };
      } catch (err) {
        await client.query('ROLLBACK');
        refreshed.inc({ outcome: 'failed' });
        this.log.info(
          { err: (err as Error).message, reason: (err as { error_description?: string }).error_description },
          'token refresh failed: the session ends',
        );
        ended = true;
        return undefined;
      }
      await client.query('UPDATE session SET sess = $2 WHERE sid = $1', [req.sessionID, JSON.stringify({ ...rows[0].sess, auth: next })]);
      await client.query('COMMIT');
      refreshed.inc({ outcome: 'refreshed' });
      return next;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
      if (ended) await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    }
  }

  routes(): Router {
    const r = express.Router();
    const redirectUri = new URL('/auth/callback', this.cfg.PUBLIC_URL).toString();

    r.get('/auth/login', async (req, res, next) => {
      try {
        const { lib, config } = await this.client();
        const verifier = lib.randomPKCECodeVerifier();
        const state = lib.randomState();
        const nonce = lib.randomNonce();
        req.session.login = { verifier, state, nonce, startedAt: Date.now(), returnTo: returnPath(req.query.return_to) };
        await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
        const url = lib.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid profile',
          code_challenge: await lib.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        res.redirect(url.toString());
      } catch (err) {
        next(err);
      }
    });

    r.get('/auth/callback', async (req, res) => {
      const login = req.session.login;
      if (!login || Date.now() - login.startedAt > 10 * 60_000) {
        res.redirect('/');
        return;
      }
      try {
        const { lib, config } = await this.client();
        const current = new URL(req.originalUrl, this.cfg.PUBLIC_URL);
        const tokens = await lib.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
        });
        const claims = tokens.claims();
        // A new session id at every sign-in: the session the browser had before ends here.
        await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
        req.session.auth = {
          subject: String(claims?.sub ?? ''),
          name: String(claims?.name ?? claims?.preferred_username ?? claims?.sub ?? ''),
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token ?? '',
          idToken: tokens.id_token ?? '',
          expiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1000,
          signedInAt: Date.now(),
        };
        // The CSRF token is made now, so that no later request rewrites the session for it.
        this.csrf.generateToken(req);
        await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
        res.redirect(login.returnTo || '/');
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'sign-in failed');
        res.status(401).type('text/plain; charset=utf-8').send('Đăng nhập thất bại / Sign-in failed');
      }
    });

    // Sign-out: the session ends here, and the answer names the identity provider's sign-out
    // page, where the browser goes next so that the provider's session ends too.
    r.post('/auth/logout', this.guard(), async (req, res) => {
      const auth = this.current(req);
      let logoutUrl = '/';
      try {
        if (auth) {
          const { lib, config } = await this.client();
          if (config.serverMetadata().end_session_endpoint)
            logoutUrl = lib
              .buildEndSessionUrl(config, {
                id_token_hint: auth.idToken,
                post_logout_redirect_uri: new URL('/', this.cfg.PUBLIC_URL).toString(),
              })
              .toString();
        }
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'the identity provider could not be asked to sign out');
      }
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie(this.cfg.PUBLIC_URL.startsWith('https://') ? '__Host-thuocdo' : 'thuocdo_session', { path: '/' });
      res.json({ logout_url: logoutUrl });
    });
    return r;
  }
}

/** Errors of the session middleware (the store does not answer) as UNAVAILABLE, never a 500 page. */
export function sessionErrors(err: unknown, _req: Request, res: Response, next: NextFunction) {
  if (!err) return next();
  send(res, toHttpError(err));
}
