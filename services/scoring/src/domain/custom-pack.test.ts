import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { fromProtoRulePack, toProtoRulePack } from '../grpc/mapping';
import { defineCustomPack, packCatalog } from './custom-pack';
import { KHANH_HOA_1636, SHIPPED_PACKS } from './packs';
import type { RulePack } from './rule-pack';

const hr = () => actorFor('scoring.rules.manage', ['hr_admin']);
/** Khánh Hòa's pack as a locality would adapt it: its own code, 60 points of KPI. */
const local = (extra: Partial<RulePack> = {}): RulePack => ({
  ...KHANH_HOA_1636,
  code: 'LOCAL-2027',
  fromYear: 2027,
  name: { vi: 'Quy định riêng 2027', en: 'Local rules 2027' },
  ...extra,
});

describe('custom rule packs', () => {
  it('read back from the API exactly as every shipped pack is sent', () => {
    for (const p of SHIPPED_PACKS) expect(fromProtoRulePack(toProtoRulePack(p))).toEqual(p);
  });

  it('are saved as the next version of their code, shipped and own packs found side by side', () => {
    const first = defineCustomPack(local({ version: 7 }), SHIPPED_PACKS, [], hr());
    expect(first.version).toBe(1);
    const second = defineCustomPack(local(), SHIPPED_PACKS, [first], hr());
    expect(second.version).toBe(2);
    const catalog = packCatalog(SHIPPED_PACKS, [first, second]);
    expect(catalog.find('LOCAL-2027', 1)).toBe(first);
    expect(catalog.find('ND335-2025', 1)?.code).toBe('ND335-2025');
    expect(catalog.all).toHaveLength(SHIPPED_PACKS.length + 2);
  });

  it('are refused with the field at fault: a shipped code, weights not adding up to 100, bands out of order', () => {
    expect(fieldOf(() => defineCustomPack(local({ code: 'ND335-2025' }), SHIPPED_PACKS, [], hr()))).toBe('pack.code');
    const heavy = local({
      variants: { ...KHANH_HOA_1636.variants, NON_MANAGER: { ...KHANH_HOA_1636.variants.NON_MANAGER, taskPoints: 8000 } },
    });
    expect(fieldOf(() => defineCustomPack(heavy, SHIPPED_PACKS, [], hr()))).toBe('pack.non_manager.general_criteria');
    const bands = local({ grades: [...KHANH_HOA_1636.grades].reverse() });
    expect(fieldOf(() => defineCustomPack(bands, SHIPPED_PACKS, [], hr()))).toBe('pack.grades');
    const agencyHr = actorFor('scoring.rules.manage', [], {
      grants: [{ role: 'hr_admin', agencyId: '0190f3a2-2222-7aaa-8bbb-000000000001' }],
    });
    expect(failureOf(() => defineCustomPack(local(), SHIPPED_PACKS, [], agencyHr))?.reason).toBe('PERMISSION_DENIED');
  });

  it('name a decimal that does not read, under pack', () => {
    const sent = toProtoRulePack(local());
    sent.parameters!.quotaPercent = 'hai mươi';
    expect(fieldOf(() => fromProtoRulePack(sent))).toBe('parameters.quota_percent');
  });
});
