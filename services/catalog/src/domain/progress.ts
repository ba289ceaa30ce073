import { ValidationError } from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// Progress of objectives and key results (OKR), as the platform's conventions say: a key result's
// progress is linear from its start to its target, clamped to 0–1, for decreasing targets too; an
// objective's is the weighted mean of its key results; and it rolls up the alignment tree. Pure
// functions: the store reads the values, these decide the figures every page and report shows.

export const KEY_RESULT_KINDS = ['NUMBER', 'PERCENT', 'CURRENCY', 'MILESTONE'] as const;
/** Số lượng, tỷ lệ phần trăm, số tiền, mốc hoàn thành. */
export type KeyResultKind = (typeof KEY_RESULT_KINDS)[number];

export const DIRECTIONS = ['INCREASING', 'DECREASING'] as const;
/** Whether the key result is met by going up (more documents issued) or down (fewer late dossiers). */
export type Direction = (typeof DIRECTIONS)[number];

export interface KeyResultMeasure {
  kind: KeyResultKind;
  direction: Direction;
  start: number;
  target: number;
  /** The latest check-in's value (the start when there is none). A milestone is 1 once reached, 0 before. */
  current: number;
}

/**
 * Checks a key result's measure when it is defined: a decreasing key result's target lies below
 * its start, an increasing one's above (or at it, when the point is to hold a level); a
 * percentage stays within 0–100; a milestone goes from 0 to 1.
 */
export function checkMeasure(m: Omit<KeyResultMeasure, 'current'>, field = 'target'): void {
  const finite = [m.start, m.target].every(Number.isFinite);
  if (!finite) throw new ValidationError(field, { vi: 'Giá trị ban đầu và mục tiêu phải là số', en: 'Start and target must be numbers' });
  if (m.kind === 'MILESTONE' && (m.start !== 0 || m.target !== 1 || m.direction !== 'INCREASING'))
    throw new ValidationError(field, {
      vi: 'Kết quả dạng mốc đi từ 0 (chưa đạt) đến 1 (đã đạt)',
      en: 'A milestone key result goes from 0 (not reached) to 1 (reached)',
    });
  if (m.kind === 'PERCENT' && [m.start, m.target].some((v) => v < 0 || v > 100))
    throw new ValidationError(field, { vi: 'Tỷ lệ phải từ 0 đến 100', en: 'A percentage must be from 0 to 100' });
  if (m.direction === 'INCREASING' && m.target < m.start)
    throw new ValidationError(field, {
      vi: 'Mục tiêu tăng phải lớn hơn hoặc bằng giá trị ban đầu',
      en: 'An increasing target must be at least the start',
    });
  if (m.direction === 'DECREASING' && m.target > m.start)
    throw new ValidationError(field, {
      vi: 'Mục tiêu giảm phải nhỏ hơn hoặc bằng giá trị ban đầu',
      en: 'A decreasing target must be at most the start',
    });
}

/** Within 0–1; anything not a positive number (negative, -0, NaN) is 0. */
const clamp01 = (x: number) => (x > 0 ? Math.min(x, 1) : 0);

/**
 * A key result's progress, 0–1: how far the current value has gone from the start towards the
 * target, in the key result's direction; past the target is 1, behind the start 0. A target equal
 * to its start (holding a level) is met (1) while the current value is on the right side of it.
 */
export function keyResultProgress(m: KeyResultMeasure): number {
  if (![m.start, m.target, m.current].every(Number.isFinite)) return 0;
  const width = m.target - m.start;
  if (width === 0) return (m.direction === 'INCREASING' ? m.current >= m.target : m.current <= m.target) ? 1 : 0;
  return clamp01((m.current - m.start) / width);
}

export interface Weighted {
  progress: number;
  /** Relative weight; 0 leaves the part out. */
  weight: number;
}

/**
 * The weighted mean of parts' progress, 0–1; undefined when no part has weight (an objective
 * with no key result yet has no progress, rather than 0%).
 */
export function weightedProgress(parts: Weighted[]): number | undefined {
  let sum = 0;
  let weights = 0;
  for (const p of parts) {
    if (!(p.weight > 0) || !Number.isFinite(p.progress)) continue;
    sum += clamp01(p.progress) * p.weight;
    weights += p.weight;
  }
  return weights > 0 ? clamp01(sum / weights) : undefined;
}

/** An objective in the alignment tree with what its progress comes from. */
export interface ObjectiveNode {
  id: string;
  /** The objective it aligns to (at most one); null at the top. */
  parentId: string | null;
  keyResults: (KeyResultMeasure & { weight: number })[];
}

/**
 * Progress of every objective of a tree: from its own key results when it has any, otherwise
 * the mean of the objectives aligned to it (so a province objective that only gathers its
 * agencies' shows how they do). An objective with neither has none (undefined). Each objective
 * is worked out once, children before parents; a cycle of alignments is refused.
 */
export function rollUp(objectives: ObjectiveNode[]): Map<string, number | undefined> {
  const children = new Map<string, ObjectiveNode[]>();
  const byId = new Map(objectives.map((o) => [o.id, o]));
  for (const o of objectives) {
    if (!o.parentId || !byId.has(o.parentId)) continue;
    const siblings = children.get(o.parentId);
    if (siblings) siblings.push(o);
    else children.set(o.parentId, [o]);
  }
  const out = new Map<string, number | undefined>();
  const visiting = new Set<string>();
  const progressOf = (o: ObjectiveNode): number | undefined => {
    if (out.has(o.id)) return out.get(o.id);
    if (visiting.has(o.id))
      throw new ValidationError('parent_id', {
        vi: 'Các mục tiêu lần lượt gắn vào nhau thành vòng',
        en: 'The objectives align to each other in a cycle',
      });
    visiting.add(o.id);
    const own = weightedProgress(o.keyResults.map((k) => ({ progress: keyResultProgress(k), weight: k.weight })));
    const value = own ?? weightedProgress((children.get(o.id) ?? []).map((c) => ({ progress: progressOf(c) ?? Number.NaN, weight: 1 })));
    visiting.delete(o.id);
    out.set(o.id, value);
    return value;
  };
  for (const o of objectives) progressOf(o);
  return out;
}
