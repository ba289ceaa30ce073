import type { Pool } from '@thuocdo/db';
import type pg from 'pg';
import type { DiaryFact, TaskFact } from '../domain/products';
import type { OfficialCategory } from '../domain/rule-pack';

// The facts scoring works from, kept from the other services' events (events/fact-consumer.ts,
// events/people-consumer.ts). Every write keeps the newest version of its record only.

export interface TaskRecord extends TaskFact {
  tenantId: string;
}
export interface DiaryRecord extends DiaryFact {
  tenantId: string;
}
export interface OfficialRecord {
  id: string;
  tenantId: string;
  category: OfficialCategory;
  /** For HR's lists and spreadsheets. */
  fullName: string;
  staffCode: string;
  removed: boolean;
}
export interface JobPositionRecord {
  id: string;
  tenantId: string;
  agencyId: string;
  /** The position's category: the group of officials with similar duties the quota counts within. */
  category: string;
  leadership: boolean;
  removed: boolean;
}
export interface MembershipRecord {
  id: string;
  tenantId: string;
  officialId: string;
  agencyId: string;
  unitId: string;
  positionId: string | null;
  kind: 'MAIN' | 'CONCURRENT';
  validFrom: string;
  validTo: string | null;
  removed: boolean;
}

/** A post as scoring reads it: where, and as what. */
export interface Post {
  officialId: string;
  agencyId: string;
  unitId: string;
  leadership: boolean;
  dutyGroup: string;
}

const upsert = (table: string, columns: string[]) => {
  const list = columns.join(', ');
  const params = columns.map((_, i) => `$${i + 1}`).join(', ');
  const set = columns
    .filter((c) => c !== 'id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');
  return `INSERT INTO ${table} (${list}) VALUES (${params})
          ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${table}.event_version < EXCLUDED.event_version`;
};

const TASK_UPSERT = upsert('task_fact', [
  'id',
  'tenant_id',
  'lead_assignee_id',
  'status',
  'due_date',
  'assigned_minutes',
  'quality',
  'failed_assessments',
  'timeliness',
  'days_late',
  'objective_cause',
  'event_version',
]);
const DIARY_UPSERT = upsert('diary_fact', [
  'id',
  'tenant_id',
  'official_id',
  'work_date',
  'work_item_id',
  'minutes',
  'status',
  'task_id',
  'event_version',
]);
const OFFICIAL_UPSERT = upsert('official_ref', ['id', 'tenant_id', 'category', 'full_name', 'staff_code', 'removed', 'event_version']);
const POSITION_UPSERT = upsert('job_position_ref', ['id', 'tenant_id', 'agency_id', 'category', 'leadership', 'removed', 'event_version']);
const MEMBERSHIP_UPSERT = upsert('membership_ref', [
  'id',
  'tenant_id',
  'official_id',
  'agency_id',
  'unit_id',
  'position_id',
  'kind',
  'valid_from',
  'valid_to',
  'removed',
  'event_version',
]);

const postOf = (r: any): Post => ({
  officialId: r.official_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  leadership: r.leadership,
  dutyGroup: r.duty_group,
});
const taskOf = (r: any): TaskFact => ({
  id: r.id,
  leadAssigneeId: r.lead_assignee_id,
  status: r.status,
  dueDate: r.due_date,
  assignedMinutes: r.assigned_minutes,
  quality: r.quality,
  failedAssessments: r.failed_assessments,
  timeliness: r.timeliness,
  daysLate: r.days_late,
  objectiveCause: r.objective_cause,
});

export class FactStore {
  constructor(private readonly pool: Pool) {}

  async applyTask(c: pg.PoolClient, t: TaskRecord, version: number): Promise<void> {
    await c.query(TASK_UPSERT, [
      t.id,
      t.tenantId,
      t.leadAssigneeId,
      t.status,
      t.dueDate,
      t.assignedMinutes,
      t.quality,
      t.failedAssessments,
      t.timeliness,
      t.daysLate,
      t.objectiveCause,
      version,
    ]);
  }

  async applyEntry(c: pg.PoolClient, e: DiaryRecord, version: number): Promise<void> {
    await c.query(DIARY_UPSERT, [e.id, e.tenantId, e.officialId, e.workDate, e.workItemId, e.minutes, e.status, e.taskId, version]);
  }

  async applyOfficial(c: pg.PoolClient, o: OfficialRecord, version: number): Promise<void> {
    await c.query(OFFICIAL_UPSERT, [o.id, o.tenantId, o.category, o.fullName, o.staffCode, o.removed, version]);
  }

  async applyJobPosition(c: pg.PoolClient, p: JobPositionRecord, version: number): Promise<void> {
    await c.query(POSITION_UPSERT, [p.id, p.tenantId, p.agencyId, p.category, p.leadership, p.removed, version]);
  }

  async applyMembership(c: pg.PoolClient, m: MembershipRecord, version: number): Promise<void> {
    await c.query(MEMBERSHIP_UPSERT, [
      m.id,
      m.tenantId,
      m.officialId,
      m.agencyId,
      m.unitId,
      m.positionId,
      m.kind,
      m.validFrom,
      m.validTo,
      m.removed,
      version,
    ]);
  }

  /** The categories of officials (those scoring has not heard of are left out). */
  async categories(tenantId: string, officialIds: string[] | 'all'): Promise<Map<string, OfficialCategory>> {
    const { rows } = await this.pool.query(
      'SELECT id, category FROM official_ref WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) AND NOT removed',
      [tenantId, officialIds === 'all' ? null : officialIds],
    );
    return new Map(rows.map((r) => [r.id, r.category]));
  }

  /** Names and staff codes of officials, as org last published them. */
  async names(tenantId: string, officialIds: string[] | 'all'): Promise<Map<string, { fullName: string; staffCode: string }>> {
    const { rows } = await this.pool.query(
      'SELECT id, full_name, staff_code FROM official_ref WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))',
      [tenantId, officialIds === 'all' ? null : officialIds],
    );
    return new Map(rows.map((r) => [r.id, { fullName: r.full_name ?? '', staffCode: r.staff_code ?? '' }]));
  }

  /**
   * The main posts in force on a date of the officials posted in any of `unitIds` (or of the
   * officials named), or of everyone (`'all'`, for closing a period), with their positions: where
   * each stands, whether they lead, their duty group.
   */
  async mainPosts(tenantId: string, date: string, by: { unitIds?: string[]; officialIds?: string[] } | 'all'): Promise<Post[]> {
    const all = by === 'all';
    const { rows } = await this.pool.query(
      `SELECT m.official_id, m.agency_id, m.unit_id, coalesce(p.leadership, false) AS leadership, coalesce(p.category, '') AS duty_group
         FROM membership_ref m
         LEFT JOIN job_position_ref p ON p.id = m.position_id AND NOT p.removed
        WHERE m.tenant_id = $1 AND NOT m.removed AND m.kind = 'MAIN'
          AND m.valid_from <= $2 AND (m.valid_to IS NULL OR $2 < m.valid_to)
          AND ($5 OR m.unit_id = ANY($3::uuid[]) OR m.official_id = ANY($4::uuid[]))
        ORDER BY m.official_id`,
      [tenantId, date, all ? [] : (by.unitIds ?? []), all ? [] : (by.officialIds ?? []), all],
    );
    return rows.map(postOf);
  }

  /**
   * Every fact of a tenant's period, for closing it: the tasks due then, and the entries dated
   * then grouped by official, item, task and status (their minutes summed, their ids listed),
   * which is what scoring reads of them and a fraction of the rows.
   */
  async tenantPeriodFacts(tenantId: string, from: string, to: string): Promise<{ tasks: TaskFact[]; diary: DiaryFact[] }> {
    // The entries in two halves by official, on two connections: PostgreSQL groups one half while
    // the other is read here.
    const [tasks, ...diary] = await Promise.all([
      this.pool.query(
        `SELECT id, lead_assignee_id, status, due_date, assigned_minutes, quality, failed_assessments, timeliness, days_late, objective_cause
           FROM task_fact WHERE tenant_id = $1 AND due_date BETWEEN $2 AND $3 AND status <> 'CANCELLED'`,
        [tenantId, from, to],
      ),
      ...[0, 1].map((half) =>
        this.pool.query(
          `SELECT official_id, work_item_id, task_id, status, sum(minutes)::int AS minutes, string_agg(id::text, ',') AS ids
             FROM diary_fact WHERE tenant_id = $1 AND work_date BETWEEN $2 AND $3 AND status IN ('APPROVED', 'LOGGED')
              AND hashtext(official_id::text) & 1 = $4
            GROUP BY official_id, work_item_id, task_id, status`,
          [tenantId, from, to, half],
        ),
      ),
    ]);
    return {
      tasks: tasks.rows.map(taskOf),
      diary: diary
        .flatMap((d) => d.rows)
        .map((r) => {
          const ids: string[] = r.ids.split(',');
          return {
            id: ids[0],
            officialId: r.official_id,
            workDate: from,
            workItemId: r.work_item_id,
            minutes: r.minutes,
            status: r.status,
            taskId: r.task_id,
            groupIds: ids,
          };
        }),
    };
  }

  /** The tasks the officials lead due in [from, to], and their diary entries dated then. */
  async periodFacts(tenantId: string, officialIds: string[], from: string, to: string): Promise<{ tasks: TaskFact[]; diary: DiaryFact[] }> {
    const [tasks, diary] = await Promise.all([
      this.pool.query(
        `SELECT id, lead_assignee_id, status, to_char(due_date, 'YYYY-MM-DD') AS due_date, assigned_minutes, quality,
                failed_assessments, timeliness, days_late, objective_cause
           FROM task_fact WHERE tenant_id = $1 AND lead_assignee_id = ANY($2::uuid[]) AND due_date BETWEEN $3 AND $4`,
        [tenantId, officialIds, from, to],
      ),
      this.pool.query(
        `SELECT id, official_id, to_char(work_date, 'YYYY-MM-DD') AS work_date, work_item_id, minutes, status, task_id
           FROM diary_fact WHERE tenant_id = $1 AND official_id = ANY($2::uuid[]) AND work_date BETWEEN $3 AND $4`,
        [tenantId, officialIds, from, to],
      ),
    ]);
    return {
      tasks: tasks.rows.map(taskOf),
      diary: diary.rows.map((r) => ({
        id: r.id,
        officialId: r.official_id,
        workDate: r.work_date,
        workItemId: r.work_item_id,
        minutes: r.minutes,
        status: r.status,
        taskId: r.task_id,
      })),
    };
  }
}
