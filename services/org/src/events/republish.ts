import { type OutboxRecord, type Pool, withTransaction, writeOutbox } from '@thuocdo/db';
import type { Logger, Worker } from '@thuocdo/kit';
import { counter } from '@thuocdo/telemetry';
import type { OrgChange } from '../domain/model';
import { agencyOf, grantOf, membershipOf, officialOf, positionOf, UNIT_SELECT, unitOf } from '../store/rows';

const republished = counter('org_republished_records_total', 'Records published again as events by republish requests');

/** Every kind of record, in the order a consumer needs them (units before the posts in them). */
const KINDS = [
  { type: 'agency', select: 'SELECT * FROM agency', of: agencyOf },
  { type: 'unit', select: UNIT_SELECT, of: unitOf },
  { type: 'job_position', select: 'SELECT * FROM job_position', of: positionOf },
  { type: 'official', select: 'SELECT * FROM official', of: officialOf },
  { type: 'membership', select: 'SELECT * FROM membership', of: membershipOf },
  { type: 'role_grant', select: 'SELECT * FROM role_grant', of: grantOf },
] as const;

const BATCH = 500;
const LEASE_SECONDS = 60;

export interface RepublishOptions {
  pollMs: number;
}

/**
 * Works through republish requests (migration 0004): publishes every record of the tenant (or
 * of every tenant) again as its *-changed event with its current version, in batches; each
 * batch's outbox rows and the request's progress commit together, so that a stop resumes where
 * it was. A lapsed lease (a replica that died) lets another replica take the request over.
 */
export class Republisher implements Worker {
  readonly name = 'org republisher';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (c: OrgChange, occurredAt: Date) => OutboxRecord,
    private readonly log: Logger,
    private readonly o: RepublishOptions,
  ) {}

  async start(): Promise<void> {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.work()
        .catch((err) => this.log.warn({ err: (err as Error).message }, 'republish: failed, retrying at the next poll'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs);
        });
    };
    tick();
  }

  /** Takes pending requests one by one until none is left. */
  async work(): Promise<void> {
    while (!this.stopped) {
      const { rows } = await this.pool.query(
        `UPDATE republish_request SET leased_until = now() + make_interval(secs => $1)
          WHERE id = (SELECT id FROM republish_request WHERE done_at IS NULL AND (leased_until IS NULL OR leased_until < now())
                       ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id, tenant_id, kind, after_id, published`,
        [LEASE_SECONDS],
      );
      const request = rows[0];
      if (!request) return;
      this.log.info({ request: request.id, tenant: request.tenant_id ?? 'every tenant' }, 'republish: started');
      let kind: string | null = request.kind ?? KINDS[0].type;
      let after: string | null = request.after_id;
      while (kind && !this.stopped) {
        const step = await this.batch(request.id, request.tenant_id, kind, after);
        ({ kind, after } = step);
      }
      if (!kind) this.log.info({ request: request.id }, 'republish: done');
    }
  }

  /** Publishes one batch of one kind; returns where the next batch starts (kind null: done). */
  private async batch(requestId: number, tenantId: string | null, kind: string, after: string | null) {
    const k = KINDS.find((x) => x.type === kind)!;
    return withTransaction(this.pool, async (c) => {
      const { rows } = await c.query(
        `SELECT * FROM (${k.select}) t WHERE ($1::text IS NULL OR t.tenant_id = $1) AND ($2::uuid IS NULL OR t.id > $2) ORDER BY t.id LIMIT $3`,
        [tenantId, after, BATCH],
      );
      const now = new Date();
      const records = rows.map((r) => this.toOutbox({ type: k.type, before: null, after: k.of(r) } as OrgChange, now));
      await writeOutbox(c, records);
      republished.inc(records.length);
      const full = rows.length === BATCH;
      const nextKind = full ? kind : (KINDS[KINDS.findIndex((x) => x.type === kind) + 1]?.type ?? null);
      const nextAfter = full ? rows[rows.length - 1].id : null;
      await c.query(
        `UPDATE republish_request SET kind = $2, after_id = $3, published = published + $4,
                leased_until = now() + make_interval(secs => $5), done_at = CASE WHEN $2::text IS NULL THEN now() END
          WHERE id = $1`,
        [requestId, nextKind, nextAfter, records.length, LEASE_SECONDS],
      );
      return { kind: nextKind, after: nextAfter };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
