import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { currentTraceparent } from '@thuocdo/telemetry';
import { protoPath as healthProtoPath } from 'grpc-health-check';

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

let healthCtor: any;

/** grpc.health.v1 Check of a server (service "" is the whole server): "SERVING", "NOT_SERVING", … */
export function healthStatus(address: string, service = '', timeoutMs = 1000): Promise<string> {
  healthCtor ??= (loadPackageDefinition(loadSync(healthProtoPath, { enums: String })) as any).grpc.health.v1.Health;
  const client = new healthCtor(address, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (err: Error | null, res: { status: string }) => {
      client.close();
      err ? reject(err) : resolve(res.status);
    });
  });
}
