import type { PackParameters } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// Products (sản phẩm) of an official in a period, converted (quy đổi) to standard minutes: the
// catalog's quantity × standard minutes × coefficient, the same conversion the diary uses, so
// that a task and a diary entry are measured in one unit. Each product says how much was
// assigned, how much completed, and what share of its quality and timeliness points it keeps
// after the deductions (in basis points: 10,000 is 100%).
//
// Which products a period holds:
// - the tasks the official leads (chủ trì) whose due date in force falls in the period, except
//   cancelled ones; a task is completed when APPROVED, with the minutes assigned, or with the
//   minutes of the diary entries logged against it when those are more (over-completion);
// - the diary entries of the period not logged against one of those tasks (routine work and
//   supporting work), grouped by work item: approved entries count, and entries not yet reviewed
//   when `countUnreviewedEntries`; entries awaiting late approval, returned or deleted do not.
//   Declared work is both assigned and completed, on time and of the required quality: what
//   review finds wrong with it, it returns.

export const BP = 10_000;

export interface TaskFact {
  id: string;
  leadAssigneeId: string;
  status: 'ASSIGNED' | 'IN_PROGRESS' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'CANCELLED';
  /** The due date in force, "YYYY-MM-DD". */
  dueDate: string;
  /** Converted products assigned, in standard minutes. */
  assignedMinutes: number;
  quality: 'MEETS_REQUIREMENTS' | 'BELOW_REQUIREMENTS' | null;
  failedAssessments: number;
  timeliness: 'ON_TIME' | 'LATE' | null;
  /** Working days between the due date in force and the submission, when late. */
  daysLate: number;
  /** A competent person confirmed an objective cause (nguyên nhân khách quan): no deductions. */
  objectiveCause: boolean;
}

export interface DiaryFact {
  id: string;
  officialId: string;
  workDate: string;
  workItemId: string;
  minutes: number;
  status: 'LOGGED' | 'AWAITING_LATE_APPROVAL' | 'APPROVED' | 'RETURNED' | 'DELETED';
  taskId: string | null;
  /**
   * When the store hands entries over grouped (same official, item, task and status; `minutes`
   * their sum), the ids of the entries of the group; `id` is then one of them.
   */
  groupIds?: string[];
}

/** Why a product keeps less than all of its points; shown in the breakdown. */
export type ProductNote =
  | { kind: 'NOT_APPROVED'; status: TaskFact['status'] }
  | { kind: 'BELOW_REQUIREMENTS' }
  | { kind: 'FAILED_ASSESSMENTS'; count: number }
  | { kind: 'DELAYS'; count: number; daysLate: number }
  | { kind: 'OBJECTIVE_CAUSE' }
  | { kind: 'EXCEEDED' };

export interface Product {
  kind: 'TASK' | 'DIARY';
  /** The task's id, or the work item's for the diary entries grouped under it. */
  id: string;
  officialId: string;
  assigned: number;
  completed: number;
  /** Share of the completed product's quality points kept, in basis points (may be negative when the pack does not floor). */
  qualityBp: number;
  timelinessBp: number;
  /** The diary entries it stands for (a task's: those logged against it). */
  entryIds: string[];
  notes: ProductNote[];
}

/** The products of one official: `tasks` they lead in the period, `diary` their entries of the period. */
export function productsOf(officialId: string, tasks: TaskFact[], diary: DiaryFact[], p: PackParameters): Product[] {
  const counted = (e: DiaryFact) => e.status === 'APPROVED' || (e.status === 'LOGGED' && p.countUnreviewedEntries);
  const led = new Map<string, { task: TaskFact; minutes: number; entryIds: string[] }>();
  for (const t of tasks)
    if (t.leadAssigneeId === officialId && t.status !== 'CANCELLED') led.set(t.id, { task: t, minutes: 0, entryIds: [] });
  const byItem = new Map<string, Product>();
  for (const e of diary) {
    if (e.officialId !== officialId || !counted(e)) continue;
    const task = e.taskId ? led.get(e.taskId) : undefined;
    if (task) {
      task.minutes += e.minutes;
      addIds(task.entryIds, e);
      continue;
    }
    let product = byItem.get(e.workItemId);
    if (!product) {
      product = {
        kind: 'DIARY',
        id: e.workItemId,
        officialId,
        assigned: 0,
        completed: 0,
        qualityBp: BP,
        timelinessBp: BP,
        entryIds: [],
        notes: [],
      };
      byItem.set(e.workItemId, product);
    }
    product.assigned += e.minutes;
    product.completed += e.minutes;
    addIds(product.entryIds, e);
  }
  const products: Product[] = [];
  for (const { task, minutes, entryIds } of led.values()) products.push(taskProduct(task, minutes, entryIds, officialId, p));
  products.push(...byItem.values());
  // One order whatever order the facts came in: the breakdown reads the same every time.
  for (const p of products) if (!isSorted(p.entryIds)) p.entryIds.sort();
  return products.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'TASK' ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The ids an entry (or a group of entries) stands for, added without building an array for each. */
function addIds(ids: string[], e: DiaryFact): void {
  if (!e.groupIds) ids.push(e.id);
  else for (const id of e.groupIds) ids.push(id);
}

/** Most lists arrive in order (one group of entries, read in id order): checking is cheaper than sorting. */
function isSorted(ids: string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1] > ids[i]) return false;
  return true;
}

function taskProduct(t: TaskFact, loggedMinutes: number, entryIds: string[], officialId: string, p: PackParameters): Product {
  const base = { kind: 'TASK' as const, id: t.id, officialId, assigned: t.assignedMinutes, entryIds };
  if (t.status !== 'APPROVED')
    return { ...base, completed: 0, qualityBp: 0, timelinessBp: 0, notes: [{ kind: 'NOT_APPROVED', status: t.status }] };
  const notes: ProductNote[] = [];
  const completed = Math.max(t.assignedMinutes, loggedMinutes);
  if (completed > t.assignedMinutes) notes.push({ kind: 'EXCEEDED' });
  const floor = (bp: number) => (p.floorAtZero ? Math.max(0, bp) : bp);
  let qualityBp = BP;
  let timelinessBp = BP;
  if (t.quality === 'BELOW_REQUIREMENTS') {
    qualityBp = 0;
    notes.push({ kind: 'BELOW_REQUIREMENTS' });
  }
  if (t.objectiveCause) {
    if (t.failedAssessments > 0 || t.timeliness === 'LATE') notes.push({ kind: 'OBJECTIVE_CAUSE' });
  } else {
    if (t.failedAssessments > 0 && qualityBp > 0) {
      qualityBp = floor(qualityBp - Math.round(t.failedAssessments * p.failedAssessmentDeductionPercent * 100));
      notes.push({ kind: 'FAILED_ASSESSMENTS', count: t.failedAssessments });
    }
    if (t.timeliness === 'LATE') {
      const delays = p.daysPerDelay > 0 ? Math.max(1, Math.ceil(t.daysLate / p.daysPerDelay)) : 1;
      timelinessBp = floor(BP - Math.round(delays * p.delayDeductionPercent * 100));
      notes.push({ kind: 'DELAYS', count: delays, daysLate: t.daysLate });
    }
  }
  return { ...base, completed, qualityBp, timelinessBp, notes };
}
