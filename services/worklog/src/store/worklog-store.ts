import {
  AUDIT_INSERT,
  auditValues,
  Coalescer,
  conflictOf,
  EntityWriter,
  type OutboxRecord,
  outboxCommitted,
  outboxTraceparent,
  type Pool,
  type Statement,
  withTransaction,
  writeAudit,
  writeOutbox,
} from '@thuocdo/db';
import { type Actor, auditOf, type Decision, formatHundredths, parseHundredths, toPage, WriteConflict } from '@thuocdo/kit';
import type { DayState, TaskRef, WorkLogEntry, WorkLogQuery, WorklogEvent } from '../domain/work-log';

const ENTRY_COLUMNS = `id, tenant_id, official_id, agency_id, unit_id, to_char(work_date, 'YYYY-MM-DD') AS work_date,
  work_item_id, work_item_revision, quantity, minutes, note, task_id, evidence, status,
  to_char(start_time, 'HH24:MI') AS start_time, to_char(end_time, 'HH24:MI') AS end_time,
  reviewed_by, reviewed_at, review_comment, request_id, created_by, version, created_at, updated_at`;

const entryOf = (r: any): WorkLogEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  officialId: r.official_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  workDate: r.work_date,
  workItemId: r.work_item_id,
  workItemRevision: r.work_item_revision,
  quantity: parseHundredths(r.quantity)!,
  minutes: r.minutes,
  note: r.note,
  taskId: r.task_id,
  evidence: r.evidence,
  status: r.status,
  startTime: r.start_time,
  endTime: r.end_time,
  review: r.reviewed_by ? { by: r.reviewed_by, at: r.reviewed_at, comment: r.review_comment } : null,
  requestId: r.request_id,
  createdBy: r.created_by,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns an insert writes, in order, and their values for an entry. */
const INSERT_COLUMNS = `id, tenant_id, official_id, agency_id, unit_id, work_date, work_item_id, work_item_revision, quantity, minutes,
  note, task_id, evidence, status, start_time, end_time, request_id, created_by, version, created_at, updated_at`;
const insertValues = (e: WorkLogEntry) => [
  e.id,
  e.tenantId,
  e.officialId,
  e.agencyId,
  e.unitId,
  e.workDate,
  e.workItemId,
  e.workItemRevision,
  formatHundredths(e.quantity),
  e.minutes,
  e.note,
  e.taskId,
  e.evidence,
  e.status,
  e.startTime,
  e.endTime,
  e.requestId,
  e.createdBy,
  e.version,
  e.createdAt,
  e.updatedAt,
];
const INSERT_TYPES = [
  'uuid',
  'text',
  'uuid',
  'uuid',
  'uuid',
  'date',
  'uuid',
  'int',
  'numeric',
  'int',
  'text',
  'uuid',
  'text',
  'text',
  'time',
  'time',
  'uuid',
  'text',
  'bigint',
  'timestamptz',
  'timestamptz',
];

/** A change of a day's counted total: minutes and entries added (negative: taken away). */
interface DayDelta {
  officialId: string;
  date: string;
  minutes: number;
  entries: number;
}

/** What each change does to the days it touches: an entry counts unless deleted. */
function dayDeltas(previous: WorkLogEntry | null, next: WorkLogEntry): DayDelta[] {
  const counts = (e: WorkLogEntry | null) => e !== null && e.status !== 'DELETED';
  const out: DayDelta[] = [];
  if (counts(previous)) out.push({ officialId: previous!.officialId, date: previous!.workDate, minutes: -previous!.minutes, entries: -1 });
  if (counts(next)) out.push({ officialId: next.officialId, date: next.workDate, minutes: next.minutes, entries: 1 });
  return out.filter((d) => d.minutes !== 0 || d.entries !== 0);
}

/** Folds deltas of the same day together, so that one upsert per day suffices. */
function mergeDeltas(deltas: DayDelta[]): DayDelta[] {
  const byDay = new Map<string, DayDelta>();
  for (const d of deltas) {
    const key = `${d.officialId}/${d.date}`;
    const known = byDay.get(key);
    if (known) {
      known.minutes += d.minutes;
      known.entries += d.entries;
    } else byDay.set(key, { ...d });
  }
  return [...byDay.values()].filter((d) => d.minutes !== 0 || d.entries !== 0);
}

const dayValues = (tenantId: string, deltas: DayDelta[], limitMinutes: number) => [
  tenantId,
  deltas.map((d) => d.officialId),
  deltas.map((d) => d.date),
  deltas.map((d) => d.minutes),
  deltas.map((d) => d.entries),
  limitMinutes,
];

/**
 * Adds deltas to the days' totals, the limit travelling with the write: the check on diary_day
 * refuses a total above it even when two writers pass it together (a WriteConflict then: the
 * command reads the day again and the domain explains). Only for deltas that add (none below
 * zero): PostgreSQL checks the row an INSERT proposes before ON CONFLICT turns it into an update,
 * so a negative delta proposed as a row fails the check whatever the day holds (see dayTake).
 */
function dayUpsert(tenantId: string, deltas: DayDelta[], limitMinutes: number): Statement {
  return {
    text: `INSERT INTO diary_day AS d (tenant_id, official_id, work_date, total_minutes, entry_count, limit_minutes)
           SELECT $1, o, w, m, n, $6 FROM unnest($2::uuid[], $3::date[], $4::int[], $5::int[]) AS x(o, w, m, n)
           ON CONFLICT (tenant_id, official_id, work_date) DO UPDATE
             SET total_minutes = d.total_minutes + EXCLUDED.total_minutes, entry_count = d.entry_count + EXCLUDED.entry_count,
                 limit_minutes = CASE WHEN EXCLUDED.total_minutes > 0 THEN EXCLUDED.limit_minutes ELSE greatest(d.limit_minutes, d.total_minutes) END`,
    values: dayValues(tenantId, deltas, limitMinutes),
    rows: deltas.length,
  };
}

/**
 * Takes from days an entry left or shrank in: their rows exist (the entry was counted there), so
 * a plain update, each row exactly once.
 */
function dayTake(tenantId: string, deltas: DayDelta[], limitMinutes: number): Statement {
  return {
    text: `UPDATE diary_day AS d
              SET total_minutes = d.total_minutes + x.m, entry_count = d.entry_count + x.n,
                  limit_minutes = CASE WHEN x.m > 0 THEN $6 ELSE greatest(d.limit_minutes, d.total_minutes) END
             FROM unnest($2::uuid[], $3::date[], $4::int[], $5::int[]) AS x(o, w, m, n)
            WHERE d.tenant_id = $1 AND d.official_id = x.o AND d.work_date = x.w`,
    values: dayValues(tenantId, deltas, limitMinutes),
    rows: deltas.length,
  };
}

/** A new entry as LogWork saves it: the row's values, its events and audit row, made in the caller's context (its trace). */
interface NewEntryWrite {
  entry: WorkLogEntry;
  limitMinutes: number;
  outbox: OutboxRecord[];
  audit: unknown[];
  traceparent: string | null;
}

const INSERT_LIST = INSERT_COLUMNS.split(',').map((c) => c.trim());
const AUDIT_TYPES = ['timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'jsonb', 'text'];
/** The element types of INSERT_ENTRIES' array parameters: the entries' columns and limits, the audit rows', the events'. */
const PARAM_TYPES = [...INSERT_TYPES, 'int', ...AUDIT_TYPES, 'uuid', 'text', 'text', 'bytea', 'text', 'uuid'];

/**
 * New entries, their days' totals, events and audit rows in one statement, whatever their number
 * (one LogWork, or several written together): each entry is inserted only if its month is open,
 * no identical or overlapping entry of its day exists and its request id is free; an entry not
 * inserted has neither event nor audit row nor share of its day's total. The days are updated in
 * the entries' order (callers sort them, so that two statements lock days in the same order);
 * the check on diary_day holds the limit, and the count of the day's entries must still be the
 * count the statement saw (a writer of the same day committing meanwhile is not seen by the
 * checks for identical and overlapping entries: the day's row serialises them). Answers the
 * written entries with their day's total. A statement with two entries of one day, or of one
 * request id, would not see one from the other: callers never send such.
 */
const INSERT_ENTRIES = {
  name: 'worklog-insert-entries',
  // The arrays pass through a materialized CTE, so that no plan knows their length: PostgreSQL
  // then keeps one generic plan for the named statement instead of planning every call again
  // for its number of entries (which costs more than running it).
  text: `WITH p AS MATERIALIZED (
      SELECT ${Array.from({ length: 39 }, (_, i) => `$${i + 1}::${PARAM_TYPES[i]}[] AS p${i + 1}`).join(', ')}
    ), input AS (
      SELECT i.* FROM p, unnest(${Array.from({ length: 22 }, (_, i) => `p.p${i + 1}`).join(', ')})
        WITH ORDINALITY AS i(${INSERT_COLUMNS}, limit_minutes, n)
    ), written AS (
      INSERT INTO work_log_entry (${INSERT_COLUMNS})
      SELECT ${INSERT_LIST.map((c) => `i.${c}`).join(', ')} FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM diary_closed_month m WHERE m.tenant_id = i.tenant_id AND m.month = date_trunc('month', i.work_date)::date)
         AND NOT EXISTS (
           SELECT 1 FROM work_log_entry o
            WHERE o.tenant_id = i.tenant_id AND o.official_id = i.official_id AND o.work_date = i.work_date AND o.status <> 'DELETED'
              AND ((o.work_item_id = i.work_item_id AND o.quantity = i.quantity AND o.minutes = i.minutes AND o.note = i.note
                    AND o.task_id IS NOT DISTINCT FROM i.task_id AND o.start_time IS NOT DISTINCT FROM i.start_time)
                OR (i.start_time IS NOT NULL AND o.start_time < i.end_time AND o.end_time > i.start_time)))
       ORDER BY i.n
      ON CONFLICT (tenant_id, request_id) WHERE request_id IS NOT NULL DO NOTHING
      RETURNING id, tenant_id, official_id, work_date, minutes
    ), day AS (
      INSERT INTO diary_day AS d (tenant_id, official_id, work_date, total_minutes, entry_count, limit_minutes)
      SELECT w.tenant_id, w.official_id, w.work_date, w.minutes, 1, i.limit_minutes FROM written w JOIN input i ON i.id = w.id ORDER BY i.n
      ON CONFLICT (tenant_id, official_id, work_date) DO UPDATE
        SET total_minutes = d.total_minutes + EXCLUDED.total_minutes,
            entry_count = CASE WHEN d.entry_count = (
                SELECT count(*) FROM work_log_entry o
                 WHERE o.tenant_id = d.tenant_id AND o.official_id = d.official_id AND o.work_date = d.work_date AND o.status <> 'DELETED')
              THEN d.entry_count + 1 ELSE -1 END,
            limit_minutes = EXCLUDED.limit_minutes
      RETURNING tenant_id, official_id, work_date, total_minutes
    ), audited AS (
      ${AUDIT_INSERT}
      SELECT a.* FROM p, unnest(${AUDIT_TYPES.map((_, i) => `p.p${23 + i}`).join(', ')})
        AS a(occurred_at, tenant_id, actor_subject, actor_official_id, client_id, action, entity_type, entity_id, before, after, trace_id)
       WHERE a.entity_id IN (SELECT id::text FROM written)
    ), outboxed AS (
      INSERT INTO outbox (event_id, topic, message_key, envelope, traceparent)
      SELECT e.event_id, e.topic, e.message_key, e.envelope, e.traceparent
        FROM p, unnest(p.p34, p.p35, p.p36, p.p37, p.p38, p.p39)
          AS e(event_id, topic, message_key, envelope, traceparent, entry_id)
       WHERE e.entry_id IN (SELECT id FROM written)
    )
    SELECT w.id, d.total_minutes FROM written w
      JOIN day d ON d.tenant_id = w.tenant_id AND d.official_id = w.official_id AND d.work_date = w.work_date`,
};

function insertEntriesValues(writes: NewEntryWrite[]): unknown[] {
  const rows = writes.map((w) => insertValues(w.entry));
  const events = writes.flatMap((w) => w.outbox.map((o) => ({ o, entryId: w.entry.id, traceparent: w.traceparent })));
  return [
    ...INSERT_LIST.map((_, c) => rows.map((r) => r[c])),
    writes.map((w) => w.limitMinutes),
    ...AUDIT_TYPES.map((_, c) => writes.map((w) => w.audit[c])),
    events.map((e) => e.o.eventId),
    events.map((e) => e.o.topic),
    events.map((e) => e.o.key),
    events.map((e) => e.o.envelope),
    events.map((e) => e.traceparent),
    events.map((e) => e.entryId),
  ];
}

/**
 * The statement of one page of ListWorkLogs (exported for the benchmark's EXPLAIN). A unit's
 * entries are found through work_log_entry_unit_date (`unit_id = ANY` of the subtree's units;
 * the planner folds the flags, as each page is planned with its values), then kept to the dates
 * each unit lay under the one asked for; without it, the pages walked the primary key through
 * every entry of the range.
 */
export function listEntriesQuery(tenantId: string, q: WorkLogQuery): { text: string; values: unknown[] } {
  const r = q.reach;
  const units = q.units ?? [];
  return {
    text: `SELECT ${ENTRY_COLUMNS} FROM work_log_entry e
        WHERE tenant_id = $1 AND ($2::uuid IS NULL OR official_id = $2) AND work_date BETWEEN $3 AND $4
          AND ($5::uuid IS NULL OR id > $5)
          AND (cardinality($13::text[]) = 0 AND status <> 'DELETED' OR status = ANY($13::text[]))
          AND (NOT $14 OR unit_id = ANY($15::uuid[]) AND EXISTS (
                SELECT 1 FROM unnest($15::uuid[], $16::date[], $17::date[]) AS s(unit_id, valid_from, valid_to)
                 WHERE s.unit_id = e.unit_id AND e.work_date >= s.valid_from AND (s.valid_to IS NULL OR e.work_date < s.valid_to)))
          AND ($7 OR official_id = $8::uuid OR agency_id = ANY($9::uuid[]) OR EXISTS (
                SELECT 1 FROM unnest($10::uuid[], $11::date[], $12::date[]) AS s(unit_id, valid_from, valid_to)
                 WHERE s.unit_id = e.unit_id AND e.work_date >= s.valid_from AND (s.valid_to IS NULL OR e.work_date < s.valid_to)))
        ORDER BY id LIMIT $6`,
    values: [
      tenantId,
      q.filters.officialId,
      q.filters.fromDate,
      q.filters.toDate,
      q.page.after,
      q.page.size + 1,
      r.all,
      r.officialId,
      r.agencies,
      r.intervals.map((i) => i.unitId),
      r.intervals.map((i) => i.from),
      r.intervals.map((i) => i.to),
      q.filters.statuses,
      q.units !== null,
      units.map((u) => u.unitId),
      units.map((u) => u.from),
      units.map((u) => u.to),
    ],
  };
}

export class WorklogStore {
  private readonly writer: EntityWriter;
  /** LogWork's new entries, written together when calls come at once (see Coalescer). */
  private readonly newEntries: Coalescer<NewEntryWrite, number>;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (e: WorklogEvent) => OutboxRecord,
    { writesInFlight = 2, maxEntriesPerWrite = 100 } = {},
  ) {
    this.writer = new EntityWriter(pool);
    this.newEntries = new Coalescer({
      name: 'worklog-new-entries',
      maxInFlight: writesInFlight,
      maxBatch: maxEntriesPerWrite,
      keysOf: (w) => [
        `${w.entry.tenantId}/${w.entry.officialId}/${w.entry.workDate}`,
        ...(w.entry.requestId ? [`r/${w.entry.requestId}`] : []),
      ],
      run: (writes) => this.insertEntries(writes),
    });
  }

  async entryByRequestId(tenantId: string, requestId: string): Promise<WorkLogEntry | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND request_id = $2`, [
      tenantId,
      requestId,
    ]);
    return rows.map(entryOf)[0];
  }

  /** Entries already written under some of these request ids. */
  async entriesByRequestIds(tenantId: string, requestIds: string[]): Promise<Map<string, WorkLogEntry>> {
    if (!requestIds.length) return new Map();
    const { rows } = await this.pool.query(
      `SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND request_id = ANY($2::uuid[])`,
      [tenantId, requestIds],
    );
    return new Map(rows.map(entryOf).map((e) => [e.requestId!, e]));
  }

  async entryById(tenantId: string, id: string): Promise<WorkLogEntry | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows.map(entryOf)[0];
  }

  async entriesByIds(tenantId: string, ids: string[]): Promise<Map<string, WorkLogEntry>> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
      tenantId,
      ids,
    ]);
    return new Map(rows.map(entryOf).map((e) => [e.id, e]));
  }

  /** The counted entries of official-days, by dayKey. */
  async days(tenantId: string, days: { officialId: string; date: string }[]): Promise<Map<string, DayState>> {
    const out = new Map<string, DayState>(days.map((d) => [`${d.officialId}/${d.date}`, { entries: [] }]));
    if (!days.length) return out;
    const { rows } = await this.pool.query(
      `SELECT ${ENTRY_COLUMNS} FROM work_log_entry
        WHERE tenant_id = $1 AND (official_id, work_date) IN (SELECT * FROM unnest($2::uuid[], $3::date[])) AND status <> 'DELETED'`,
      [tenantId, days.map((d) => d.officialId), days.map((d) => d.date)],
    );
    for (const e of rows.map(entryOf)) out.get(`${e.officialId}/${e.workDate}`)?.entries.push(e);
    return out;
  }

  async day(tenantId: string, officialId: string, date: string): Promise<DayState> {
    return (await this.days(tenantId, [{ officialId, date }])).get(`${officialId}/${date}`)!;
  }

  /** Tasks named by entries: who may log work for them and whether they are open. */
  async tasks(tenantId: string, ids: string[]): Promise<Map<string, TaskRef>> {
    if (!ids.length) return new Map();
    const { rows } = await this.pool.query(
      `SELECT id, work_item_id, status, lead_assignee_id, supporting_assignee_ids FROM task WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          workItemId: r.work_item_id,
          status: r.status,
          leadAssigneeId: r.lead_assignee_id,
          supportingAssigneeIds: r.supporting_assignee_ids,
        },
      ]),
    );
  }

  /**
   * A new entry, its WorkLogged event, its audit row and its day's total in one statement: one
   * round trip, one transaction. The statement guards what the domain checked from caches or
   * did not read: nothing goes into a closed month; no identical or overlapping entry of the same
   * day; the day's total within the limit. Any of them, or a request id already taken, makes it
   * a WriteConflict: the command reads the day and decides again. Answers the day's new total.
   *
   * The statement sees the day as it stood when it began: a writer of the same day committing
   * meanwhile (a double click) is not seen by the checks for identical and overlapping entries.
   * The day's row serialises them: its count must still be the count this statement saw, or the
   * row's check fails (entry_count -1) and the whole statement with it, a WriteConflict again.
   *
   * Entries of LogWork calls that come at once share the statement (INSERT_ENTRIES, Coalescer):
   * each call still gets its own answer, and is answered only once the statement has committed.
   */
  async saveEntry(d: Decision<WorkLogEntry, WorklogEvent>, actor: Actor, limitMinutes: number): Promise<number> {
    const e = d.entity;
    return this.newEntries.submit({
      entry: e,
      limitMinutes,
      outbox: d.events.map(this.toOutbox),
      audit: auditValues(auditOf(actor, 'work_log_entry', e.id, null, e)),
      traceparent: outboxTraceparent(),
    });
  }

  /**
   * Writes new entries of concurrent LogWork calls in one statement (INSERT_ENTRIES), in the order
   * of their days; an entry the statement's guards refused is a WriteConflict of its own. When
   * the statement fails on a constraint (a day's limit, a lost race), which entry caused it cannot
   * be told: each is written again on its own, and answers for itself.
   */
  private async insertEntries(writes: NewEntryWrite[]): Promise<(number | Error)[]> {
    const ordered = [...writes].sort((a, b) =>
      a.entry.tenantId !== b.entry.tenantId
        ? a.entry.tenantId < b.entry.tenantId
          ? -1
          : 1
        : a.entry.officialId !== b.entry.officialId
          ? a.entry.officialId < b.entry.officialId
            ? -1
            : 1
          : a.entry.workDate < b.entry.workDate
            ? -1
            : a.entry.workDate > b.entry.workDate
              ? 1
              : 0,
    );
    try {
      const { rows } = await this.pool.query({ ...INSERT_ENTRIES, values: insertEntriesValues(ordered) });
      if (rows.length) outboxCommitted(this.pool);
      const totals = new Map<string, number>(rows.map((r) => [r.id, Number(r.total_minutes)]));
      return writes.map((w) => totals.get(w.entry.id) ?? new WriteConflict('worklog-insert-entry'));
    } catch (err) {
      // 21000: one statement touching a day twice (never sent; a bug to survive all the same).
      const conflict = conflictOf(err) ?? ((err as { code?: string }).code === '21000' ? new WriteConflict('diary_day') : undefined);
      if (!conflict) throw err;
      if (writes.length === 1) return [conflict];
      return Promise.all(writes.map(async (w) => (await this.insertEntries([w]))[0]));
    }
  }

  /**
   * New entries of a batch in one transaction: the closed months read again inside it (a month
   * closed since the decision makes the batch decide again), the entries in one insert, each
   * day's total once, every event and audit row. Answers each touched day's total by dayKey.
   */
  async saveEntries(
    tenantId: string,
    decisions: Decision<WorkLogEntry, WorklogEvent>[],
    actor: Actor,
    limitMinutes: number,
  ): Promise<Map<string, number>> {
    const entries = decisions.map((d) => d.entity);
    const deltas = mergeDeltas(entries.flatMap((e) => dayDeltas(null, e)));
    try {
      return await withTransaction(this.pool, async (c) => {
        const months = [...new Set(entries.map((e) => `${e.workDate.slice(0, 7)}-01`))];
        const closed = await c.query('SELECT 1 FROM diary_closed_month WHERE tenant_id = $1 AND month = ANY($2::date[]) LIMIT 1', [
          tenantId,
          months,
        ]);
        if (closed.rowCount) throw new WriteConflict('diary_closed_month');
        const columns = INSERT_COLUMNS.split(',').map((col) => col.trim());
        const inserted = await c.query(
          `INSERT INTO work_log_entry (${INSERT_COLUMNS})
           SELECT * FROM unnest(${columns.map((_, i) => `$${i + 1}::${INSERT_TYPES[i]}[]`).join(', ')})
           ON CONFLICT (tenant_id, request_id) WHERE request_id IS NOT NULL DO NOTHING`,
          columns.map((_, i) => entries.map((e) => insertValues(e)[i])),
        );
        if (inserted.rowCount !== entries.length) throw new WriteConflict('work_log_entry_request');
        const day = dayUpsert(tenantId, deltas, limitMinutes);
        const { rows } = await c.query(
          `${day.text} RETURNING official_id, to_char(work_date, 'YYYY-MM-DD') AS work_date, total_minutes`,
          day.values,
        );
        await writeOutbox(
          c,
          decisions.flatMap((d) => d.events.map(this.toOutbox)),
        );
        await writeAudit(
          c,
          entries.map((e) => auditOf(actor, 'work_log_entry', e.id, null, e)),
        );
        return new Map(rows.map((r) => [`${r.official_id}/${r.work_date}`, r.total_minutes as number]));
      });
    } catch (err) {
      throw conflictOf(err) ?? err;
    }
  }

  /**
   * Changes of existing entries (edits, deletions, reviews), in one transaction: each row only if
   * it is still at the version read and its months are open; the days' totals; events; audit.
   */
  async saveChanges(
    tenantId: string,
    decisions: Decision<WorkLogEntry, WorklogEvent>[],
    actor: Actor,
    limitMinutes: number,
  ): Promise<void> {
    const changes = decisions.flatMap((d) => d.events).filter((e) => e.kind === 'WorkLogChanged');
    if (!changes.length) return;
    const deltas = mergeDeltas(changes.flatMap((c) => dayDeltas(c.previous, c.entry)));
    const statements: Statement[] = [
      {
        text: `UPDATE work_log_entry e SET work_date = v.work_date, work_item_id = v.work_item_id, work_item_revision = v.work_item_revision,
                 quantity = v.quantity, minutes = v.minutes, note = v.note, task_id = v.task_id, evidence = v.evidence, status = v.status,
                 start_time = v.start_time, end_time = v.end_time, agency_id = v.agency_id, unit_id = v.unit_id,
                 reviewed_by = v.reviewed_by, reviewed_at = v.reviewed_at, review_comment = v.review_comment,
                 version = v.version, updated_at = v.updated_at
               FROM unnest($2::uuid[], $3::bigint[], $4::date[], $5::uuid[], $6::int[], $7::numeric[], $8::int[], $9::text[], $10::uuid[],
                      $11::text[], $12::text[], $13::time[], $14::time[], $15::uuid[], $16::uuid[], $17::text[], $18::timestamptz[],
                      $19::text[], $20::bigint[], $21::timestamptz[])
                 AS v(id, old_version, work_date, work_item_id, work_item_revision, quantity, minutes, note, task_id, evidence, status,
                      start_time, end_time, agency_id, unit_id, reviewed_by, reviewed_at, review_comment, version, updated_at)
              WHERE e.tenant_id = $1 AND e.id = v.id AND e.version = v.old_version
                AND NOT EXISTS (SELECT 1 FROM diary_closed_month m WHERE m.tenant_id = $1
                                  AND m.month IN (date_trunc('month', e.work_date)::date, date_trunc('month', v.work_date)::date))
              RETURNING e.id`,
        values: [
          tenantId,
          changes.map((c) => c.entry.id),
          changes.map((c) => c.previous.version),
          changes.map((c) => c.entry.workDate),
          changes.map((c) => c.entry.workItemId),
          changes.map((c) => c.entry.workItemRevision),
          changes.map((c) => formatHundredths(c.entry.quantity)),
          changes.map((c) => c.entry.minutes),
          changes.map((c) => c.entry.note),
          changes.map((c) => c.entry.taskId),
          changes.map((c) => c.entry.evidence),
          changes.map((c) => c.entry.status),
          changes.map((c) => c.entry.startTime),
          changes.map((c) => c.entry.endTime),
          changes.map((c) => c.entry.agencyId),
          changes.map((c) => c.entry.unitId),
          changes.map((c) => c.entry.review?.by ?? null),
          changes.map((c) => c.entry.review?.at ?? null),
          changes.map((c) => c.entry.review?.comment ?? ''),
          changes.map((c) => c.entry.version),
          changes.map((c) => c.entry.updatedAt),
        ],
        rows: changes.length,
      },
    ];
    const taken = deltas.filter((d) => d.minutes < 0 || d.entries < 0);
    const added = deltas.filter((d) => d.minutes >= 0 && d.entries >= 0);
    if (taken.length) statements.push(dayTake(tenantId, taken, limitMinutes));
    if (added.length) statements.push(dayUpsert(tenantId, added, limitMinutes));
    await this.writer.write(
      statements,
      changes.map(this.toOutbox),
      changes.map((c) => auditOf(actor, 'work_log_entry', c.entry.id, c.previous, c.entry)),
    );
  }

  /** Entries in a date range, filtered, inside the caller's reach on each entry's date. */
  async listEntries(tenantId: string, q: WorkLogQuery) {
    const { rows } = await this.pool.query(listEntriesQuery(tenantId, q));
    return toPage(rows.map(entryOf), q.page, q.filters, (e) => e.id);
  }

  /** An official's counted total and entries of a day. */
  async dayTotal(tenantId: string, officialId: string, date: string): Promise<{ total: number; count: number }> {
    const { rows } = await this.pool.query(
      'SELECT total_minutes, entry_count FROM diary_day WHERE tenant_id = $1 AND official_id = $2 AND work_date = $3',
      [tenantId, officialId, date],
    );
    return { total: rows[0]?.total_minutes ?? 0, count: rows[0]?.entry_count ?? 0 };
  }

  /** The days in a range on which each of some officials has a counted entry. */
  async loggedDays(tenantId: string, officialIds: string[], from: string, to: string): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (!officialIds.length) return out;
    const { rows } = await this.pool.query(
      `SELECT official_id, to_char(work_date, 'YYYY-MM-DD') AS work_date FROM diary_day
        WHERE tenant_id = $1 AND official_id = ANY($2::uuid[]) AND work_date BETWEEN $3 AND $4 AND entry_count > 0`,
      [tenantId, officialIds, from, to],
    );
    for (const r of rows) {
      const days = out.get(r.official_id) ?? new Set<string>();
      out.set(r.official_id, days);
      days.add(r.work_date);
    }
    return out;
  }

  /** The work items of an official's open tasks, then those they logged most since a date. */
  async suggestions(tenantId: string, officialId: string, since: string, limit: number) {
    const [tasks, recent] = await Promise.all([
      this.pool.query(
        `SELECT id, work_item_id FROM task
          WHERE tenant_id = $1 AND (lead_assignee_id = $2 OR $2 = ANY(supporting_assignee_ids))
            AND status IN ('ASSIGNED', 'IN_PROGRESS', 'RETURNED') ORDER BY due_date, id LIMIT $3`,
        [tenantId, officialId, limit],
      ),
      this.pool.query(
        `SELECT work_item_id, count(*)::int AS uses FROM work_log_entry
          WHERE tenant_id = $1 AND official_id = $2 AND work_date >= $3 AND status <> 'DELETED'
          GROUP BY work_item_id ORDER BY uses DESC, work_item_id LIMIT $4`,
        [tenantId, officialId, since, limit],
      ),
    ]);
    return {
      tasks: tasks.rows.map((r) => ({ taskId: r.id as string, workItemId: r.work_item_id as string })),
      recent: recent.rows.map((r) => ({ workItemId: r.work_item_id as string, uses: r.uses as number })),
    };
  }
}
