/**
 * A work item's revision as the catalog published it: what an entry or a task dated in
 * [effectiveFrom, effectiveTo) is measured by (a revision's values never change once published;
 * only its end is set when the next one or the retirement takes effect).
 */
export interface WorkItemRevisionRef {
  workItemId: string;
  revision: number;
  tenantId: string;
  code: string;
  name: string;
  productUnit: string;
  standardMinutes: number;
  /** Coefficient ranges in hundredths (1.00 is 100). */
  difficulty: { min: number; max: number };
  urgency: { min: number; max: number };
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** Whether the revision is in force on a "YYYY-MM-DD" date. */
export const inForceOn = (r: WorkItemRevisionRef, date: string) =>
  r.effectiveFrom <= date && (r.effectiveTo === null || date < r.effectiveTo);

/** The revision of a list in force on a date, if any. */
export const revisionOn = (revisions: readonly WorkItemRevisionRef[], date: string) => revisions.find((r) => inForceOn(r, date));

/**
 * The minutes an official may declare for a quantity (in hundredths) of an item: the standard
 * time of the quantity (the default), and the range its difficulty and urgency coefficients allow.
 */
export function minutesFor(r: WorkItemRevisionRef, quantity: number): { standard: number; min: number; max: number } {
  // Whole numbers until the one division: (base × d × u) / 10,000 in doubles can land a hair off
  // an exact bound (20 × 6.46 × 2.50 = 322.99999999999994), moving it by a minute.
  const scaled = r.standardMinutes * quantity;
  return {
    standard: Math.max(1, Math.round(scaled / 100)),
    min: Math.max(1, Math.floor((scaled * r.difficulty.min * r.urgency.min) / 1_000_000)),
    max: Math.max(1, Math.ceil((scaled * r.difficulty.max * r.urgency.max) / 1_000_000)),
  };
}
