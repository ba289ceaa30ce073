import { counter } from '@thuocdo/telemetry';
import type { NextFunction, Request, Response } from 'express';

const requests = counter('http_requests_total', 'HTTP requests answered', ['method', 'status']);

/** Counts every answer by method and status. */
export function countRequests(req: Request, res: Response, next: NextFunction): void {
  res.on('finish', () => requests.inc({ method: req.method, status: String(res.statusCode) }));
  next();
}
