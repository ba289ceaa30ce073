import { uuidv7 } from '@thuocdo/db';
import {
  type Actor,
  coversAgency,
  type DirectoryView,
  type Logger,
  scopeFor,
  todayInVietnam,
  type Worker,
  WriteConflict,
} from '@thuocdo/kit';
import type { ImportIssue } from '@thuocdo/sheets';
import { readFiles } from '@thuocdo/sheets';
import { counter, histogram } from '@thuocdo/telemetry';
import { emptySummary, type ImportJob, type ImportPlan, planImport } from '../domain/import-plan';
import { MAX_IMPORT_ROWS, readOrgChart, sortIssues } from '../domain/org-chart-sheets';
import { type ImportStore, LEASE_SECONDS, type LeasedJob } from '../store/import-store';
import type { OrgStore } from '../store/org-store';

const stages = counter('org_import_stages_total', 'Import stages finished, by stage and outcome', ['stage', 'outcome']);
const rowsPerSecond = histogram(
  'org_import_rows_per_second',
  'Rows an import stage went through per second',
  ['stage'],
  [100, 500, 1000, 2500, 5000, 10000, 25000, 50000],
);

/** A write that meets a concurrent change is planned again this many times before the import is sent back. */
const ATTEMPTS = 3;
/** A stage that fails for another reason is taken again by a worker at most this many times. */
const MAX_ATTEMPTS = 3;
/** At most this many problems are kept (a file of a wrong layout can have one on every row). */
const MAX_ISSUES = 1000;

const unprocessable = () =>
  wholeImport(
    'Không xử lý được các tệp này (tệp hỏng hoặc quá phức tạp); hãy lưu lại tệp từ Excel, hoặc chia nhỏ rồi nhập lại',
    'These files could not be processed (damaged or too complex); save them again from Excel, or split them, and retry',
  );

/** The first problems, and one more saying how many were left out. */
function firstIssues(issues: ImportIssue[]): ImportIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const left = issues.length - MAX_ISSUES + 1;
  return [
    ...issues.slice(0, MAX_ISSUES - 1),
    wholeImport(
      `Và ${left} lỗi khác; sửa các lỗi trên rồi nhập lại để xem tiếp`,
      `And ${left} more problems; correct those above and import again to see the rest`,
    ),
  ];
}

export interface ImporterOptions {
  pollMs: number;
}

const wholeImport = (vi: string, en: string): ImportIssue => ({ sheet: '', row: 0, column: '', text: { vi, en } });

/**
 * Runs the stages of imports (migration 0005): reads the files, plans the import row by row
 * against the organisation as it is, and either records the problems, marks it ready, or (once
 * confirmed) writes every change in one transaction with the job's end. It acts as the person
 * who started (checking) or confirmed (applying) the import, in the scope their grants give them
 * at that moment. Progress goes to the job row every few hundred rows; a replica that dies
 * mid-stage leaves nothing written, and another takes the job over when the lease lapses.
 */
export class Importer implements Worker {
  readonly name = 'org importer';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private again = false;

  constructor(
    private readonly store: OrgStore,
    private readonly imports: ImportStore,
    private readonly directory: DirectoryView,
    private readonly log: Logger,
    private readonly o: ImporterOptions,
  ) {}

  async start(): Promise<void> {
    this.wake();
  }

  /** Looks for work now (a job was just started or confirmed on this replica). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.work()
      .catch((err) => this.log.warn({ err: (err as Error).message }, 'import: failed, retrying at the next poll'))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.timer = setTimeout(() => this.wake(), this.o.pollMs);
      });
  }

  /** Takes waiting jobs one by one until none is left. */
  async work(): Promise<void> {
    while (!this.stopped) {
      const leased = await this.imports.lease();
      if (!leased) return;
      const { job, attempts } = leased;
      const from = job.status as 'VALIDATING' | 'APPLYING';
      // A stage that failed (or took its replica down) this many times is not tried again.
      if (attempts > MAX_ATTEMPTS) {
        await this.imports.checked(job.id, from, emptySummary(), [unprocessable()]);
        stages.inc({ stage: from === 'APPLYING' ? 'apply' : 'check', outcome: 'failed' });
        continue;
      }
      try {
        await this.run(leased);
      } catch (err) {
        // Not a problem of the files that the check could name: logged, and tried again later.
        this.log.error({ err, import: job.id, attempt: attempts }, 'import: stage failed');
        if (attempts >= MAX_ATTEMPTS) await this.imports.checked(job.id, from, emptySummary(), [unprocessable()]);
      }
    }
  }

  private async run({ job, files }: LeasedJob): Promise<void> {
    const stage = job.status === 'APPLYING' ? 'apply' : 'check';
    const started = Date.now();
    this.log.info({ import: job.id, stage }, 'import: started');
    const read = await readFiles(files);
    const chart = readOrgChart(read.sheets);
    const issues = [...read.issues, ...chart.issues];
    await this.imports.progress(job.id, 0, chart.rowCount);
    if (chart.rowCount === 0) issues.push(wholeImport('Các tệp không có dòng dữ liệu nào', 'The files have no data rows'));
    for (let attempt = 1; ; attempt++) {
      // The rows without problems of their own are checked against the organisation too, so that
      // one round of corrections fixes every row.
      const plan =
        chart.rowCount && chart.rowCount <= MAX_IMPORT_ROWS
          ? await this.plan(job, chart.rows, chart.rowCount)
          : { changes: [], summary: emptySummary(), issues: [] };
      const found = firstIssues(sortIssues([...issues, ...plan.issues]));
      if (stage === 'check' || found.length) {
        await this.imports.checked(job.id, job.status as 'VALIDATING' | 'APPLYING', plan.summary, found);
        stages.inc({ stage, outcome: found.length ? 'invalid' : 'ready' });
        break;
      }
      // The write is one transaction that may outlast the lease: it is renewed meanwhile, so that
      // no other replica takes the job over while this one is still writing it.
      const keepLease = setInterval(() => this.imports.renew(job.id).catch(() => {}), (LEASE_SECONDS * 1000) / 4);
      try {
        await this.store.saveChanges(plan.changes, this.actor(job), this.imports.doneStatements(job.id, plan.summary));
        stages.inc({ stage, outcome: 'done' });
        break;
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
        if (attempt === ATTEMPTS) {
          await this.imports.checked(job.id, 'APPLYING', plan.summary, [
            wholeImport(
              'Tổ chức bộ máy vừa được thay đổi trong lúc ghi; hãy nhập lại tệp',
              'The organisation changed while the import was written; import the files again',
            ),
          ]);
          stages.inc({ stage, outcome: 'conflict' });
          break;
        }
      } finally {
        clearInterval(keepLease);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    if (chart.rowCount) rowsPerSecond.observe({ stage }, chart.rowCount / Math.max(seconds, 0.001));
    this.log.info({ import: job.id, stage, rows: chart.rowCount, seconds }, 'import: stage finished');
  }

  /** The person the stage acts as, with the scope their grants give them now. */
  private actor(job: ImportJob): Actor {
    const principal = job.status === 'APPLYING' && job.confirmedBy ? job.confirmedBy : job.createdBy;
    const now = new Date();
    const today = todayInVietnam(now);
    const scope = scopeFor(principal, 'org.import', this.directory, today);
    return { principal, action: 'org.import', scope, directory: this.directory, now, today, newId: uuidv7 };
  }

  private async plan(job: ImportJob, rows: Parameters<typeof planImport>[0], total: number): Promise<ImportPlan> {
    const actor = this.actor(job);
    if (!coversAgency(actor.scope, job.agencyId))
      return {
        changes: [],
        summary: emptySummary(),
        issues: [
          wholeImport(
            'Người thực hiện không còn quyền nhập dữ liệu cho cơ quan này',
            'The person who started or confirmed the import may no longer import into this agency',
          ),
        ],
      };
    const snapshot = await this.imports.snapshot(job.tenantId, job.agencyId, rows);
    if (!snapshot.agencyFound)
      return { changes: [], summary: emptySummary(), issues: [wholeImport('Không tìm thấy cơ quan', 'Agency not found')] };
    const steps = planImport(rows, snapshot, actor, job.effectiveDate);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      await this.imports.progress(job.id, step.value, total);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
