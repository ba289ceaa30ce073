import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server (PostgreSQL, say) that a test can break in two ways:
 * block() drops every open connection and refuses new ones (a server that went away), and
 * blackhole() keeps connections open but stops carrying bytes either way, and accepts new ones
 * without answering (a network that drops packets: calls hang instead of failing).
 */
export class TcpProxy {
  private mode: 'open' | 'blocked' | 'blackhole' = 'open';
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let self: TcpProxy | undefined;
    const server = createServer((client) => {
      if (!self || self.mode === 'blocked') {
        client.destroy();
        return;
      }
      const upstream = createConnection(targetPort, targetHost);
      const pair = { client, upstream };
      self.pairs.add(pair);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        self!.pairs.delete(pair);
      };
      for (const s of [client, upstream]) {
        s.on('close', drop);
        s.on('error', drop);
      }
      client.on('data', (d) => {
        if (self!.mode === 'open') upstream.write(d);
      });
      upstream.on('data', (d) => {
        if (self!.mode === 'open') client.write(d);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TcpProxy(server, (server.address() as { port: number }).port);
    return self;
  }

  block(): void {
    this.mode = 'blocked';
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
  }

  blackhole(): void {
    this.mode = 'blackhole';
  }

  /** Back to relaying. Connections that lost bytes while black-holed are closed: their protocol state is broken. */
  unblock(): void {
    if (this.mode === 'blackhole')
      for (const p of this.pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
    this.mode = 'open';
  }

  stop(): Promise<void> {
    this.block();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
