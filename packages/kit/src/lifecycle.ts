import type { Logger } from './logging';

/**
 * What a service is made of besides its handlers, as the start-up (packages/service) sees it.
 * Defined here, in the core kit, so that packages/db, packages/messaging and a service's own
 * stores can offer resources without depending on the start-up itself.
 */

/** A dependency the service connects to at start: a database pool, a Kafka client, ClickHouse. */
export interface Resource<T> {
  /** Name in logs and health reports, for example "postgresql". */
  name: string;
  /** Connects (and migrates, for a store). Retried while the dependency is still coming up. */
  open(log: Logger): Promise<T>;
  /** Health probe: resolves while the dependency answers. */
  check(value: T): Promise<unknown>;
  close(value: T): Promise<void>;
}

/** Something that runs beside the handlers: an outbox relay, a consumer group, a scheduled job. */
export interface Worker {
  name: string;
  start(): Promise<void>;
  /** Finishes what it holds (flushes, commits offsets) and returns. */
  stop(): Promise<void>;
}

/** A start-up failure that waiting will not fix (a migration that fails or was edited): not retried. */
export class StartupFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupFailure';
  }
}
