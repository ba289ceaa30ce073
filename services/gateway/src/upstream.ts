import { type ChannelCredentials, Client } from '@grpc/grpc-js';
import { addressVariable, SERVICES, serviceServing, servicesServing } from '@thuocdo/registry';
import type { DependencyCheck } from '@thuocdo/service';
import { healthStatus, insecure } from '@thuocdo/service';

/**
 * One long-lived channel per gRPC service of the registry, and a health check for each: the
 * gateway reports ready only while every service behind it is SERVING.
 */
export function createUpstreams(addresses: Record<string, string>, creds: ChannelCredentials = insecure()) {
  // Answers may carry spreadsheets (an agency's org chart): larger than grpc-js's 4 MB default.
  const options = { 'grpc.keepalive_time_ms': 30_000, 'grpc.max_receive_message_length': 64 * 1024 * 1024 };
  const byService = new Map<string, { address: string; client: Client }>();
  for (const s of SERVICES) {
    if (s.kind !== 'grpc') continue;
    const address = addresses[addressVariable(s.name)];
    byService.set(s.name, { address, client: new Client(address, creds, options) });
  }
  return {
    /** The client of the service that serves a fully qualified gRPC service. */
    clientFor(grpcService: string): Client {
      const owner = serviceServing(grpcService);
      const upstream = owner && byService.get(owner.name);
      if (!upstream) throw new Error(`${grpcService}: no service in the registry serves it`);
      return upstream.client;
    },
    /** Every service that serves a gRPC service several serve (each its own audit log), by name. */
    clientsFor(grpcService: string): { name: string; client: Client }[] {
      return servicesServing(grpcService).map((s) => ({ name: s.name, client: byService.get(s.name)!.client }));
    },
    checks(timeoutMs: number): DependencyCheck[] {
      return [...byService].map(([name, u]) => ({
        name,
        check: async () => {
          const st = await healthStatus(u.address, '', timeoutMs);
          if (st !== 'SERVING') throw new Error(st);
        },
      }));
    },
    close(): void {
      for (const u of byService.values()) u.client.close();
    },
  };
}

export type Upstreams = ReturnType<typeof createUpstreams>;
