import { type Actor, NotFoundError, PermissionDeniedError, ValidationError } from '@thuocdo/kit';
import { CATEGORIES, type OfficialCategory, type RulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// A tenant's choice of rule pack for a year and a category of official. Tenant-wide HR chooses;
// the pack must apply to the category and be in force that year. Scores of the year follow the
// choice from then on (a closed period keeps what it froze).

export interface PackChoice {
  tenantId: string;
  year: number;
  category: OfficialCategory;
  packCode: string;
  packVersion: number;
  /** Subject of who chose it. */
  by: string;
  at: Date;
}

export interface PackChoiceInput {
  year: number;
  category: OfficialCategory;
  packCode: string;
}

export function parsePackChoice(r: { year: number; category: string; packCode: string }): PackChoiceInput {
  if (!Number.isInteger(r.year) || r.year < 2000 || r.year > 2100)
    throw new ValidationError('year', { vi: 'Năm phải từ 2000 đến 2100', en: 'year must be 2000 to 2100' });
  if (!CATEGORIES.includes(r.category as OfficialCategory))
    throw new ValidationError('category', { vi: 'Cần chọn đối tượng áp dụng', en: 'category is required' });
  const packCode = r.packCode.trim();
  if (!packCode) throw new ValidationError('pack_code', { vi: 'Trường pack_code là bắt buộc', en: 'pack_code is required' });
  return { year: r.year, category: r.category as OfficialCategory, packCode };
}

/** The choice of the newest version of a pack, checked against the packs there are. */
export function choosePack(c: PackChoiceInput, packs: readonly RulePack[], actor: Actor): PackChoice {
  if (!actor.scope.tenant)
    throw new PermissionDeniedError({
      vi: 'Chỉ quản trị nhân sự toàn tỉnh mới chọn bộ quy tắc chấm điểm',
      en: 'Only tenant-wide HR administrators choose rule packs',
    });
  const pack = packs.filter((p) => p.code === c.packCode).sort((a, b) => b.version - a.version)[0];
  if (!pack) throw new NotFoundError({ vi: 'Không tìm thấy bộ quy tắc chấm điểm', en: 'Rule pack not found' }, 'pack_code');
  if (!pack.categories.includes(c.category))
    throw new ValidationError('pack_code', {
      vi: `Bộ quy tắc ${pack.code} không áp dụng cho đối tượng ${c.category}`,
      en: `rule pack ${pack.code} does not apply to ${c.category}`,
    });
  if (pack.fromYear > c.year || (pack.toYear !== null && c.year > pack.toYear))
    throw new ValidationError('pack_code', {
      vi: `Bộ quy tắc ${pack.code} không có hiệu lực năm ${c.year}`,
      en: `rule pack ${pack.code} is not in force in ${c.year}`,
    });
  return {
    tenantId: actor.principal.tenantId,
    year: c.year,
    category: c.category,
    packCode: pack.code,
    packVersion: pack.version,
    by: actor.principal.subject,
    at: actor.now,
  };
}

/** The packs a tenant chose for a year, by category, as the engine reads them. */
export function chosenPacks(choices: PackChoice[], packs: readonly RulePack[]): Map<OfficialCategory, RulePack> {
  const out = new Map<OfficialCategory, RulePack>();
  for (const c of choices) {
    const pack = packs.find((p) => p.code === c.packCode && p.version === c.packVersion);
    if (pack) out.set(c.category, pack);
  }
  return out;
}
