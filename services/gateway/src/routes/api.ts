import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { callMetadata } from '@thuocdo/kit';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { fromGrpcError, httpError } from '../domain/http-errors';
import { bodies, parse, queries } from '../domain/requests';
import type { Sessions } from '../session';
import type { Upstreams } from '../upstream';

type Callback<Res> = (err: ServiceError | null, res: Res) => void;
type Invoke<Res> = (md: Metadata, options: { deadline: Date }, cb: Callback<Res>) => unknown;

/** Converts a generated response to JSON in snake_case, dates as RFC 3339. */
export function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), toJson(v)]));
  return value;
}

/**
 * REST/JSON over the services. Each route: check the input's shape (400 naming the field),
 * call the service with the caller's token, map the answer through the one status table.
 */
export function apiRoutes(u: Upstreams, sessions: Sessions, timeoutMs: number) {
  const r = express.Router();

  const call =
    <Res>(build: (req: Request) => { error?: ReturnType<typeof httpError>; invoke?: Invoke<Res> }, created = false) =>
    async (req: Request, res: Response) => {
      const token = sessions.token(req);
      if (!token) {
        const e = httpError(status.UNAUTHENTICATED, undefined, 'Chưa đăng nhập', 'Not signed in');
        res.status(e.status).json(e.body);
        return;
      }
      const { error, invoke } = build(req);
      if (error || !invoke) {
        res.status(error!.status).json(error!.body);
        return;
      }
      try {
        const result = await new Promise<Res>((resolve, reject) =>
          invoke(callMetadata(token), { deadline: new Date(Date.now() + timeoutMs) }, (err, out) => (err ? reject(err) : resolve(out))),
        );
        res.status(created ? 201 : 200).json(toJson(result));
      } catch (err) {
        const e = fromGrpcError(err);
        res.status(e.status).json(e.body);
      }
    };

  /** Validates with a schema, then builds the upstream call from the parsed value. */
  const withInput =
    <S extends import('zod').ZodType, Res>(schema: S, from: 'body' | 'query', fn: (v: import('zod').infer<S>) => Invoke<Res>) =>
    (req: Request) => {
      const p = parse(schema, from === 'body' ? req.body : req.query);
      return p.ok ? { invoke: fn(p.value) } : { error: p.error };
    };

  r.get(
    '/agencies',
    call(() => ({ invoke: (md, o, cb) => u.org.listAgencies({}, md, o, cb) })),
  );
  r.post(
    '/agencies',
    call(
      withInput(bodies.createAgency, 'body', (b) => (md, o, cb) => u.org.createAgency(b, md, o, cb)),
      true,
    ),
  );
  r.get('/units', call(withInput(queries.units, 'query', (q) => (md, o, cb) => u.org.listUnits({ agencyId: q.agency_id }, md, o, cb))));
  r.post(
    '/units',
    call(
      withInput(
        bodies.createUnit,
        'body',
        (b) => (md, o, cb) =>
          u.org.createUnit({ id: b.id, agencyId: b.agency_id, parentUnitId: b.parent_unit_id, code: b.code, name: b.name }, md, o, cb),
      ),
      true,
    ),
  );
  r.get(
    '/officials',
    call(
      withInput(
        queries.officials,
        'query',
        (q) => (md, o, cb) => u.org.listOfficials({ agencyId: q.agency_id, unitId: q.unit_id }, md, o, cb),
      ),
    ),
  );
  r.post(
    '/officials',
    call(
      withInput(
        bodies.createOfficial,
        'body',
        (b) => (md, o, cb) =>
          u.org.createOfficial(
            { id: b.id, agencyId: b.agency_id, unitId: b.unit_id, fullName: b.full_name, email: b.email, category: b.category },
            md,
            o,
            cb,
          ),
      ),
      true,
    ),
  );
  r.get(
    '/work-items',
    call(() => ({ invoke: (md, o, cb) => u.catalog.listWorkItems({}, md, o, cb) })),
  );
  r.post(
    '/work-items',
    call(
      withInput(
        bodies.createWorkItem,
        'body',
        (b) => (md, o, cb) =>
          u.catalog.createWorkItem(
            { code: b.code, name: b.name, productUnit: b.product_unit, standardMinutes: b.standard_minutes },
            md,
            o,
            cb,
          ),
      ),
      true,
    ),
  );
  r.post(
    '/work-logs',
    call(
      withInput(
        bodies.logWork,
        'body',
        (b) => (md, o, cb) =>
          u.worklog.logWork(
            {
              officialId: b.official_id,
              workDate: b.work_date,
              workItemId: b.work_item_id,
              quantity: b.quantity,
              minutes: b.minutes,
              note: b.note,
              requestId: b.request_id,
            },
            md,
            o,
            cb,
          ),
      ),
      true,
    ),
  );
  r.get(
    '/work-logs',
    call(
      withInput(
        queries.workLogs,
        'query',
        (q) => (md, o, cb) =>
          u.worklog.listWorkLogs(
            { officialId: q.official_id, fromDate: q.from_date, toDate: q.to_date, pageSize: q.page_size, pageToken: q.page_token },
            md,
            o,
            cb,
          ),
      ),
    ),
  );
  r.get(
    '/analytics/agency-daily-work',
    call(
      withInput(
        queries.agencyDailyWork,
        'query',
        (q) => (md, o, cb) =>
          u.analytics.getAgencyDailyWork({ fromDate: q.from_date, toDate: q.to_date, agencyId: q.agency_id }, md, o, cb),
      ),
    ),
  );
  r.get('/me', (req, res) => {
    const s = sessions.current(req);
    if (!s && !req.headers.authorization) {
      const e = httpError(status.UNAUTHENTICATED, undefined, 'Chưa đăng nhập', 'Not signed in');
      res.status(e.status).json(e.body);
      return;
    }
    res.json({ name: s?.name ?? '' });
  });
  r.use((_req: Request, res: Response) => {
    const e = httpError(status.NOT_FOUND, undefined, 'Không có địa chỉ này', 'No such endpoint');
    res.status(e.status).json(e.body);
  });
  return r;
}

/** Body-parser failures (malformed JSON, too large) as 400 answers naming the body. */
export function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction) {
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') {
    const h = httpError(status.INVALID_ARGUMENT, 'body', 'Nội dung yêu cầu quá lớn', 'Request body is too large');
    res.status(h.status).json(h.body);
    return;
  }
  if (e?.type === 'entity.parse.failed' || e?.status === 400) {
    const h = httpError(status.INVALID_ARGUMENT, 'body', 'Nội dung yêu cầu không phải JSON hợp lệ', 'Request body is not valid JSON');
    res.status(h.status).json(h.body);
    return;
  }
  next(err);
}
