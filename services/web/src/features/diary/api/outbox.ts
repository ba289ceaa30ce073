import { ApiError, type RequestOf, type ResponseOf } from '../../../lib/api';

/**
 * The outbox of the diary (hàng đợi gửi): entries written while the server could not be reached
 * wait in this browser, in the order they were written, and are sent when the connection is back.
 * Each carries the request id (a UUID made when it was written) that every attempt sends again,
 * so an attempt whose answer was lost and is then repeated never writes the entry twice: the
 * server answers the entry it already holds. An entry the server refuses (its own fault: a field
 * in error, a duplicate, a closed month) stays, with the reason, until the person removes it;
 * nothing is dropped silently. Storage is an interface: IndexedDB in the browser (outbox-store.ts),
 * memory in tests.
 */

export type LogWorkRequest = RequestOf<'POST /api/v1/work-logs'>;
export type LogWorkAnswer = ResponseOf<'POST /api/v1/work-logs'>;

/** A LogWork request as the outbox keeps it: whose, which day, and its request id always set. */
export type QueuedRequest = LogWorkRequest & { request_id: string; official_id: string; work_date: string };

export interface OutboxItem {
  /** The key of the item and the idempotency key of every attempt to send it. */
  request_id: string;
  request: QueuedRequest;
  /** What the person sees while it waits: the work item's code and name. */
  label: string;
  /** The minutes it will likely count (those asked, or the item's standard time): shown apart from the day's total. */
  estimated_minutes: number;
  /** The order of writing: items are sent in this order. */
  seq: number;
  /** When it was written (ISO 8601). */
  queued_at: string;
  /** Set once the server refused it: the item stays, with the reason, until the person removes it. */
  refusal?: Refusal;
}

export interface Refusal {
  status: number;
  code: string;
  field?: string;
  message: { vi: string; en: string };
}

/** Where the items are kept between page loads. */
export interface OutboxStore {
  list(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(requestId: string): Promise<void>;
}

/** An outbox kept in memory only (tests, and browsers without IndexedDB). */
export function memoryStore(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  return {
    list: async () => [...items.values()].map((i) => structuredClone(i)),
    put: async (item) => void items.set(item.request_id, structuredClone(item)),
    delete: async (id) => void items.delete(id),
  };
}

/**
 * Whether a failed attempt is the entry's fault, so that sending it again would fail again: a 4xx
 * answer, except those that say nothing about the entry — not signed in (401), a timeout (408),
 * too many requests (429), a stale CSRF token or a foreign origin (403 naming csrf_token or
 * origin). Everything else (no connection, 5xx) is tried again later.
 */
export function isRefusal(err: unknown): err is ApiError {
  if (!(err instanceof ApiError) || err.status < 400 || err.status >= 500) return false;
  if ([401, 408, 429].includes(err.status)) return false;
  return !(err.status === 403 && (err.field === 'csrf_token' || err.field === 'origin'));
}

/** What one pass over the outbox did. */
export interface FlushReport {
  sent: { item: OutboxItem; answer: LogWorkAnswer }[];
  refused: OutboxItem[];
  /** The error that stopped the pass before the end (the connection, the session), if any. */
  stopped?: unknown;
}

export class Outbox {
  private readonly listeners = new Set<() => void>();
  private running: Promise<FlushReport> | undefined;
  private queued: Promise<FlushReport> | undefined;
  private lastSeq = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly send: (request: QueuedRequest) => Promise<LogWorkAnswer>,
    private readonly newId: () => string,
  ) {}

  /** Calls `listener` after every change; returns the way to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** The items in the order they were written; only one official's when `officialId` is given. */
  async list(officialId?: string): Promise<OutboxItem[]> {
    const all = (await this.store.list()).sort((a, b) => a.seq - b.seq);
    for (const i of all) this.lastSeq = Math.max(this.lastSeq, i.seq);
    return officialId === undefined ? all : all.filter((i) => i.request.official_id === officialId);
  }

  /** Keeps an entry to send later, with the request id it already has (an attempt made) or a new one. */
  async add(
    request: LogWorkRequest & { official_id: string; work_date: string },
    label: string,
    estimatedMinutes = request.minutes ?? 0,
  ): Promise<OutboxItem> {
    await this.list();
    const requestId = request.request_id || this.newId();
    this.lastSeq = Math.max(Date.now(), this.lastSeq + 1);
    const item: OutboxItem = {
      request_id: requestId,
      request: { ...request, request_id: requestId },
      label,
      estimated_minutes: estimatedMinutes,
      seq: this.lastSeq,
      queued_at: new Date().toISOString(),
    };
    await this.store.put(item);
    this.changed();
    return item;
  }

  /** Removes an item the person gave up (a refused one, or one they no longer want sent). */
  async remove(requestId: string): Promise<void> {
    await this.store.delete(requestId);
    this.changed();
  }

  /**
   * Sends the waiting items in order, each with its own request id. A sent item leaves the
   * outbox; a refused one stays, marked with the reason, and the next is sent; any other failure
   * (no connection, the server down, the session gone) stops the pass, to keep the order, and the
   * rest wait for the next. One pass at a time: asked during one, another follows it (for the
   * items added meanwhile).
   */
  flush(officialId?: string): Promise<FlushReport> {
    if (!this.running) {
      this.running = this.pass(officialId).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.flush(officialId);
    });
    return this.queued;
  }

  private async pass(officialId?: string): Promise<FlushReport> {
    const report: FlushReport = { sent: [], refused: [] };
    for (const item of await this.list(officialId)) {
      if (item.refusal) continue;
      try {
        const answer = await this.send(item.request);
        await this.store.delete(item.request_id);
        report.sent.push({ item, answer });
      } catch (err) {
        if (!isRefusal(err)) {
          report.stopped = err;
          break;
        }
        const refused: OutboxItem = {
          ...item,
          refusal: { status: err.status, code: err.code, field: err.field, message: err.messages },
        };
        await this.store.put(refused);
        report.refused.push(refused);
      } finally {
        this.changed();
      }
    }
    return report;
  }
}
