import type { RestApi } from '../../../../packages/proto/src/http/types';
import i18n from './i18n';

/** A route of the gateway's REST API: "VERB /api/…" (generated from the protos). */
export type Route = keyof RestApi;
export type RequestOf<R extends Route> = RestApi[R]['request'];
export type ResponseOf<R extends Route> = RestApi[R]['response'];

/** An error answer of the gateway: its code, the request field at fault, and the message in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly field: string | undefined,
    readonly messages: { vi: string; en: string },
  ) {
    super(messages.en);
    this.name = 'ApiError';
  }

  /** The message in the language the person reads the app in. */
  get text(): string {
    return i18n.language === 'en' ? this.messages.en : this.messages.vi;
  }
}

let csrfToken = '';

/** The session's CSRF token (from /api/me): every state-changing request sends it back. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

async function send(method: string, url: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'UNAVAILABLE', undefined, {
      vi: 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại',
      en: 'The server cannot be reached; check the connection and retry',
    });
  }
  const json = (await res.json().catch(() => undefined)) as
    | { error?: { code: string; field?: string; message: { vi: string; en: string } } }
    | undefined;
  if (!res.ok) {
    const e = json?.error;
    throw new ApiError(res.status, e?.code ?? 'UNKNOWN', e?.field, e?.message ?? { vi: `Lỗi ${res.status}`, en: `Error ${res.status}` });
  }
  return json;
}

/**
 * A GET request's fields as a query string, the way HTTP/JSON transcoding reads one: a repeated
 * field as the name once per value (groups=A&groups=B), a message's fields under dotted names
 * (period.year=2026), empty values left out.
 */
function appendQuery(query: URLSearchParams, prefix: string, fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    const name = prefix + k;
    if (Array.isArray(v)) for (const item of v) query.append(name, String(item));
    else if (typeof v === 'object' && v !== null) appendQuery(query, `${name}.`, v as Record<string, unknown>);
    else if (v !== undefined && v !== null && v !== '') query.append(name, String(v));
  }
}

/**
 * Calls a route of the REST API: path fields fill the template, the other fields go in the
 * query string (GET, and DELETE, whose routes take no body) or the JSON body; state-changing
 * requests carry the CSRF token.
 */
export function api<R extends Route>(route: R, request: RequestOf<R> = {} as RequestOf<R>): Promise<ResponseOf<R>> {
  const [method, template] = route.split(' ') as [string, string];
  const fields: Record<string, unknown> = { ...(request as Record<string, unknown>) };
  const path = template.replace(/\{([a-z0-9_]+)\}/g, (_, name: string) => {
    const value = fields[name];
    delete fields[name];
    return encodeURIComponent(String(value ?? ''));
  });
  if (method === 'GET' || method === 'DELETE') {
    const query = new URLSearchParams();
    appendQuery(query, '', fields);
    const qs = query.toString();
    return send(method, qs ? `${path}?${qs}` : path) as Promise<ResponseOf<R>>;
  }
  return send(method, path, fields) as Promise<ResponseOf<R>>;
}

/** The signed-in browser session as the gateway knows it. */
export interface SessionInfo {
  name: string;
  subject: string;
  tenant: string;
  official_id: string;
  roles: string[];
  csrf_token: string;
  signed_in_at: string;
}

export async function fetchSession(): Promise<SessionInfo> {
  const s = (await send('GET', '/api/me')) as SessionInfo;
  setCsrfToken(s.csrf_token);
  return s;
}

/** The service worker's copies of API answers (src/service-worker.js): personal data, deleted at sign-out. */
export const API_CACHE = 'thuocdo-api';

/** Ends the session at the gateway, then at the identity provider (its page sends the browser back). */
export async function signOut(): Promise<void> {
  const { logout_url } = (await send('POST', '/auth/logout')) as { logout_url: string };
  await globalThis.caches?.delete(API_CACHE).catch(() => false);
  window.location.assign(logout_url || '/');
}
