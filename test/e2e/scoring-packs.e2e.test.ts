/**
 * A tenant's choice of rule pack end to end: tenant-wide HR chooses Khánh Hòa's Quy định 1636 for
 * its civil servants this year, and scores follow it (its bands: 70 points is COMPLETED there,
 * GOOD under Decree 335). Its own platform: the choice changes every civil servant's score.
 */
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { orgV1, scoringV1 } from '@thuocdo/proto';
import { callMetadata, readErrorDetail, unary } from '@thuocdo/service';
import { adminToken, createOrgFixture, logWorkFor, type OrgFixture, person, startTestPlatform, type TestPlatform, until } from './support';

const CIVIL_SERVANT = orgV1.OfficialCategory.OFFICIAL_CATEGORY_CIVIL_SERVANT;

describe('rule pack choices', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let admin: Metadata;
  let hr: Metadata;
  let agencyHr: Metadata;
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'GOIQT');
    admin = callMetadata(await adminToken(tp));
    hr = callMetadata((await person(tp, [{ role: 'hr_admin' }])).token);
    agencyHr = callMetadata((await person(tp, [{ role: 'hr_admin', agencyId: fx.agency.id }])).token);
  });
  afterAll(() => tp?.stop());

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: status.OK, field: '' }),
      (err) => ({ code: err.code as number, field: readErrorDetail(err.metadata)?.field ?? '' }),
    );
  const choose = (md: Metadata, packCode: string, category = CIVIL_SERVANT) =>
    unary<scoringV1.ChooseRulePackResponse>((cb) => tp.clients.scoring.chooseRulePack({ year, category, packCode }, md, cb));

  it('scores civil servants by the pack the tenant chose, from the choice on', async () => {
    await logWorkFor(tp, fx, { minutes: 120, note: 'Tham mưu văn bản' });
    const score = () =>
      unary<scoringV1.GetOfficialScoreResponse>((cb) =>
        tp.clients.scoring.getOfficialScore({ officialId: fx.official.id, period: today.slice(0, 7) }, admin, cb),
      ).then((r) => r.score!);
    const before = await until('the entry in the score', async () => {
      const s = await score().catch(() => undefined);
      return s?.products.length ? s : undefined;
    });
    expect([before.packCode, before.total, before.grade]).toEqual(['ND335-2025', '70.00', scoringV1.Grade.GRADE_GOOD]);

    expect(await failure(choose(agencyHr, 'KH-1636-2025'))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await failure(choose(hr, 'ND335-2025', orgV1.OfficialCategory.OFFICIAL_CATEGORY_PUBLIC_EMPLOYEE))).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'pack_code',
    });
    const { choice } = await choose(hr, 'KH-1636-2025');
    expect(choice).toMatchObject({ year, category: CIVIL_SERVANT, packCode: 'KH-1636-2025', packVersion: 1 });
    const { choices } = await unary<scoringV1.ListRulePackChoicesResponse>((cb) =>
      tp.clients.scoring.listRulePackChoices({ year }, callMetadata(fx.officialToken), cb),
    );
    expect(choices.map((c) => [c.category, c.packCode])).toEqual([[CIVIL_SERVANT, 'KH-1636-2025']]);

    // 70 points is not above 80: COMPLETED under Khánh Hòa's bands; its general criteria are its own.
    const after = await score();
    expect([after.packCode, after.total, after.grade]).toEqual(['KH-1636-2025', '70.00', scoringV1.Grade.GRADE_COMPLETED]);
    expect(after.general.map((g) => g.code)).toEqual(['POLITICS', 'ETHICS_LIFESTYLE', 'WORK_STYLE', 'DISCIPLINE', 'ADMIN_REFORM_IT']);
    // This year's choice (the other test of this file chooses for 2027).
    const [{ n }] = await tp.sql<{ n: number }>(
      'scoring',
      "SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'pack_choice' AND entity_id LIKE $1 || '/%'",
      [String(year)],
    );
    expect(n).toBe(1);
  });

  it('saves a pack HR built from the same parts, a new version each time, that everyone reads and HR chooses, and refuses a bad one naming the field', async () => {
    const { pack: base } = await unary<scoringV1.GetRulePackResponse>((cb) =>
      tp.clients.scoring.getRulePack({ code: 'KH-1636-2025', version: 0 }, hr, cb),
    );
    const local = { ...base!, code: 'TINH-2027', nameVi: 'Quy định của tỉnh năm 2027', nameEn: 'Provincial rules 2027', fromYear: 2027 };
    const save = (md: Metadata, pack: scoringV1.RulePack) =>
      unary<scoringV1.SaveRulePackResponse>((cb) => tp.clients.scoring.saveRulePack({ pack }, md, cb));
    expect(await failure(save(agencyHr, local))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect((await save(hr, local)).pack).toMatchObject({ code: 'TINH-2027', version: 1 });
    const again = (await save(hr, { ...local, parameters: { ...local.parameters!, appealDays: 15 } })).pack!;
    expect(again).toMatchObject({ version: 2, parameters: { appealDays: 15 } });
    const { packs } = await unary<scoringV1.ListRulePacksResponse>((cb) =>
      tp.clients.scoring.listRulePacks({}, callMetadata(fx.officialToken), cb),
    );
    expect(packs.filter((p) => p.code === 'TINH-2027').map((p) => p.version)).toEqual([2]);
    // Chosen for its year like a shipped pack.
    const { choice } = await unary<scoringV1.ChooseRulePackResponse>((cb) =>
      tp.clients.scoring.chooseRulePack({ year: 2027, category: CIVIL_SERVANT, packCode: 'TINH-2027' }, hr, cb),
    );
    expect(choice).toMatchObject({ packCode: 'TINH-2027', packVersion: 2 });
    // Refused, with the field: weights that do not add up, a shipped code, a decimal that does not read.
    const heavy = { ...local, nonManager: { ...local.nonManager!, taskPoints: '80' } };
    expect(await failure(save(hr, heavy))).toEqual({ code: status.INVALID_ARGUMENT, field: 'pack.non_manager.general_criteria' });
    expect(await failure(save(hr, { ...local, code: 'ND335-2025' }))).toEqual({ code: status.INVALID_ARGUMENT, field: 'pack.code' });
    const unreadable = { ...local, parameters: { ...local.parameters!, quotaPercent: 'hai mươi' } };
    expect(await failure(save(hr, unreadable))).toEqual({ code: status.INVALID_ARGUMENT, field: 'pack.parameters.quota_percent' });
    const [{ n }] = await tp.sql<{ n: number }>('scoring', "SELECT count(*)::int AS n FROM custom_pack WHERE code = 'TINH-2027'");
    expect(n).toBe(2);
  });
});
