import { type OutboxRecord, type Pool, withTransaction, writeAudit, writeOutbox } from '@thuocdo/db';
import { type Actor, auditOf, WriteConflict } from '@thuocdo/kit';
import type pg from 'pg';
import { type ChainEntry, nextEntry, sha256 } from '../domain/chain';
import { type Evaluation, type EvaluationStep, noEvaluation, withdrawnOnReopen } from '../domain/evaluation';

const evaluationOf = (r: any): Evaluation => ({
  tenantId: r.tenant_id,
  period: r.period,
  officialId: r.official_id,
  stage: r.stage,
  steps: r.steps.map((s: any) => ({ ...s, at: new Date(s.at) })),
  comments: r.comments.map((c: any) => ({ ...c, at: new Date(c.at) })),
  appealUntil: r.appeal_until,
  version: Number(r.version),
});

const entryOf = (r: any): ChainEntry => ({
  tenantId: r.tenant_id,
  seq: Number(r.seq),
  kind: r.kind,
  period: r.period,
  officialId: r.official_id,
  total: r.total,
  grade: r.grade,
  packCode: r.pack_code,
  packVersion: r.pack_version,
  resultDigest: r.result_digest,
  by: r.approved_by,
  at: r.approved_at,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The tenant's chain lock ($1 tenant): one writer at a time, each entry following the newest. */
const CHAIN_LOCK = "SELECT pg_advisory_xact_lock(hashtext('evaluation_chain:' || $1))";

/** Chain entries in one statement per thousand. */
async function insertChainEntries(c: pg.PoolClient, entries: ChainEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    const chunk = entries.slice(i, i + 1000);
    const column = <K extends keyof ChainEntry>(k: K) => chunk.map((e) => e[k]);
    await c.query(
      `INSERT INTO evaluation_chain (tenant_id, seq, kind, period, official_id, total, grade, pack_code, pack_version, result_digest,
                                     approved_by, approved_at, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::uuid[], $6::integer[], $7::text[], $8::text[],
                            $9::integer[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::text[])`,
      [
        column('tenantId'),
        column('seq'),
        column('kind'),
        column('period'),
        column('officialId'),
        column('total'),
        column('grade'),
        column('packCode'),
        column('packVersion'),
        column('resultDigest'),
        column('by'),
        column('at'),
        column('prevHash'),
        column('hash'),
      ],
    );
  }
}

/** What an approval chains: the stored result it is about. */
export interface ApprovedResult {
  packCode: string;
  packVersion: number;
  breakdown: Uint8Array;
}

/**
 * Evaluations and the tenant's chain of approved results. Each change is written with its
 * audit row and its event in one transaction, over the version it replaces.
 */
export class EvaluationStore {
  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (e: Evaluation, step: EvaluationStep | null, appeal: boolean, at: Date) => OutboxRecord,
  ) {}

  async evaluation(tenantId: string, period: string, officialId: string): Promise<Evaluation> {
    return (await this.evaluations(tenantId, period, [officialId])).get(officialId) ?? noEvaluation(tenantId, period, officialId);
  }

  async evaluations(tenantId: string, period: string, officialIds: string[]): Promise<Map<string, Evaluation>> {
    const { rows } = await this.pool.query(
      'SELECT * FROM evaluation WHERE tenant_id = $1 AND period = $2 AND official_id = ANY($3::uuid[])',
      [tenantId, period, officialIds],
    );
    return new Map(rows.map((r) => [r.official_id, evaluationOf(r)]));
  }

  /**
   * Writes the evaluation after a step or a comment. An approval is chained first, under the
   * tenant's chain lock, and its step carries the entry's hash.
   */
  async save(next: Evaluation, before: Evaluation, actor: Actor, approved?: ApprovedResult): Promise<Evaluation> {
    return withTransaction(this.pool, async (c) => {
      let saved = next;
      const step = next.steps.length > before.steps.length ? next.steps[next.steps.length - 1] : null;
      if (step?.stage === 'APPROVED' && approved) {
        const entry = await this.chain(c, next, step, 'APPROVED', actor, approved);
        saved = { ...next, steps: [...next.steps.slice(0, -1), { ...step, chainHash: entry.hash }] };
      }
      await this.write(c, saved, before);
      await writeOutbox(c, [
        this.toOutbox(saved, step, next.comments.length > before.comments.length && next.comments.at(-1)!.appeal, actor.now),
      ]);
      await writeAudit(c, [auditOf(actor, 'evaluation', `${next.period}/${next.officialId}`, before.version ? before : null, saved)]);
      return saved;
    });
  }

  /**
   * In the transaction that reopens a period: consolidation and approval withdrawn from every
   * evaluation of it, each withdrawn approval chained as such. A handful of statements whatever
   * the number: the chain's head and the approvals withdrawn are read once, the new entries
   * linked in memory and every row written in batches.
   */
  async withdrawForReopen(c: pg.PoolClient, tenantId: string, period: string, actor: Actor): Promise<number> {
    const { rows } = await c.query(
      `SELECT * FROM evaluation WHERE tenant_id = $1 AND period = $2 AND stage IN ('HR_CONSOLIDATED', 'APPROVED')
        ORDER BY official_id FOR UPDATE`,
      [tenantId, period],
    );
    if (!rows.length) return 0;
    const befores = rows.map(evaluationOf);
    const approved = befores.filter((e) => e.stage === 'APPROVED');
    if (approved.length) {
      await c.query(CHAIN_LOCK, [tenantId]);
      const [head, lasts] = await Promise.all([this.chainHead(c, tenantId), this.lastApprovals(c, tenantId, period)]);
      const entries: ChainEntry[] = [];
      for (const e of approved) {
        const step = e.steps[e.steps.length - 1];
        const last = lasts.get(e.officialId);
        entries.push(
          nextEntry(entries.at(-1) ?? head, {
            tenantId,
            kind: 'WITHDRAWN',
            period,
            officialId: e.officialId,
            total: step.total ?? 0,
            grade: step.grade ?? 'NOT_COMPLETED',
            packCode: last?.packCode ?? '',
            packVersion: last?.packVersion ?? 0,
            resultDigest: last?.resultDigest ?? '',
            by: actor.principal.subject,
            at: actor.now,
          }),
        );
      }
      await insertChainEntries(c, entries);
    }
    const nexts = befores.map(withdrawnOnReopen);
    const { rowCount } = await c.query(
      `UPDATE evaluation e SET stage = n.stage, steps = n.steps, comments = n.comments, appeal_until = n.appeal_until, version = n.version
         FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::bigint[])
              AS n(official_id, stage, steps, comments, appeal_until, version)
        WHERE e.tenant_id = $1 AND e.period = $2 AND e.official_id = n.official_id AND e.version = n.version - 1`,
      [
        tenantId,
        period,
        nexts.map((e) => e.officialId),
        nexts.map((e) => e.stage),
        nexts.map((e) => JSON.stringify(e.steps)),
        nexts.map((e) => JSON.stringify(e.comments)),
        nexts.map((e) => e.appealUntil),
        nexts.map((e) => e.version),
      ],
    );
    if (rowCount !== nexts.length) throw new WriteConflict('evaluation');
    await writeOutbox(
      c,
      nexts.map((e) => this.toOutbox(e, null, false, actor.now)),
    );
    await writeAudit(
      c,
      nexts.map((e, k) => auditOf(actor, 'evaluation', `${period}/${e.officialId}`, befores[k], e)),
    );
    return rows.length;
  }

  /** The tenant's chain in order, a page at a time (for verification). */
  async *chainEntries(tenantId: string, pageSize = 5000): AsyncIterable<ChainEntry[]> {
    for (let after = 0; ; ) {
      const { rows } = await this.pool.query('SELECT * FROM evaluation_chain WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
        tenantId,
        after,
        pageSize,
      ]);
      if (!rows.length) return;
      yield rows.map(entryOf);
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /** The digests of the stored results that approvals still standing are about. */
  async resultDigests(tenantId: string, keys: { period: string; officialId: string }[]): Promise<Map<string, string>> {
    const { rows } = await this.pool.query(
      `SELECT r.period, r.official_id, r.breakdown FROM period_result r
         JOIN unnest($2::text[], $3::uuid[]) AS k(period, official_id) ON k.period = r.period AND k.official_id = r.official_id
        WHERE r.tenant_id = $1`,
      [tenantId, keys.map((k) => k.period), keys.map((k) => k.officialId)],
    );
    return new Map(rows.map((r) => [`${r.period}\u0000${r.official_id}`, sha256(r.breakdown)]));
  }

  /** Tenants with a chain. */
  async chainTenants(): Promise<string[]> {
    const { rows } = await this.pool.query('SELECT DISTINCT tenant_id FROM evaluation_chain ORDER BY tenant_id');
    return rows.map((r) => r.tenant_id);
  }

  private async chain(
    c: pg.PoolClient,
    e: Evaluation,
    step: EvaluationStep,
    kind: ChainEntry['kind'],
    actor: Actor,
    approved?: ApprovedResult,
  ): Promise<ChainEntry> {
    // One writer at a time per tenant: the next entry must follow the newest one.
    await c.query(CHAIN_LOCK, [e.tenantId]);
    const head = await this.chainHead(c, e.tenantId);
    const last = kind === 'WITHDRAWN' ? (await this.lastApprovals(c, e.tenantId, e.period, e.officialId)).get(e.officialId) : undefined;
    const entry = nextEntry(head, {
      tenantId: e.tenantId,
      kind,
      period: e.period,
      officialId: e.officialId,
      total: step.total ?? 0,
      grade: step.grade ?? 'NOT_COMPLETED',
      packCode: approved?.packCode ?? last?.packCode ?? '',
      packVersion: approved?.packVersion ?? last?.packVersion ?? 0,
      resultDigest: approved ? sha256(approved.breakdown) : (last?.resultDigest ?? ''),
      by: actor.principal.subject,
      at: actor.now,
    });
    await insertChainEntries(c, [entry]);
    return entry;
  }

  private async chainHead(c: pg.PoolClient, tenantId: string): Promise<ChainEntry | undefined> {
    const { rows } = await c.query('SELECT * FROM evaluation_chain WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1', [tenantId]);
    return rows[0] ? entryOf(rows[0]) : undefined;
  }

  /** The newest approval entry of each official of a period (of one official when named): what a withdrawal repeats. */
  private async lastApprovals(c: pg.PoolClient, tenantId: string, period: string, officialId?: string): Promise<Map<string, ChainEntry>> {
    const { rows } = await c.query(
      `SELECT DISTINCT ON (official_id) * FROM evaluation_chain
        WHERE tenant_id = $1 AND period = $2 AND kind = 'APPROVED' AND ($3::uuid IS NULL OR official_id = $3)
        ORDER BY official_id, seq DESC`,
      [tenantId, period, officialId ?? null],
    );
    return new Map(rows.map((r) => [r.official_id, entryOf(r)]));
  }

  private async write(c: pg.PoolClient, e: Evaluation, before: Evaluation): Promise<void> {
    const values = [
      e.tenantId,
      e.period,
      e.officialId,
      e.stage,
      JSON.stringify(e.steps),
      JSON.stringify(e.comments),
      e.appealUntil,
      e.version,
    ];
    const { rowCount } = await c.query(
      before.version === 0
        ? `INSERT INTO evaluation (tenant_id, period, official_id, stage, steps, comments, appeal_until, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`
        : `UPDATE evaluation SET stage = $4, steps = $5, comments = $6, appeal_until = $7, version = $8
            WHERE tenant_id = $1 AND period = $2 AND official_id = $3 AND version = $8 - 1`,
      values,
    );
    if (rowCount !== 1) throw new WriteConflict('evaluation');
  }
}
