import type { Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { bearerToken, DEFAULT_PAGE_SIZE, type TokenVerifier, UnauthenticatedError, ValidationError } from '@thuocdo/kit';
import { type auditV1, httpApi } from '@thuocdo/proto';
import { callMetadata } from '@thuocdo/service';
import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import { httpError, toHttpError } from '../domain/http-errors';
import { decodeRequest, encodeMessage } from '../domain/json-codec';
import { decodeMergeToken, encodeMergeToken, MAX_MERGED_PAGE, mergePages } from '../domain/merged-pages';
import type { Sessions } from '../session';

const send = (res: Response, e: ReturnType<typeof toHttpError>) => res.status(e.status).json(e.body);

/**
 * "/v1/units/{id}:rename" → "/v1/units/:id\\:rename", with the names of the path fields: the colon
 * of a custom method (AIP-136) is literal, so it is escaped before the fields become parameters.
 */
function expressPath(template: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = template.replace(/:/g, '\\:').replace(/\{([a-z0-9_]+)\}/g, (_, name: string) => {
    params.push(name);
    return `:${name}`;
  });
  return { path, params };
}

function invoke(client: Client, route: httpApi.HttpRoute, request: unknown, md: Metadata, deadline: Date): Promise<unknown> {
  const def = route.definition;
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      request,
      md,
      { deadline },
      (err: ServiceError | null, res?: unknown) => (err ? reject(err) : resolve(res)),
    ),
  );
}

export interface ApiOptions {
  /** The gRPC client of the service that serves each fully qualified gRPC service. */
  clientFor(grpcService: string): Client;
  /** Every service serving a gRPC service several serve, by name. */
  clientsFor(grpcService: string): { name: string; client: Client }[];
  sessions: Sessions;
  verifyToken: TokenVerifier;
  timeoutMs: number;
}

/**
 * The REST/JSON API, derived from the protos: one route per RPC with a google.api.http option
 * (packages/proto/src/http/routes.ts), under /api. Each route: the caller's token (an
 * Authorization header, or the browser session), the request decoded from the path, the query
 * string and the JSON body against the message's schema (400 naming the field), the gRPC call
 * with a deadline, and the answer in JSON, or the error through the one status table.
 */
export function apiRoutes(o: ApiOptions): Router {
  const r = express.Router();
  for (const route of httpApi.HTTP_ROUTES) {
    const { path, params } = expressPath(route.template);
    const merged = MERGED[`${route.service}/${route.method}`];
    if (merged) {
      r.get(path, mergedHandler(o, route, merged));
      continue;
    }
    const client = o.clientFor(route.service);
    // A POST to a collection creates (201); a custom method (POST …/x:approve, AIP-136) answers 200.
    const created = route.verb === 'POST' && !route.template.includes(':');
    const handler = async (req: Request, res: Response) => {
      try {
        const token = await o.sessions.token(req);
        if (!token) throw new UnauthenticatedError({ vi: 'Chưa đăng nhập', en: 'Not signed in' });
        if (route.body && !req.is('application/json'))
          return send(
            res,
            httpError(
              status.INVALID_ARGUMENT,
              'body',
              'Nội dung yêu cầu phải là JSON (application/json)',
              'The request body must be JSON (application/json)',
              415,
            ),
          );
        const request = decodeRequest(route.request, {
          body: route.body ? req.body : undefined,
          query: req.query as Record<string, unknown>,
          path: Object.fromEntries(params.map((p) => [p, String(req.params[p])])),
        });
        const answer = await invoke(client, route, request, callMetadata(token), new Date(Date.now() + o.timeoutMs));
        res.status(created ? 201 : 200).json(encodeMessage(route.response, answer as Record<string, unknown>));
      } catch (err) {
        send(res, toHttpError(err));
      }
    };
    r[route.verb.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path, handler);
  }

  /**
   * Who is signed in: the session's person (with the CSRF token the web app sends back on every
   * state-changing request), or the holder of a valid bearer token. What they may do is org's
   * to say: GET /api/v1/me.
   */
  r.get('/me', async (req, res) => {
    try {
      if (req.headers.authorization === undefined) {
        const token = await o.sessions.token(req);
        const session = o.sessions.current(req);
        if (!token || !session) throw new UnauthenticatedError({ vi: 'Chưa đăng nhập', en: 'Not signed in' });
        const p = await o.verifyToken(token);
        return res.json({
          name: session.name,
          subject: p.subject,
          tenant: p.tenantId,
          official_id: p.officialId,
          roles: p.roles,
          csrf_token: o.sessions.csrfToken(req),
          signed_in_at: new Date(session.signedInAt).toISOString(),
        });
      }
      const p = await o.verifyToken(bearerToken(req.headers.authorization));
      res.json({ name: '', subject: p.subject, tenant: p.tenantId, official_id: p.officialId, roles: p.roles, client_id: p.clientId });
    } catch (err) {
      send(res, toHttpError(err));
    }
  });

  r.use((_req: Request, res: Response) => send(res, httpError(status.NOT_FOUND, undefined, 'Không có địa chỉ này', 'No such endpoint')));
  return r;
}

/** A list several services serve, each for its own records: where its items are and their order. */
interface MergedList {
  items: string;
  order: (a: any, b: any) => number;
}

/** Audit records newest first, then by id within a service (ids grow with time). */
const newestFirst = (a: auditV1.AuditRecord, b: auditV1.AuditRecord) =>
  (b.occurTime?.getTime() ?? 0) - (a.occurTime?.getTime() ?? 0) || Number(b.id) - Number(a.id);

const MERGED: Record<string, MergedList> = {
  'thuocdo.audit.v1.AuditService/ListAuditRecords': { items: 'records', order: newestFirst },
};

/** GET of a merged list: every service asked, their pages merged in order (domain/merged-pages.ts). */
function mergedHandler(o: ApiOptions, route: httpApi.HttpRoute, list: MergedList) {
  const sources = o.clientsFor(route.service);
  const names = sources.map((s) => s.name);
  return async (req: Request, res: Response) => {
    try {
      const token = await o.sessions.token(req);
      if (!token) throw new UnauthenticatedError({ vi: 'Chưa đăng nhập', en: 'Not signed in' });
      const request = decodeRequest(route.request, { query: req.query as Record<string, unknown>, path: {} }) as {
        pageSize: number;
        pageToken: string;
      };
      const size = request.pageSize || DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(size) || size < 1 || size > MAX_MERGED_PAGE)
        throw new ValidationError('page_size', {
          vi: `page_size phải từ 1 đến ${MAX_MERGED_PAGE}`,
          en: `page_size must be from 1 to ${MAX_MERGED_PAGE}`,
        });
      const state = decodeMergeToken(request.pageToken, names);
      const deadline = new Date(Date.now() + o.timeoutMs);
      const pages = await Promise.all(
        sources
          .filter((s) => !state[s.name].done)
          .map(async (s) => {
            const page = (await invoke(
              s.client,
              route,
              { ...request, pageToken: state[s.name].token, pageSize: state[s.name].skip + size },
              callMetadata(token),
              deadline,
            )) as Record<string, unknown>;
            return { source: s.name, items: page[list.items] as unknown[], nextToken: page.nextPageToken as string };
          }),
      );
      const { items, next } = mergePages(state, pages, size, list.order);
      res.json(encodeMessage(route.response, { [list.items]: items, nextPageToken: encodeMergeToken({ ...state, ...next }) }));
    } catch (err) {
      send(res, toHttpError(err));
    }
  };
}

/**
 * Body-parser failures as answers naming the body: malformed JSON (400), too large (413),
 * a charset other than UTF-8 or a content encoding other than identity, gzip, deflate or br (415).
 */
export function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction) {
  const e = err as { type?: string; status?: number };
  const answer = (code: number, vi: string, en: string) => send(res, httpError(status.INVALID_ARGUMENT, 'body', vi, en, code));
  if (e?.type === 'entity.too.large') return answer(413, 'Nội dung yêu cầu quá lớn', 'Request body is too large');
  if (e?.type === 'charset.unsupported')
    return answer(415, 'Nội dung yêu cầu phải mã hoá UTF-8', 'The request body must be encoded in UTF-8');
  if (e?.type === 'encoding.unsupported')
    return answer(415, 'Kiểu nén nội dung không được hỗ trợ', 'The content encoding is not supported (use identity, gzip, deflate or br)');
  if (e?.type === 'entity.parse.failed' || e?.type === 'request.aborted' || e?.type === 'entity.verify.failed' || e?.status === 400)
    return answer(400, 'Nội dung yêu cầu không phải JSON hợp lệ', 'Request body is not valid JSON');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return answer(e.status, 'Nội dung yêu cầu không đọc được', 'The request body could not be read');
  next(err);
}
