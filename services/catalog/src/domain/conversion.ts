import { ValidationError } from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// Product conversion (quy đổi): turning products of different kinds into comparable units. Each
// tenant chooses a standard product (sản phẩm chuẩn: common, repetitive, representative, such as
// a routine administrative document) and a scale of complexity groups (nhóm độ phức tạp, for
// example N1–N5); a work item's product takes its standard minutes, times the coefficient of its
// complexity group, times the difficulty and urgency coefficients of the work actually done
// (within the item's allowed ranges). The minutes, divided by the standard product's, are the
// converted units scoring counts. Every quantity and coefficient is an exact decimal with two
// places, held in hundredths (packages/kit/src/decimal.ts); the arithmetic is exact and the
// results are rounded half up to hundredths once, at the end.

/** The tenant's conversion scale: data, reviewed yearly, never a constant of the code. */
export interface ConversionScale {
  /** The standard product, for example "văn bản hành chính thông thường". */
  standardProductName: string;
  /** Minutes one standard product takes (hundredths of a minute are not needed: whole minutes). */
  standardProductMinutes: number;
  /** Complexity groups and their coefficients in hundredths (1.00 → 100). */
  complexityGroups: { code: string; coefficientHundredths: number }[];
}

/** A coefficient's allowed range on a work item, in hundredths (0.80–2.00 → 80–200). */
export interface CoefficientRange {
  min: number;
  max: number;
}

/** What a conversion needs of a work item (of the version the entry was made under). */
export interface ConvertibleItem {
  standardMinutes: number;
  complexityGroup: string;
  difficulty: CoefficientRange;
  urgency: CoefficientRange;
}

/** The work done: how many products, and the coefficients that applied, all in hundredths. */
export interface WorkDone {
  quantityHundredths: number;
  /** 100 (1.00) when not given. */
  difficultyHundredths?: number;
  urgencyHundredths?: number;
}

export interface Converted {
  /** Minutes the work is worth, in hundredths. */
  minutesHundredths: number;
  /** Standard products it converts to, in hundredths. */
  unitsHundredths: number;
}

/** Checks a tenant's scale when it is saved: positive minutes and coefficients, group codes unique. */
export function checkScale(s: ConversionScale): void {
  if (!Number.isSafeInteger(s.standardProductMinutes) || s.standardProductMinutes <= 0)
    throw new ValidationError('standard_product_minutes', {
      vi: 'Thời gian của sản phẩm chuẩn phải là số phút lớn hơn 0',
      en: 'The standard product takes a whole number of minutes above 0',
    });
  if (s.complexityGroups.length === 0)
    throw new ValidationError('complexity_groups', {
      vi: 'Cần ít nhất một nhóm độ phức tạp',
      en: 'At least one complexity group is needed',
    });
  const seen = new Set<string>();
  s.complexityGroups.forEach((g, i) => {
    if (!g.code.trim() || seen.has(g.code))
      throw new ValidationError(`complexity_groups[${i}].code`, {
        vi: `Mã nhóm "${g.code}" trống hoặc bị trùng`,
        en: `Group code "${g.code}" is empty or repeated`,
      });
    seen.add(g.code);
    if (!Number.isSafeInteger(g.coefficientHundredths) || g.coefficientHundredths <= 0)
      throw new ValidationError(`complexity_groups[${i}].coefficient`, {
        vi: `Hệ số của nhóm ${g.code} phải lớn hơn 0`,
        en: `The coefficient of group ${g.code} must be above 0`,
      });
  });
}

/** `a × b × … ÷ d`, exact, rounded half up (away from zero) to a whole number. */
function mulDivRound(factors: number[], divisor: bigint): number {
  const product = factors.reduce((p, f) => p * BigInt(f), 1n);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return Number(((abs * 2n + divisor) / (divisor * 2n)) * sign);
}

const COEFFICIENTS = {
  difficulty: { vi: 'độ khó', en: 'difficulty' },
  urgency: { vi: 'độ khẩn', en: 'urgency' },
};

function coefficient(field: keyof typeof COEFFICIENTS, value: number | undefined, range: CoefficientRange): number {
  const v = value ?? 100;
  const [min, max] = [(range.min / 100).toFixed(2), (range.max / 100).toFixed(2)];
  if (!Number.isSafeInteger(v) || v < range.min || v > range.max)
    throw new ValidationError(field, {
      vi: `Hệ số ${COEFFICIENTS[field].vi} của đầu việc này phải từ ${min.replace('.', ',')} đến ${max.replace('.', ',')}`,
      en: `The ${COEFFICIENTS[field].en} coefficient of this work item must be from ${min} to ${max}`,
    });
  return v;
}

/**
 * The minutes and standard products a piece of work is worth: quantity × the item's standard
 * minutes × its complexity group's coefficient × difficulty × urgency, and that ÷ the standard
 * product's minutes. One function, used wherever work is valued (the diary's default minutes,
 * scoring), so that the rule cannot drift.
 */
export function convert(work: WorkDone, item: ConvertibleItem, scale: ConversionScale): Converted {
  if (!Number.isSafeInteger(work.quantityHundredths) || work.quantityHundredths < 0)
    throw new ValidationError('quantity_decimal', { vi: 'Số lượng sản phẩm không được âm', en: 'The quantity cannot be negative' });
  const group = scale.complexityGroups.find((g) => g.code === item.complexityGroup);
  if (!group)
    throw new ValidationError('complexity_group', {
      vi: `Nhóm độ phức tạp ${item.complexityGroup} không có trong thang quy đổi`,
      en: `Complexity group ${item.complexityGroup} is not in the conversion scale`,
    });
  const difficulty = coefficient('difficulty', work.difficultyHundredths, item.difficulty);
  const urgency = coefficient('urgency', work.urgencyHundredths, item.urgency);
  // quantity (hundredths) × minutes × three coefficients (hundredths each): 10^8 too many hundredths.
  const factors = [work.quantityHundredths, item.standardMinutes, group.coefficientHundredths, difficulty, urgency];
  return {
    minutesHundredths: mulDivRound(factors, 1_000_000n),
    unitsHundredths: mulDivRound(factors, 1_000_000n * BigInt(scale.standardProductMinutes)),
  };
}
