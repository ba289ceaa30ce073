import {
  type Actor,
  check,
  coversAgency,
  DomainError,
  FailedPreconditionError,
  NotFoundError,
  type Principal,
  ValidationError,
} from '@thuocdo/kit';
import type { ImportIssue } from '@thuocdo/sheets';
import type { JobPosition, Membership, Official, OrgChange, Unit } from './model';
import { authorize, effectiveDate as effectiveDateOf } from './model';
import { LAYOUT, type OrgChartRows, type SheetKind, type UnitRow } from './org-chart-sheets';
import {
  assignPost,
  createJobPosition,
  createOfficial,
  parseCreateJobPosition,
  parseCreateOfficial,
  parsePersonal,
  updateOfficial,
} from './people';
import { createUnit, moveUnit, parseCreateUnit, renameUnit } from './structure';

// ---------------------------------------------------------------------------------------------
// What an import of an agency's org chart does, decided row by row with the same decisions as
// the single-record RPCs (so an import can do nothing they would refuse), against a snapshot of
// the organisation that each decision's changes update as it goes.
//
// Units are matched by code within the agency (new ones created, a different name renames, a
// different parent moves), job positions by code within the agency (new ones created; an
// existing one must match), staff by staff code within the tenant (new people created; for
// people of this agency, changed details updated and a different unit or position starts a new
// main post). An empty email or sign-in account keeps the one on record.

/** The organisation an import is checked against. */
export interface OrgSnapshot {
  agency: { id: string; code: string };
  /** Every unit of the agency, ended ones too. */
  units: Unit[];
  positions: JobPosition[];
  /** Officials of the tenant with a staff code, email or sign-in account the files name. */
  officials: Official[];
  /** Their memberships, every one. */
  memberships: Membership[];
}

export interface ImportSummary {
  unitsCreated: number;
  unitsRenamed: number;
  unitsMoved: number;
  positionsCreated: number;
  officialsCreated: number;
  officialsUpdated: number;
  postsChanged: number;
  rowsUnchanged: number;
}

export const emptySummary = (): ImportSummary => ({
  unitsCreated: 0,
  unitsRenamed: 0,
  unitsMoved: 0,
  positionsCreated: 0,
  officialsCreated: 0,
  officialsUpdated: 0,
  postsChanged: 0,
  rowsUnchanged: 0,
});

export interface ImportPlan {
  changes: OrgChange[];
  summary: ImportSummary;
  issues: ImportIssue[];
}

/** Rows between two progress reports. */
const PROGRESS_EVERY = 250;

/** The organisation's records by the keys rows use, kept up to date as decisions change them. */
class OrgIndex {
  private readonly units = new Map<string, Unit>();
  private readonly unitCodes = new Map<string, Unit>();
  private readonly positionCodes = new Map<string, JobPosition>();
  private readonly byStaffCode = new Map<string, Official>();
  private readonly byEmail = new Map<string, Official>();
  private readonly bySubject = new Map<string, Official>();
  private readonly posts = new Map<string, Map<string, Membership>>();

  constructor(s: OrgSnapshot) {
    this.apply([
      ...s.units.map((after): OrgChange => ({ type: 'unit', before: null, after })),
      ...s.positions.map((after): OrgChange => ({ type: 'job_position', before: null, after })),
      ...s.officials.map((after): OrgChange => ({ type: 'official', before: null, after })),
      ...s.memberships.map((after): OrgChange => ({ type: 'membership', before: null, after })),
    ]);
  }

  apply(changes: OrgChange[]) {
    for (const c of changes) {
      if (c.type === 'unit') {
        // A renamed code no longer finds the unit; codes are unique among the units in force.
        if (c.before) this.unitCodes.delete(c.before.code);
        this.units.set(c.after.id, c.after);
        if (c.after.validTo === null) this.unitCodes.set(c.after.code, c.after);
      } else if (c.type === 'job_position') this.positionCodes.set(c.after.code, c.after);
      else if (c.type === 'official') {
        const b = c.before;
        if (b?.staffCode) this.byStaffCode.delete(b.staffCode);
        if (b?.email) this.byEmail.delete(b.email.toLowerCase());
        if (b?.idpSubject) this.bySubject.delete(b.idpSubject);
        const o = c.after;
        if (o.staffCode) this.byStaffCode.set(o.staffCode, o);
        if (o.email) this.byEmail.set(o.email.toLowerCase(), o);
        if (o.idpSubject) this.bySubject.set(o.idpSubject, o);
      } else if (c.type === 'membership') {
        const m = (c.after ?? c.before)!;
        const of = this.posts.get(m.officialId) ?? new Map<string, Membership>();
        if (c.after) of.set(m.id, c.after);
        else of.delete(m.id);
        this.posts.set(m.officialId, of);
      }
    }
  }

  unit = (code: string) => this.unitCodes.get(code);
  position = (code: string) => this.positionCodes.get(code);
  staffCode = (code: string) => this.byStaffCode.get(code);
  email = (email: string) => (email ? this.byEmail.get(email.toLowerCase()) : undefined);
  subject = (subject: string) => (subject ? this.bySubject.get(subject) : undefined);
  membershipsOf = (officialId: string) => [...(this.posts.get(officialId)?.values() ?? [])];
  descendantsOf = (u: Unit) => [...this.units.values()].filter((d) => d.id !== u.id && d.path.startsWith(u.path));
}

/**
 * The unit rows in an order where every parent named in the files comes before its children;
 * rows whose parents lead back to themselves are left out as a cycle. Each row's depth among
 * the file's rows is worked out once.
 */
function parentsFirst(units: UnitRow[]): { ordered: UnitRow[]; cyclic: UnitRow[] } {
  const byCode = new Map(units.map((r) => [r.code, r]));
  const depths = new Map<UnitRow, number>();
  const cyclic = new Set<UnitRow>();
  for (const start of units) {
    // Walk up until a row already placed, a parent outside the file, or a row seen on this walk.
    const walk: UnitRow[] = [];
    const onWalk = new Set<UnitRow>();
    let r: UnitRow | undefined = start;
    while (r && !depths.has(r) && !cyclic.has(r) && !onWalk.has(r)) {
      walk.push(r);
      onWalk.add(r);
      r = byCode.get(r.parentCode);
    }
    if (r && (onWalk.has(r) || cyclic.has(r))) {
      for (const w of walk) cyclic.add(w);
      continue;
    }
    let d = r ? depths.get(r)! : -1;
    for (const w of walk.reverse()) depths.set(w, ++d);
  }
  return {
    ordered: units.filter((r) => depths.has(r)).sort((a, b) => depths.get(a)! - depths.get(b)!),
    cyclic: units.filter((r) => cyclic.has(r)),
  };
}

/** How deep an agency's unit tree may go (an agency's top unit is level 1). */
export const MAX_UNIT_DEPTH = 12;

/**
 * Plans an import: yields the number of rows done every few hundred rows, and returns the
 * changes to write, what they amount to, and every problem found. Changes are kept only when
 * there is no problem at all (an import is all or nothing).
 */
export function* planImport(
  rows: OrgChartRows,
  snapshot: OrgSnapshot,
  actor: Actor,
  effectiveDate: string,
): Generator<number, ImportPlan, void> {
  const org = new OrgIndex(snapshot);
  const agencyId = snapshot.agency.id;
  const changes: OrgChange[] = [];
  const summary = emptySummary();
  const issues: ImportIssue[] = [];
  let done = 0;
  const tick = () => ++done % PROGRESS_EVERY === 0;

  /** Runs one row's decision; a refusal becomes an issue on the column of the field at fault. */
  const attempt = (kind: SheetKind, row: number, decide: () => OrgChange[] | 'unchanged'): boolean => {
    try {
      const made = decide();
      if (made === 'unchanged' || made.length === 0) summary.rowsUnchanged++;
      else {
        org.apply(made);
        changes.push(...made);
      }
      return true;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      issues.push(issueOf(kind, row, err));
      return false;
    }
  };
  const problem = (kind: SheetKind, row: number, key: string, vi: string, en: string) => {
    const column = LAYOUT[kind].columns.find((c) => c.key === key)!;
    issues.push({ sheet: LAYOUT[kind].vi, row, column: column.vi, text: { vi, en } });
  };

  // Units, parents before children.
  const failed = new Set<string>(rows.rejected?.units);
  const rejectedPositions = new Set(rows.rejected?.positions);
  const { ordered, cyclic } = parentsFirst(rows.units);
  for (const r of cyclic)
    problem(
      'units',
      r.row,
      'parentCode',
      'Các đơn vị lần lượt là cấp trên của nhau (vòng lặp)',
      'These units are each other’s parents (a cycle)',
    );
  for (const r of ordered) {
    if (tick()) yield done;
    const parentCode = r.parentCode;
    if (parentCode && failed.has(parentCode)) {
      failed.add(r.code);
      problem(
        'units',
        r.row,
        'parentCode',
        `Đơn vị cấp trên ${parentCode} có lỗi; sửa dòng của đơn vị đó trước`,
        `Parent unit ${parentCode} has errors; correct its row first`,
      );
      continue;
    }
    const parent = parentCode ? org.unit(parentCode) : undefined;
    if (parent && parent.path.split('/').length > MAX_UNIT_DEPTH) {
      failed.add(r.code);
      problem(
        'units',
        r.row,
        'parentCode',
        `Cây đơn vị của cơ quan sâu quá ${MAX_UNIT_DEPTH} cấp`,
        `The agency's unit tree would be deeper than ${MAX_UNIT_DEPTH} levels`,
      );
      continue;
    }
    if (parentCode && !parent) {
      failed.add(r.code);
      problem(
        'units',
        r.row,
        'parentCode',
        `Không có đơn vị mã ${parentCode} trong tệp hay trong cơ quan`,
        `No unit with code ${parentCode} in the files or in the agency`,
      );
      continue;
    }
    const ok = attempt('units', r.row, () => {
      const existing = org.unit(r.code);
      if (!existing) {
        const input = parseCreateUnit(
          { id: '', agencyId, parentUnitId: parent?.id ?? '', code: r.code, name: r.name, validFrom: effectiveDate },
          actor.now,
        );
        summary.unitsCreated++;
        return createUnit(input, { agencyExists: true, parent, idUsedElsewhere: false }, actor).events;
      }
      const made: OrgChange[] = [];
      let unit = existing;
      if (unit.name !== r.name) {
        const d = renameUnit({ id: unit.id, version: unit.version, name: r.name, code: null, effectiveDate }, { unit }, actor);
        made.push(...d.events);
        unit = d.entity;
        summary.unitsRenamed++;
      }
      if (unit.parentUnitId !== (parent?.id ?? null)) {
        const d = moveUnit(
          { id: unit.id, version: unit.version, newParentUnitId: parent?.id ?? null, effectiveDate },
          { unit, descendants: org.descendantsOf(unit), parent },
          actor,
        );
        made.push(...d.events);
        summary.unitsMoved++;
      }
      return made;
    });
    if (!ok) failed.add(r.code);
  }

  /** The unit a row names, or a problem on the row: the unit's own row was refused, or there is none. */
  const unitOf = (kind: 'positions' | 'staff', r: { row: number; unitCode: string }) => {
    const unit = org.unit(r.unitCode);
    if (unit) return unit;
    if (failed.has(r.unitCode))
      problem(
        kind,
        r.row,
        'unitCode',
        `Đơn vị ${r.unitCode} có lỗi; sửa dòng của đơn vị đó trước`,
        `Unit ${r.unitCode} has errors; correct its row first`,
      );
    else problem(kind, r.row, 'unitCode', `Không có đơn vị mã ${r.unitCode}`, `No unit with code ${r.unitCode}`);
    return undefined;
  };

  for (const r of rows.positions) {
    if (tick()) yield done;
    const unit = unitOf('positions', r);
    if (!unit) continue;
    attempt('positions', r.row, () => {
      const existing = org.position(r.code);
      const input = parseCreateJobPosition({ id: '', unitId: unit.id, ...r, leadership: r.leadership });
      if (existing) {
        const same =
          existing.unitId === unit.id &&
          existing.title === input.title &&
          existing.category === input.category &&
          existing.leadership === input.leadership &&
          existing.duties === input.duties;
        if (same) return 'unchanged';
        problem(
          'positions',
          r.row,
          'code',
          `Vị trí ${r.code} đã có trong cơ quan với nội dung khác; sửa vị trí trên hệ thống hoặc dùng mã mới`,
          `Position ${r.code} already exists in the agency with other details; edit it in the system or use a new code`,
        );
        return 'unchanged';
      }
      summary.positionsCreated++;
      return createJobPosition(input, { unit, idUsedElsewhere: false }, actor).events;
    });
  }

  for (const r of rows.staff) {
    if (tick()) yield done;
    const unit = unitOf('staff', r);
    if (!unit) continue;
    const position = r.positionCode ? org.position(r.positionCode) : undefined;
    if (r.positionCode && !position) {
      if (rejectedPositions.has(r.positionCode))
        problem(
          'staff',
          r.row,
          'positionCode',
          `Vị trí ${r.positionCode} có lỗi; sửa dòng của vị trí đó trước`,
          `Job position ${r.positionCode} has errors; correct its row first`,
        );
      else problem('staff', r.row, 'positionCode', `Không có vị trí mã ${r.positionCode}`, `No job position with code ${r.positionCode}`);
      continue;
    }
    // By staff code; by email for someone on record without a code (an export of them has none).
    const byEmail = org.email(r.email);
    const existing = (r.staffCode && org.staffCode(r.staffCode)) || (byEmail && !byEmail.staffCode ? byEmail : undefined);
    const who = r.staffCode || r.email;
    if (existing && !existing.active) {
      problem(
        'staff',
        r.row,
        'staffCode',
        `${who} là người đã thôi công tác; việc bố trí lại làm trên hệ thống`,
        `${who} is someone who has left; posting them again is done in the system`,
      );
      continue;
    }
    if (existing && existing.agencyId !== agencyId) {
      problem(
        'staff',
        r.row,
        'staffCode',
        `${who} là người đang công tác ở cơ quan khác; việc điều động giữa các cơ quan làm trên hệ thống`,
        `${who} is someone of another agency; transfers between agencies are made in the system`,
      );
      continue;
    }
    attempt('staff', r.row, () => {
      const clashes = (id?: string) => ({
        sameEmail: r.email ? except(org.email(r.email), id) : undefined,
        sameSubject: r.idpSubject ? except(org.subject(r.idpSubject), id) : undefined,
      });
      if (!existing) {
        const input = parseCreateOfficial(
          {
            id: '',
            agencyId,
            unitId: unit.id,
            positionId: position?.id ?? '',
            fullName: r.fullName,
            email: r.email,
            category: r.category,
            staffCode: r.staffCode,
            idpSubject: r.idpSubject,
            validFrom: r.startDate || effectiveDate,
          },
          actor.now,
        );
        summary.officialsCreated++;
        return createOfficial(input, { agencyExists: true, unit, position, idUsedElsewhere: false, ...clashes() }, actor).events;
      }
      const made: OrgChange[] = [];
      let official = existing;
      const given = parsePersonal({ ...r, staffCode: r.staffCode || (official.staffCode ?? '') });
      const details = {
        ...given,
        id: official.id,
        version: official.version,
        email: given.email ?? official.email,
        idpSubject: given.idpSubject ?? official.idpSubject,
      };
      const posts = org.membershipsOf(official.id);
      const inReach = posts.filter((m) => m.validTo === null);
      const update = updateOfficial(details, { official, posts: inReach, ...clashes(official.id) }, actor);
      if (update.events.length) {
        made.push(...update.events);
        official = update.entity;
        summary.officialsUpdated++;
      }
      if (official.unitId !== unit.id || official.positionId !== (position?.id ?? null)) {
        const current = posts.find((m) => m.kind === 'MAIN' && m.validTo === null);
        const validFrom = r.startDate && (!current || r.startDate > current.validFrom) ? r.startDate : effectiveDate;
        const d = assignPost(
          {
            id: null,
            officialId: official.id,
            unitId: unit.id,
            positionId: position?.id ?? null,
            kind: 'MAIN',
            validFrom,
            previousEndReason: 'TRANSFER',
          },
          { official, unit, position, memberships: posts },
          actor,
        );
        made.push(...d.events);
        summary.postsChanged++;
      }
      return made;
    });
  }
  if (issues.length) return { changes: [], summary, issues };
  return { changes, summary, issues };
}

const except = (o: Official | undefined, id: string | undefined) => (o && o.id !== id ? o : undefined);

/**
 * A decision's refusal as an issue of a row, on the column of the field at fault. The checks name
 * the field in their text ("Địa chỉ email email không hợp lệ", "email is not a valid email
 * address"): that one mention (the last in Vietnamese, the first in English) becomes the column.
 */
function issueOf(kind: SheetKind, row: number, err: DomainError): ImportIssue {
  const layout = LAYOUT[kind];
  const column = layout.columns.find((c) => c.fields.includes(err.field));
  const rename = (text: string, header: string, last: boolean) => {
    if (!column || !err.field) return text;
    const at = last ? text.lastIndexOf(err.field) : text.indexOf(err.field);
    if (at < 0) return text;
    return `${text.slice(0, at)}${header}${text.slice(at + err.field.length)}`.replace(/^Mã Mã /, 'Mã ').replace(/^Trường /, '');
  };
  return {
    sheet: layout.vi,
    row,
    column: column?.vi ?? '',
    text: { vi: rename(err.text.vi, column?.vi ?? '', true), en: rename(err.text.en, column?.en ?? '', false) },
  };
}

// ---------------------------------------------------------------------------------------------
// Import jobs: checked in the background, confirmed by a person, applied in one transaction.

export const IMPORT_STATUSES = ['VALIDATING', 'INVALID', 'READY', 'APPLYING', 'DONE'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportJob {
  id: string;
  tenantId: string;
  agencyId: string;
  status: ImportStatus;
  effectiveDate: string;
  fileNames: string[];
  rowsTotal: number;
  rowsDone: number;
  summary: ImportSummary;
  issueCount: number;
  createdBy: Principal;
  confirmedBy: Principal | null;
  createTime: Date;
  updateTime: Date;
}

/** 10 MB of files at most per import; a province's largest agency fits in a fraction of it. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export interface NewImport {
  id: string | null;
  agencyId: string;
  effectiveDate: string;
  files: { name: string; content: Uint8Array }[];
}

export function parseStartImport(
  r: { id: string; agencyId: string; effectiveDate: string; files: { name: string; content: Uint8Array }[] },
  now: Date,
): NewImport {
  const files = r.files.map((f, i) => ({
    name: check.maxLength(`files[${i}].name`, f.name.trim() || `file-${i + 1}`, 200),
    content: f.content,
  }));
  if (files.length === 0 || files.length > 3)
    throw new ValidationError('files', {
      vi: 'Chọn một tệp Excel hoặc một đến ba tệp CSV',
      en: 'Choose one Excel file or one to three CSV files',
    });
  files.forEach((f, i) => {
    if (f.content.byteLength === 0)
      throw new ValidationError(`files[${i}].content`, { vi: `Tệp ${f.name} rỗng`, en: `File ${f.name} is empty` });
  });
  if (files.reduce((n, f) => n + f.content.byteLength, 0) > MAX_IMPORT_BYTES)
    throw new ValidationError('files', { vi: 'Các tệp lớn hơn 10 MB', en: 'The files are larger than 10 MB' });
  return {
    id: check.optionalId('id', r.id),
    agencyId: check.id('agency_id', r.agencyId),
    effectiveDate: effectiveDateOf('effective_date', r.effectiveDate, now),
    files,
  };
}

/** Imports into an agency and exports of it act on the whole agency: it must be in scope (or the tenant). */
export function authorizeWholeAgency(actor: Actor, agencyId: string): void {
  authorize(coversAgency(actor.scope, agencyId));
}

/** Who may see an import: whoever may import into its agency. Others are told it does not exist. */
export function readableImport(actor: Actor, job: ImportJob | undefined): ImportJob {
  if (!job || job.tenantId !== actor.principal.tenantId || !coversAgency(actor.scope, job.agencyId))
    throw new NotFoundError({ vi: 'Không tìm thấy lần nhập dữ liệu', en: 'Import not found' }, 'id');
  return job;
}

/** Confirming a job: READY moves on; a job already confirmed answers as it is; others cannot be. */
export function confirmImport(job: ImportJob): 'confirm' | 'repeat' {
  if (job.status === 'READY') return 'confirm';
  if (job.status === 'APPLYING' || job.status === 'DONE') return 'repeat';
  throw new FailedPreconditionError(
    job.status === 'INVALID'
      ? { vi: 'Lần nhập có lỗi; sửa tệp rồi nhập lại', en: 'The import has problems; correct the files and import again' }
      : { vi: 'Lần nhập đang được kiểm tra; chờ kiểm tra xong', en: 'The import is still being checked; wait until it is done' },
    'id',
  );
}
