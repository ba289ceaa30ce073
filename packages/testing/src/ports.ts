import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The lowest port of the kernel's range for outgoing connections' local ports. A port handed out
 * from that range (listen on port 0) can be taken as the local end of some connection to
 * PostgreSQL or the broker before the service meant to listen on it starts, which then fails with
 * EADDRINUSE; ports below the range are never taken that way.
 */
const EPHEMERAL_LOW = (() => {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 0) return low;
  } catch {
    // not Linux: the usual range
  }
  return 49152;
})();
const LOW = 10_000;
const HIGH = Math.max(LOW + 1000, EPHEMERAL_LOW - 1);

const handedOut = new Set<number>();

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/**
 * A TCP port that was free a moment ago on 127.0.0.1, below the ephemeral range and never handed
 * out before by this process (two services of one platform never get the same one).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port found between ${LOW} and ${HIGH}`);
}
