import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { currentTraceparent } from '@thuocdo/telemetry';

/**
 * Promise form of a generated callback-style unary call:
 *   const res = await unary<LogWorkResponse>((cb) => client.logWork(req, md, cb));
 */
export function unary<Res>(invoke: (cb: (err: ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => {
    invoke((err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** Call metadata carrying the caller's bearer token and the active trace. */
export function callMetadata(token: string): Metadata {
  const md = new Metadata();
  md.set('authorization', `Bearer ${token}`);
  const tp = currentTraceparent();
  if (tp) md.set('traceparent', tp);
  return md;
}

export const insecure = () => credentials.createInsecure();
