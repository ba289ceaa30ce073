import { randomBytes } from 'node:crypto';
import { bearerToken, type Logger } from '@thuocdo/kit';
import type { Request, Response, Router } from 'express';
import express from 'express';
import type { Config } from './config';

const COOKIE = 'thuocdo_session';
const FLOW_COOKIE = 'thuocdo_login';

interface Session {
  accessToken: string;
  expiresAt: number;
  name: string;
}

type OidcModule = typeof import('openid-client');

/**
 * Browser login with OpenID Connect (authorization code + PKCE, through openid-client).
 * Tokens stay on the server; the browser holds only a random session id in an HttpOnly cookie.
 * Sessions live in this process's memory: with several gateway replicas, use sticky sessions
 * (documented in the chart) until a shared session store is added.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly flows = new Map<string, { verifier: string; state: string; expires: number }>();
  private oidc?: { lib: OidcModule; config: import('openid-client').Configuration };

  constructor(
    private readonly cfg: Config,
    private readonly log: Logger,
  ) {}

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

  /**
   * The bearer token of the request: an Authorization header (API clients), which must be a
   * well-formed "Bearer <jwt>" (anything else is UNAUTHENTICATED), or else the session's.
   */
  token(req: Request): string | undefined {
    const header = req.headers.authorization;
    if (header !== undefined) return bearerToken(header);
    return this.current(req)?.accessToken;
  }

  current(req: Request): Session | undefined {
    const id = readCookie(req, COOKIE);
    const s = id ? this.sessions.get(id) : undefined;
    if (s && s.expiresAt < Date.now()) {
      this.sessions.delete(id!);
      return undefined;
    }
    return s;
  }

  routes(): Router {
    const r = express.Router();
    const redirectUri = new URL('/auth/callback', this.cfg.PUBLIC_URL).toString();
    const secure = this.cfg.PUBLIC_URL.startsWith('https://');
    const cookie = (res: Response, name: string, value: string, maxAgeMs: number) =>
      res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeMs });

    r.get('/auth/login', async (_req, res) => {
      const { lib, config } = await this.client();
      const verifier = lib.randomPKCECodeVerifier();
      const state = lib.randomState();
      const flowId = randomBytes(16).toString('base64url');
      // Anyone may start a login: keep a bounded number of pending ones (oldest dropped).
      if (this.flows.size >= this.cfg.MAX_PENDING_LOGINS) this.flows.delete(this.flows.keys().next().value!);
      this.flows.set(flowId, { verifier, state, expires: Date.now() + 10 * 60_000 });
      cookie(res, FLOW_COOKIE, flowId, 10 * 60_000);
      const url = lib.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: await lib.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      res.redirect(url.toString());
    });

    r.get('/auth/callback', async (req, res) => {
      const flowId = readCookie(req, FLOW_COOKIE);
      const flow = flowId ? this.flows.get(flowId) : undefined;
      if (flowId) this.flows.delete(flowId);
      res.clearCookie(FLOW_COOKIE, { path: '/' });
      if (!flow || flow.expires < Date.now()) {
        res.redirect('/');
        return;
      }
      try {
        const { lib, config } = await this.client();
        const current = new URL(req.originalUrl, this.cfg.PUBLIC_URL);
        const tokens = await lib.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
        });
        const claims = tokens.claims();
        const id = randomBytes(32).toString('base64url');
        const expiresIn = tokens.expiresIn() ?? 3600;
        this.sessions.set(id, {
          accessToken: tokens.access_token,
          expiresAt: Date.now() + expiresIn * 1000,
          name: String(claims?.name ?? claims?.preferred_username ?? claims?.sub ?? ''),
        });
        cookie(res, COOKIE, id, expiresIn * 1000);
        res.redirect('/');
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'login failed');
        res.status(401).type('text/plain; charset=utf-8').send('Đăng nhập thất bại / Login failed');
      }
    });

    r.post('/auth/logout', (req, res) => {
      const id = readCookie(req, COOKIE);
      if (id) this.sessions.delete(id);
      res.clearCookie(COOKIE, { path: '/' });
      res.status(204).end();
    });
    return r;
  }

  /** Drops expired sessions and login flows; called periodically. */
  sweep(): void {
    const now = Date.now();
    for (const [k, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(k);
    for (const [k, f] of this.flows) if (f.expires < now) this.flows.delete(k);
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // malformed: as if absent
    }
  }
  return undefined;
}
