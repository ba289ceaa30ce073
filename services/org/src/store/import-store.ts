import { type Pool, type Statement, withTransaction } from '@thuocdo/db';
import { type Page, type Principal, toPage } from '@thuocdo/kit';
import type { ImportIssue } from '@thuocdo/sheets';
import { emptySummary, type ImportJob, type ImportSummary, type NewImport, type OrgSnapshot } from '../domain/import-plan';
import type { OrgChartRows } from '../domain/org-chart-sheets';
import { membershipOf, officialOf, positionOf, UNIT_SELECT, unitOf } from './rows';

const jobOf = (r: any): ImportJob => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  status: r.status,
  effectiveDate: r.effective_date,
  fileNames: r.file_names,
  rowsTotal: r.rows_total,
  rowsDone: r.rows_done,
  summary: { ...emptySummary(), ...r.summary },
  issueCount: r.issue_count,
  createdBy: r.created_by,
  confirmedBy: r.confirmed_by,
  createTime: r.create_time,
  updateTime: r.update_time,
});

const JOB_COLUMNS = `id, tenant_id, agency_id, status, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, file_names, rows_total,
  rows_done, summary, issue_count, created_by, confirmed_by, create_time, update_time`;

/** A job taken by a worker, with its files. */
export interface LeasedJob {
  job: ImportJob;
  /** How many times a worker has taken this stage, this one included. */
  attempts: number;
  files: { name: string; content: Uint8Array }[];
}

/** How long a worker holds a job before another replica may take it over. */
export const LEASE_SECONDS = 120;

/** Import jobs: their files, progress, issues and the lease that shares the work among replicas. */
export class ImportStore {
  constructor(private readonly pool: Pool) {}

  /** A new job, VALIDATING, with its files; a retry with the same id answers the job as it is. */
  async create(tenantId: string, id: string, i: NewImport, by: Principal): Promise<ImportJob> {
    return withTransaction(this.pool, async (c) => {
      const { rowCount } = await c.query(
        `INSERT INTO import_job (id, tenant_id, agency_id, status, effective_date, file_names, created_by)
         VALUES ($1, $2, $3, 'VALIDATING', $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [id, tenantId, i.agencyId, i.effectiveDate, i.files.map((f) => f.name), JSON.stringify(by)],
      );
      if (rowCount)
        await c.query(
          `INSERT INTO import_file (job_id, seq, name, content) SELECT $1, s.seq, s.name, s.content
             FROM unnest($2::text[], $3::bytea[]) WITH ORDINALITY AS s(name, content, seq)`,
          [id, i.files.map((f) => f.name), i.files.map((f) => Buffer.from(f.content))],
        );
      const { rows } = await c.query(`SELECT ${JOB_COLUMNS} FROM import_job WHERE id = $1`, [id]);
      return jobOf(rows[0]);
    });
  }

  async get(id: string): Promise<ImportJob | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await this.pool.query(`SELECT ${JOB_COLUMNS} FROM import_job WHERE id = $1`, [id]);
    return rows.map(jobOf)[0];
  }

  /** An agency's jobs, newest first. */
  async list(tenantId: string, agencyId: string, page: Page<[string, string]>) {
    const after = page.after;
    const { rows } = await this.pool.query(
      `SELECT ${JOB_COLUMNS}, to_char(create_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_time FROM import_job
        WHERE tenant_id = $1 AND agency_id = $2
          AND ($3::timestamp IS NULL OR (create_time AT TIME ZONE 'UTC', id) < ($3::timestamp, $4::uuid))
        ORDER BY create_time DESC, id DESC LIMIT $5`,
      [tenantId, agencyId, after?.[0] ?? null, after?.[1] ?? null, page.size + 1],
    );
    const { items, nextPageToken } = toPage(rows, page, { agencyId }, (r) => [r.cursor_time, r.id] as [string, string]);
    return { items: items.map(jobOf), nextPageToken };
  }

  /** A job's issues in order, a page at a time (the cursor is the issue's position). */
  async issues(jobId: string, page: Page<string>) {
    const after = page.after ? Number(page.after) : 0;
    const { rows } = await this.pool.query('SELECT * FROM import_issue WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
      jobId,
      after,
      page.size + 1,
    ]);
    const { items, nextPageToken } = toPage(rows, page, { jobId }, (r) => String(r.seq));
    return { items: items.map(issueOf), nextPageToken };
  }

  async allIssues(jobId: string): Promise<ImportIssue[]> {
    const { rows } = await this.pool.query('SELECT * FROM import_issue WHERE job_id = $1 ORDER BY seq', [jobId]);
    return rows.map(issueOf);
  }

  /** READY → APPLYING by the person confirming; false when the job was no longer READY. */
  async confirm(id: string, by: Principal): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE import_job SET status = 'APPLYING', confirmed_by = $2, rows_done = 0, attempts = 0, update_time = now(), leased_until = NULL
        WHERE id = $1 AND status = 'READY'`,
      [id, JSON.stringify(by)],
    );
    return Boolean(rowCount);
  }

  // -------------------------------------------------------------------------------------------
  // The worker's side.

  /** Takes the oldest job waiting for a stage (or whose worker's lease lapsed), with its files. */
  async lease(): Promise<LeasedJob | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE import_job SET leased_until = now() + make_interval(secs => $1), rows_done = 0, attempts = attempts + 1
        WHERE id = (SELECT id FROM import_job WHERE status IN ('VALIDATING', 'APPLYING')
                      AND (leased_until IS NULL OR leased_until < now())
                    ORDER BY update_time LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING ${JOB_COLUMNS}, attempts`,
      [LEASE_SECONDS],
    );
    if (!rows[0]) return undefined;
    const files = await this.pool.query('SELECT name, content FROM import_file WHERE job_id = $1 ORDER BY seq', [rows[0].id]);
    return { job: jobOf(rows[0]), attempts: rows[0].attempts, files: files.rows.map((f) => ({ name: f.name, content: f.content })) };
  }

  /** Progress of the current stage; renews the lease. */
  async progress(id: string, done: number, total: number): Promise<void> {
    await this.pool.query(
      `UPDATE import_job SET rows_done = $2, rows_total = $3, leased_until = now() + make_interval(secs => $4)
        WHERE id = $1 AND status IN ('VALIDATING', 'APPLYING')`,
      [id, done, total, LEASE_SECONDS],
    );
  }

  /** Keeps the lease of a job whose stage is busy in one long statement or transaction. */
  async renew(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE import_job SET leased_until = now() + make_interval(secs => $2) WHERE id = $1 AND status IN ('VALIDATING', 'APPLYING')`,
      [id, LEASE_SECONDS],
    );
  }

  /**
   * The end of a check: READY with what it will do, or INVALID with every issue (the files go:
   * they are to be corrected and uploaded again). `from` is the stage that ends.
   */
  async checked(id: string, from: 'VALIDATING' | 'APPLYING', summary: ImportSummary, issues: ImportIssue[]): Promise<boolean> {
    return withTransaction(this.pool, async (c) => {
      // The stage's end first: a worker that lost the job to another (its lease lapsed) changes nothing.
      const status = issues.length ? 'INVALID' : 'READY';
      const ended = await c.query(
        `UPDATE import_job SET status = $3, summary = $4, issue_count = $5, rows_done = rows_total, update_time = now(), leased_until = NULL
          WHERE id = $1 AND status = $2`,
        [id, from, status, JSON.stringify(summary), issues.length],
      );
      if (!ended.rowCount) return false;
      await c.query('DELETE FROM import_issue WHERE job_id = $1', [id]);
      for (let i = 0; i < issues.length; i += 5000) {
        const part = issues.slice(i, i + 5000);
        await c.query(
          `INSERT INTO import_issue (job_id, seq, sheet, row_number, column_name, message_vi, message_en)
           SELECT $1, $2 + s.n, s.sheet, s.row_number, s.column_name, s.vi, s.en
             FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS s(sheet, row_number, column_name, vi, en, n)`,
          [
            id,
            i,
            part.map((x) => x.sheet),
            part.map((x) => x.row),
            part.map((x) => x.column),
            part.map((x) => x.text.vi),
            part.map((x) => x.text.en),
          ],
        );
      }
      if (issues.length) await c.query('DELETE FROM import_file WHERE job_id = $1', [id]);
      return true;
    });
  }

  /** The statements that end an applied job, written in the transaction of its changes. */
  doneStatements(id: string, summary: ImportSummary): Statement[] {
    return [
      {
        text: `UPDATE import_job SET status = 'DONE', summary = $2, rows_done = rows_total, update_time = now(), leased_until = NULL
                WHERE id = $1 AND status = 'APPLYING' RETURNING id`,
        values: [id, JSON.stringify(summary)],
      },
      { text: 'DELETE FROM import_file WHERE job_id = $1 RETURNING job_id', values: [id] },
    ];
  }

  /** The organisation an import into an agency is checked against (domain/import-plan.ts). */
  async snapshot(tenantId: string, agencyId: string, rows: OrgChartRows): Promise<OrgSnapshot & { agencyFound: boolean }> {
    const staffCodes = rows.staff.map((r) => r.staffCode);
    const emails = rows.staff.map((r) => r.email.toLowerCase()).filter(Boolean);
    const subjects = rows.staff.map((r) => r.idpSubject).filter(Boolean);
    const [agency, units, positions, officials] = await Promise.all([
      this.pool.query('SELECT id, code FROM agency WHERE id = $1 AND tenant_id = $2', [agencyId, tenantId]),
      this.pool.query(`${UNIT_SELECT} WHERE u.agency_id = $1 AND u.tenant_id = $2`, [agencyId, tenantId]),
      this.pool.query('SELECT * FROM job_position WHERE agency_id = $1 AND tenant_id = $2', [agencyId, tenantId]),
      this.pool.query(
        // IN (SELECT unnest(…)) is a hashed subplan: = ANY over tens of thousands of codes would compare each row with each.
        `SELECT * FROM official WHERE tenant_id = $1
            AND (staff_code IN (SELECT unnest($2::text[])) OR lower(email) IN (SELECT unnest($3::text[]))
                 OR idp_subject IN (SELECT unnest($4::text[])))`,
        [tenantId, staffCodes, emails, subjects],
      ),
    ]);
    const ids = officials.rows.map((r) => r.id);
    const memberships = ids.length
      ? await this.pool.query('SELECT * FROM membership WHERE official_id = ANY($1::uuid[])', [ids])
      : { rows: [] };
    return {
      agencyFound: agency.rows.length > 0,
      agency: agency.rows[0] ?? { id: agencyId, code: '' },
      units: units.rows.map(unitOf),
      positions: positions.rows.map(positionOf),
      officials: officials.rows.map(officialOf),
      memberships: memberships.rows.map(membershipOf),
    };
  }
}

const issueOf = (r: any): ImportIssue => ({
  sheet: r.sheet,
  row: r.row_number,
  column: r.column_name,
  text: { vi: r.message_vi, en: r.message_en },
});

/** An agency's org chart as it stands: units in force (parents first), their job positions, and the staff in their main posts. */
export async function orgChartRows(pool: Pool, tenantId: string, agencyId: string) {
  const [units, positions, staff] = await Promise.all([
    pool.query(
      `SELECT u.code, u.name, coalesce(parent.code, '') AS parent_code FROM unit u LEFT JOIN unit parent ON parent.id = u.parent_unit_id
        WHERE u.tenant_id = $1 AND u.agency_id = $2 AND u.valid_to IS NULL ORDER BY u.path`,
      [tenantId, agencyId],
    ),
    pool.query(
      `SELECT p.code, p.title, u.code AS unit_code, p.category, p.leadership, p.duties FROM job_position p JOIN unit u ON u.id = p.unit_id
        WHERE p.tenant_id = $1 AND p.agency_id = $2 AND u.valid_to IS NULL ORDER BY u.path, p.code`,
      [tenantId, agencyId],
    ),
    pool.query(
      `SELECT coalesce(o.staff_code, '') AS staff_code, o.full_name, coalesce(o.email, '') AS email, o.category, u.code AS unit_code,
              coalesce(p.code, '') AS position_code, to_char(m.valid_from, 'YYYY-MM-DD') AS start_date, coalesce(o.idp_subject, '') AS idp_subject
         FROM membership m JOIN official o ON o.id = m.official_id JOIN unit u ON u.id = m.unit_id
         LEFT JOIN job_position p ON p.id = m.position_id
        WHERE m.tenant_id = $1 AND m.agency_id = $2 AND m.kind = 'MAIN' AND m.valid_to IS NULL
        ORDER BY u.path, o.sort_name COLLATE "vi-VN-x-icu", o.id`,
      [tenantId, agencyId],
    ),
  ]);
  return { units: units.rows, positions: positions.rows, staff: staff.rows };
}
