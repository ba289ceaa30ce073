import { status } from '@grpc/grpc-js';
import { bearerToken, type TokenVerifier } from '@thuocdo/kit';
import { counter } from '@thuocdo/telemetry';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from './config';
import { httpError } from './domain/http-errors';
import type { Sessions } from './session';

const limited = counter('gateway_rate_limited_total', 'Requests answered 429 by a rate limit', ['limit']);

/**
 * Rate limits on /api and /auth (docs/architecture.md, The gateway): per client address, which
 * bounds anonymous floods and sign-in attempts but is generous, since an office behind one
 * address is many people; and per signed-in subject, tighter, on bursts and on each minute.
 * A refused request is 429 with Retry-After and the RateLimit headers. Counters live in each
 * replica's memory: behind N replicas, a client gets up to N times the limits.
 */
export function rateLimits(cfg: Config, sessions: Sessions, verifyToken: TokenVerifier): RequestHandler[] {
  const refuse = (name: string) => (_req: Request, res: Response) => {
    limited.inc({ limit: name });
    const e = httpError(
      status.RESOURCE_EXHAUSTED,
      undefined,
      'Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít giây',
      'Too many requests in a short time; please retry in a few seconds',
      429,
    );
    res.status(e.status).json(e.body);
  };
  const byAddress = (name: string, windowMs: number, limit: number) =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: name,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
      handler: refuse(name),
    });
  /** The verified subject of a request: its session's, or its bearer token's (verified tokens are cached). */
  const subject = async (req: Request): Promise<string | undefined> => {
    const session = sessions.current(req);
    if (session) return session.subject;
    if (req.headers.authorization === undefined) return undefined;
    try {
      const p = await verifyToken(bearerToken(req.headers.authorization));
      return `${p.tenantId}/${p.subject}`;
    } catch {
      return undefined; // refused later as UNAUTHENTICATED; only the address limit counts it
    }
  };
  const bySubject = (name: string, windowMs: number, limit: number) =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: name,
      keyGenerator: async (req) => (await subject(req)) ?? '',
      skip: async (req) => (await subject(req)) === undefined,
      handler: refuse(name),
    });
  return [
    byAddress('address-second', 1000, cfg.RATE_LIMIT_ADDRESS_PER_SECOND),
    byAddress('address-minute', 60_000, cfg.RATE_LIMIT_ADDRESS_PER_MINUTE),
    bySubject('subject-second', 1000, cfg.RATE_LIMIT_SUBJECT_PER_SECOND),
    bySubject('subject-minute', 60_000, cfg.RATE_LIMIT_SUBJECT_PER_MINUTE),
  ];
}
