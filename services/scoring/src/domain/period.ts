import { ValidationError } from '@thuocdo/kit';
import { SHIPPED_PACKS } from './packs';
import type { OfficialCategory, RulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// Periods (kỳ đánh giá): a month ("2026-03") or a quarter ("2026-Q1") of a year, as dates.

export interface Period {
  /** "2026-03" or "2026-Q1". */
  key: string;
  kind: 'MONTH' | 'QUARTER';
  year: number;
  /** First and last day, "YYYY-MM-DD", inclusive. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function parsePeriod(text: string, field = 'period'): Period {
  const t = text.trim();
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(t);
  const year = Number((month ?? quarter)?.[1]);
  if ((month || quarter) && year >= 2000 && year <= 2100) {
    if (month) {
      const m = Number(month[2]);
      if (m >= 1 && m <= 12)
        return { key: `${year}-${pad(m)}`, kind: 'MONTH', year, from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${lastDay(year, m)}` };
    } else {
      const q = Number(quarter![2]);
      const [first, last] = [3 * q - 2, 3 * q];
      return {
        key: `${year}-Q${q}`,
        kind: 'QUARTER',
        year,
        from: `${year}-${pad(first)}-01`,
        to: `${year}-${pad(last)}-${lastDay(year, last)}`,
      };
    }
  }
  throw new ValidationError(field, {
    vi: 'Kỳ đánh giá phải là một tháng (2026-03) hoặc một quý (2026-Q1), từ năm 2000 đến 2100',
    en: 'period must be a month (2026-03) or a quarter (2026-Q1), years 2000 to 2100',
  });
}

/**
 * The pack that scores an official of a category in a year: the newest shipped pack in force that
 * year for the category. Contract workers are scored as public employees are.
 */
export function packFor(category: OfficialCategory, year: number, packs: readonly RulePack[] = SHIPPED_PACKS): RulePack | undefined {
  const wanted: OfficialCategory = category === 'CONTRACT_WORKER' ? 'PUBLIC_EMPLOYEE' : category === 'CADRE' ? 'CIVIL_SERVANT' : category;
  return packs
    .filter((p) => p.categories.includes(wanted) && p.fromYear <= year && (p.toYear === null || year <= p.toYear))
    .sort((a, b) => b.fromYear - a.fromYear || b.version - a.version)[0];
}
