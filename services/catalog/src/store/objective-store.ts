import {
  conflictOf,
  type OutboxRecord,
  type Pool,
  type PoolClient,
  type Statement,
  withTransaction,
  writeAudit,
  writeOutbox,
} from '@thuocdo/db';
import { type Actor, type AuditRecord, auditOf, toPage, WriteConflict } from '@thuocdo/kit';
import {
  type Alignment,
  aggregatesOf,
  type CheckIn,
  type CheckInQuery,
  type KeyResult,
  type KeyResultState,
  MAX_ALIGNMENT_DEPTH,
  type NewCheckIn,
  NO_ALIGNMENT,
  type Objective,
  type ObjectiveQuery,
  type ObjectiveState,
  type OkrChange,
  type OkrDecision,
  objectiveCursor,
  withAggregates,
} from '../domain/objective';

// ---------------------------------------------------------------------------------------------
// Rows of the objective tables as domain records, and the columns each record writes (in the
// same order as its values). Dates come back as "YYYY-MM-DD" (packages/db pool.ts).

export const OBJECTIVE_COLUMNS = [
  'id',
  'tenant_id',
  'level',
  'node_id',
  'agency_id',
  'owner_official_id',
  'title',
  'description',
  'parent_id',
  'source_kind',
  'source_number',
  'source_date',
  'source_title',
  'commitment',
  'period_year',
  'period_quarter',
  'progress',
  'key_result_count',
  'child_count',
  'version',
  'created_by',
  'created_at',
  'updated_at',
];

export const objectiveValues = (o: Objective): unknown[] => [
  o.id,
  o.tenantId,
  o.level,
  o.nodeId,
  o.agencyId,
  o.ownerOfficialId,
  o.title,
  o.description,
  o.parentId,
  o.source?.kind ?? null,
  o.source?.number ?? null,
  o.source?.date ?? null,
  o.source?.title ?? null,
  o.commitment,
  o.period.year,
  o.period.quarter,
  o.progress,
  o.keyResultCount,
  o.childCount,
  o.version,
  o.createdBy,
  o.createdAt,
  o.updatedAt,
];

const objectiveOf = (r: any): Objective => ({
  id: r.id,
  tenantId: r.tenant_id,
  level: r.level,
  nodeId: r.node_id,
  agencyId: r.agency_id,
  ownerOfficialId: r.owner_official_id,
  title: r.title,
  description: r.description,
  parentId: r.parent_id,
  source: r.source_kind ? { kind: r.source_kind, number: r.source_number, date: r.source_date, title: r.source_title } : null,
  commitment: r.commitment,
  period: { year: r.period_year, quarter: r.period_quarter },
  progress: r.progress,
  keyResultCount: r.key_result_count,
  childCount: r.child_count,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const KEY_RESULT_COLUMNS = [
  'id',
  'tenant_id',
  'objective_id',
  'title',
  'kind',
  'measure_unit',
  'start_value',
  'target_value',
  'current_value',
  'direction',
  'weight',
  'confidence',
  'progress',
  'last_check_in_date',
  'version',
  'created_at',
  'updated_at',
];

export const keyResultValues = (k: KeyResult): unknown[] => [
  k.id,
  k.tenantId,
  k.objectiveId,
  k.title,
  k.kind,
  k.measureUnit,
  k.start,
  k.target,
  k.current,
  k.direction,
  k.weight,
  k.confidence,
  k.progress,
  k.lastCheckInDate,
  k.version,
  k.createdAt,
  k.updatedAt,
];

const keyResultOf = (r: any): KeyResult => ({
  id: r.id,
  tenantId: r.tenant_id,
  objectiveId: r.objective_id,
  title: r.title,
  kind: r.kind,
  measureUnit: r.measure_unit,
  start: r.start_value,
  target: r.target_value,
  current: r.current_value,
  direction: r.direction,
  weight: r.weight,
  confidence: r.confidence,
  progress: r.progress,
  lastCheckInDate: r.last_check_in_date,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const CHECK_IN_COLUMNS = [
  'id',
  'tenant_id',
  'key_result_id',
  'value',
  'confidence',
  'comment',
  'check_in_date',
  'request_id',
  'created_by',
  'created_at',
];

const checkInValues = (c: CheckIn): unknown[] => [
  c.id,
  c.tenantId,
  c.keyResultId,
  c.value,
  c.confidence,
  c.comment,
  c.checkInDate,
  c.requestId,
  c.createdBy,
  c.createdAt,
];

const checkInOf = (r: any): CheckIn => ({
  id: r.id,
  tenantId: r.tenant_id,
  keyResultId: r.key_result_id,
  value: r.value,
  confidence: r.confidence,
  comment: r.comment,
  checkInDate: r.check_in_date,
  requestId: r.request_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

// ---------------------------------------------------------------------------------------------
// Statements of a change.

const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');

const insert = (table: string, columns: string[], values: unknown[]): Statement => ({
  name: `okr-insert-${table}`,
  text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)})`,
  values,
});

/** Every column but the id, when the row still has the version the decision read. */
function update(table: string, columns: string[], values: unknown[], readVersion: number): Statement {
  const set = columns.slice(1).map((c, i) => `${c} = $${i + 2}`);
  return {
    name: `okr-update-${table}`,
    text: `UPDATE ${table} SET ${set.join(', ')} WHERE id = $1 AND version = $${columns.length + 1}`,
    values: [...values, readVersion],
  };
}

function statementsOf(c: OkrChange): Statement[] {
  if (c.type === 'objective')
    return [
      c.before
        ? update('objective', OBJECTIVE_COLUMNS, objectiveValues(c.after), c.before.version)
        : insert('objective', OBJECTIVE_COLUMNS, objectiveValues(c.after)),
    ];
  const out: Statement[] = [];
  if (c.before) out.push(update('key_result', KEY_RESULT_COLUMNS, keyResultValues(c.after), c.before.version));
  else if (c.keyResultsBefore !== undefined) {
    // Added only while its objective has the key results the decision counted (the objective is
    // locked by now): two additions at once cannot pass the limit.
    const n = KEY_RESULT_COLUMNS.length;
    out.push({
      name: 'okr-insert-key_result-counted',
      text: `INSERT INTO key_result (${KEY_RESULT_COLUMNS.join(', ')}) SELECT ${placeholders(n)}
              WHERE (SELECT count(*) FROM key_result WHERE objective_id = $3) = $${n + 1}`,
      values: [...keyResultValues(c.after), c.keyResultsBefore],
    });
  } else out.push(insert('key_result', KEY_RESULT_COLUMNS, keyResultValues(c.after)));
  if (c.checkIn) out.push(insert('key_result_check_in', CHECK_IN_COLUMNS, checkInValues(c.checkIn)));
  return out;
}

function auditRows(actor: Actor, c: OkrChange): AuditRecord[] {
  const rows = [auditOf(actor, c.type, c.after.id, c.before, c.after)];
  if (c.type === 'key_result' && c.checkIn) rows.push(auditOf(actor, 'key_result_check_in', c.checkIn.id, null, c.checkIn));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Chains of alignment, and locking them.

type Queryable = Pick<Pool, 'query'> | PoolClient;

/**
 * How far up a chain the store follows. Decisions keep chains within MAX_ALIGNMENT_DEPTH; two
 * moves racing could make one a little deeper, and it must still be followed whole.
 */
const CHAIN_LIMIT = 4 * MAX_ALIGNMENT_DEPTH;

/** Each objective's chain of alignment: itself, its parent, and so on to the top. */
async function chainsOf(db: Queryable, tenantId: string, ids: string[]): Promise<Map<string, string[]>> {
  const chains = new Map<string, string[]>();
  if (!ids.length) return chains;
  const { rows } = await db.query({
    name: 'okr-chains',
    text: `WITH RECURSIVE up (start, id, parent_id, distance) AS (
             SELECT id, id, parent_id, 0 FROM objective WHERE id = ANY($1::uuid[]) AND tenant_id = $2
             UNION ALL
             SELECT up.start, o.id, o.parent_id, up.distance + 1 FROM up JOIN objective o ON o.id = up.parent_id
              WHERE up.distance < $3)
           SELECT start, id FROM up ORDER BY start, distance`,
    values: [ids, tenantId, CHAIN_LIMIT],
  });
  for (const r of rows) {
    const chain = chains.get(r.start);
    if (chain) chain.push(r.id);
    else chains.set(r.start, [r.id]);
  }
  return chains;
}

/** Objectives a write holds locked: each as it stands, and how many ancestors it has. */
interface Lines {
  rows: Map<string, Objective>;
  depth: Map<string, number>;
}

/**
 * Locks (FOR UPDATE) the given objectives and every objective above them, from the top down.
 *
 * Why: an objective's progress is worked out from its children's stored progress. Two
 * check-ins on sibling key results each change a child and then the same parent; were each to
 * read its siblings without a lock, the later commit could write a parent computed without the
 * other's change. Every write that can change progress first locks its whole chain, ancestors
 * before descendants and by id among equals, so the writes of one tree queue on their common top
 * in the same order (no deadlock between them), and each one reads the children only once the
 * one before has committed. The cost is that writes within one tree run one at a time; they
 * take a few milliseconds (`npm run bench:okr`).
 *
 * The chains are read before locking; if an alignment changed in between, they are no longer
 * what the rows say once locked, and the write is a lost race: WriteConflict, and the command
 * runner reads and decides again.
 */
async function lockLines(c: PoolClient, tenantId: string, ids: string[]): Promise<Lines> {
  const chains = await chainsOf(c, tenantId, ids);
  const depth = new Map<string, number>();
  for (const chain of chains.values())
    for (const [i, id] of chain.entries()) depth.set(id, Math.max(depth.get(id) ?? 0, chain.length - 1 - i));
  const order = [...depth.keys()].sort((a, b) => depth.get(a)! - depth.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  // PostgreSQL sorts first and then locks the rows in that order.
  const { rows } = await c.query({
    name: 'okr-lock',
    text: 'SELECT * FROM objective WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id) FOR UPDATE',
    values: [order],
  });
  const locked = new Map(rows.map((r) => [r.id as string, objectiveOf(r)]));
  for (const id of ids) {
    const chain = chains.get(id);
    if (!chain) throw new WriteConflict('objective-chain');
    for (const [i, x] of chain.entries())
      if ((locked.get(x)?.parentId ?? null) !== (chain[i + 1] ?? null)) throw new WriteConflict('objective-chain');
  }
  return { rows: locked, depth };
}

/**
 * An objective's key results' measures and its children's stored progress: what its aggregates
 * come from. Always in the same order, so that the same inputs sum to the same last bit and an
 * unchanged objective is never rewritten.
 */
const ROLL_UP_INPUTS = `SELECT
    (SELECT coalesce(json_agg(json_build_object('kind', kind, 'direction', direction, 'start', start_value, 'target', target_value,
              'current', current_value, 'weight', weight) ORDER BY created_at, id), '[]') FROM key_result WHERE objective_id = $1) AS key_results,
    (SELECT coalesce(array_agg(progress ORDER BY id), '{}') FROM objective WHERE parent_id = $1) AS children`;

// ---------------------------------------------------------------------------------------------

/**
 * Objectives, key results and check-ins: the reads decisions need, the writes of their changes
 * (each with its event and audit row, and the roll-up of progress, in one transaction), and the
 * lists, which read stored progress and never walk the tree.
 */
export class ObjectiveStore {
  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (c: OkrChange, occurredAt: Date) => OutboxRecord,
  ) {}

  /**
   * Writes a decision: locks the chains it touches, writes its changes (each statement must
   * change one row, else WriteConflict), then works out again the objectives it names and,
   * while their progress changes, their ancestors; every change with its event and audit row.
   */
  async save(d: OkrDecision<unknown>, actor: Actor): Promise<void> {
    const recompute = d.recompute ?? [];
    const edited = d.events.filter((c) => c.type === 'objective' && c.before).map((c) => c.after.id);
    try {
      await withTransaction(this.pool, async (c) => {
        const lines = await lockLines(c, actor.principal.tenantId, [...new Set([...recompute, ...edited])]);
        for (const change of d.events)
          for (const s of statementsOf(change)) {
            const { rowCount } = await c.query(s);
            if (rowCount !== 1) throw new WriteConflict(s.name ?? 'statement');
          }
        for (const change of d.events)
          if (change.type === 'objective' && lines.rows.has(change.after.id)) lines.rows.set(change.after.id, change.after);
        const changes = [...d.events, ...(await this.rollUp(c, recompute, lines, actor.now))];
        await writeOutbox(
          c,
          changes.map((x) => this.toOutbox(x, actor.now)),
        );
        await writeAudit(
          c,
          changes.flatMap((x) => auditRows(actor, x)),
        );
      });
    } catch (err) {
      throw conflictOf(err) ?? err;
    }
  }

  /**
   * Works out the objectives named and, while progress changes, their ancestors, deepest first
   * (a parent after every child of it that changed), from what is committed and locked; writes
   * those whose aggregates changed. The walk is bounded by the locked chains.
   */
  private async rollUp(c: PoolClient, starts: string[], lines: Lines, now: Date): Promise<OkrChange[]> {
    const changes: OkrChange[] = [];
    const pending = new Set(starts);
    const deepestFirst = [...lines.rows.keys()].sort((a, b) => lines.depth.get(b)! - lines.depth.get(a)!);
    for (const id of deepestFirst) {
      if (!pending.has(id)) continue;
      const before = lines.rows.get(id)!;
      const { rows } = await c.query({ name: 'okr-roll-up-inputs', text: ROLL_UP_INPUTS, values: [id] });
      const after = withAggregates(before, aggregatesOf(rows[0].key_results, rows[0].children), now);
      if (!after) continue;
      await c.query({
        name: 'okr-aggregates',
        text: 'UPDATE objective SET progress = $2, key_result_count = $3, child_count = $4, version = $5, updated_at = $6 WHERE id = $1',
        values: [id, after.progress, after.keyResultCount, after.childCount, after.version, after.updatedAt],
      });
      lines.rows.set(id, after);
      changes.push({ type: 'objective', before, after });
      if (after.progress !== before.progress && after.parentId) pending.add(after.parentId);
    }
    return changes;
  }

  // -------------------------------------------------------------------------------------------
  // Reads for decisions.

  async objective(tenantId: string, id: string): Promise<Objective | undefined> {
    const { rows } = await this.pool.query({
      name: 'okr-objective',
      text: 'SELECT * FROM objective WHERE id = $1 AND tenant_id = $2',
      values: [id, tenantId],
    });
    return rows.map(objectiveOf)[0];
  }

  /** An objective's key results, oldest first. */
  async keyResultsOf(tenantId: string, objectiveId: string): Promise<KeyResult[]> {
    const { rows } = await this.pool.query({
      name: 'okr-key-results-of',
      text: 'SELECT * FROM key_result WHERE objective_id = $1 AND tenant_id = $2 ORDER BY created_at, id',
      values: [objectiveId, tenantId],
    });
    return rows.map(keyResultOf);
  }

  async keyResult(tenantId: string, id: string): Promise<KeyResult | undefined> {
    const { rows } = await this.pool.query({
      name: 'okr-key-result',
      text: 'SELECT * FROM key_result WHERE id = $1 AND tenant_id = $2',
      values: [id, tenantId],
    });
    return rows.map(keyResultOf)[0];
  }

  /** The objective to align to, and its ancestors. */
  async alignment(tenantId: string, parentId: string | null): Promise<Alignment> {
    if (!parentId) return NO_ALIGNMENT;
    const [parent, chains] = await Promise.all([this.objective(tenantId, parentId), chainsOf(this.pool, tenantId, [parentId])]);
    return { parent, ancestors: chains.get(parentId) ?? [] };
  }

  /** What UpdateObjective decides on: the objective, its key results and, when its parent is to change, the new alignment and its own depth. */
  async objectiveState(tenantId: string, id: string, parentId: string | null): Promise<ObjectiveState> {
    const [objective, keyResults] = await Promise.all([this.objective(tenantId, id), this.keyResultsOf(tenantId, id)]);
    if (!objective || objective.parentId === parentId) return { objective, keyResults, alignment: NO_ALIGNMENT, height: 1 };
    const [alignment, height] = await Promise.all([this.alignment(tenantId, parentId), this.height(id)]);
    return { objective, keyResults, alignment, height };
  }

  /** How many objectives deep an objective's subtree is, itself included. */
  private async height(id: string): Promise<number> {
    const { rows } = await this.pool.query({
      name: 'okr-height',
      text: `WITH RECURSIVE down (id, depth) AS (
               SELECT id, 1 FROM objective WHERE id = $1
               UNION ALL
               SELECT o.id, down.depth + 1 FROM down JOIN objective o ON o.parent_id = down.id WHERE down.depth < $2)
             SELECT coalesce(max(depth), 1) AS height FROM down`,
      values: [id, CHAIN_LIMIT],
    });
    return rows[0].height;
  }

  async keyResultState(tenantId: string, keyResultId: string): Promise<KeyResultState> {
    const keyResult = await this.keyResult(tenantId, keyResultId);
    return { keyResult, objective: keyResult && (await this.objective(tenantId, keyResult.objectiveId)) };
  }

  /** The key result, its objective, and the check-in recorded under the request id, if any. */
  async checkInState(tenantId: string, c: NewCheckIn): Promise<KeyResultState & { sameRequest?: CheckIn }> {
    const [state, same] = await Promise.all([
      this.keyResultState(tenantId, c.keyResultId),
      c.requestId
        ? this.pool.query({
            name: 'okr-check-in-by-request',
            text: 'SELECT * FROM key_result_check_in WHERE tenant_id = $1 AND request_id = $2',
            values: [tenantId, c.requestId],
          })
        : undefined,
    ]);
    return { ...state, sameRequest: same?.rows.map(checkInOf)[0] };
  }

  // -------------------------------------------------------------------------------------------
  // Lists.

  /**
   * A page of objectives by level, title and id: a period's roots or all its objectives, or one
   * objective's children of every period (a year's objective gathers its quarters').
   */
  async listObjectives(tenantId: string, q: ObjectiveQuery) {
    const f = q.filters;
    const values: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (!f.parentId) {
      values.push(f.period.year, f.period.quarter);
      where.push('period_year = $2', 'period_quarter = $3');
    }
    const condition = (sql: (p: string) => string, value: unknown) => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (f.parentId) condition((p) => `parent_id = ${p}::uuid`, f.parentId);
    else if (!f.all) where.push('parent_id IS NULL');
    if (f.level) condition((p) => `level = ${p}`, f.level);
    if (f.agencyId) condition((p) => `agency_id = ${p}::uuid`, f.agencyId);
    if (f.ownerOfficialId) condition((p) => `owner_official_id = ${p}::uuid`, f.ownerOfficialId);
    if (q.page.after) {
      const [rank, title, id] = q.page.after;
      values.push(Number(rank), title, id);
      const n = values.length;
      where.push(`(level_rank, title, id) > ($${n - 2}::smallint, $${n - 1}, $${n}::uuid)`);
    }
    values.push(q.page.size + 1);
    const { rows } = await this.pool.query(
      `SELECT * FROM objective WHERE ${where.join(' AND ')} ORDER BY level_rank, title, id LIMIT $${values.length}`,
      values,
    );
    return toPage(rows.map(objectiveOf), q.page, q.filters, objectiveCursor);
  }

  /** A page of a key result's check-ins, newest first (by date, then as recorded). */
  async listCheckIns(tenantId: string, q: CheckInQuery) {
    const [afterDate, afterId] = q.page.after ?? [null, null];
    const { rows } = await this.pool.query({
      name: 'okr-check-ins',
      text: `SELECT * FROM key_result_check_in
              WHERE key_result_id = $1 AND tenant_id = $2 AND ($3::date IS NULL OR (check_in_date, id) < ($3::date, $4::uuid))
              ORDER BY check_in_date DESC, id DESC LIMIT $5`,
      values: [q.filters.keyResultId, tenantId, afterDate, afterId, q.page.size + 1],
    });
    return toPage(rows.map(checkInOf), q.page, q.filters, (c): [string, string] => [c.checkInDate, c.id]);
  }
}
