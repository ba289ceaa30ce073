import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server (PostgreSQL, say) that a test can cut: block() drops
 * every open connection and refuses new ones, as a database that became unreachable.
 */
export class TcpProxy {
  private blocked = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let self: TcpProxy | undefined;
    const server = createServer((client) => {
      if (!self || self.blocked) {
        client.destroy();
        return;
      }
      const upstream = createConnection(targetPort, targetHost);
      for (const s of [client, upstream]) {
        self.sockets.add(s);
        s.on('close', () => self!.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TcpProxy(server, (server.address() as { port: number }).port);
    return self;
  }

  block(): void {
    this.blocked = true;
    for (const s of this.sockets) s.destroy();
  }

  unblock(): void {
    this.blocked = false;
  }

  stop(): Promise<void> {
    this.block();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
