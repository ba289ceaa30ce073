/**
 * Objectives and key results through the real platform: a tree from the province down to one
 * official, each level created by the person who manages it; check-ins that roll progress up to
 * every ancestor; a retried check-in answered with the one recorded; concurrent check-ins on
 * sibling key results; who may do what; and the REST routes through the gateway.
 */
import { randomUUID } from 'node:crypto';
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { objectivesV1, orgV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import { adminToken, failure, person, serviceAccount, startTestPlatform, type TestPlatform, untilDirectoryHas } from './support';

const { ObjectiveLevel: Level, Commitment, KeyResultKind, Direction } = objectivesV1;

describe('objectives and key results', () => {
  let tp: TestPlatform;
  let agencyId: string;
  let topUnitId: string;
  let subUnitId: string;
  /** Tokens of: a tenant-wide catalog administrator, the agency's leader, the head of the top unit, two officials of the sub-unit, an official elsewhere, a province leader, an E-Office integration over the agency. */
  const md = {} as Record<'admin' | 'leader' | 'head' | 'lan' | 'binh' | 'outsider' | 'provinceLeader' | 'integrator', Metadata>;
  const ids = {} as Record<'lan' | 'binh' | 'leader', string>;
  const tokens = {} as Record<'lan', string>;
  const period = { year: Number(todayInVietnam().slice(0, 4)), quarter: 0 };

  beforeAll(async () => {
    tp = await startTestPlatform();
    const sys = callMetadata(await adminToken(tp));
    const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
      tp.clients.org.createAgency(orgV1.CreateAgencyRequest.fromPartial({ code: 'SNV', name: 'Sở Nội vụ', kind: 1 }), sys, cb),
    );
    agencyId = agency!.id;
    const unit = async (code: string, name: string, parentUnitId = '') =>
      (
        await unary<orgV1.CreateUnitResponse>((cb) =>
          tp.clients.org.createUnit(
            orgV1.CreateUnitRequest.fromPartial({ agencyId, parentUnitId, code, name, validFrom: '2020-01-01' }),
            sys,
            cb,
          ),
        )
      ).unit!.id;
    topUnitId = await unit('CCVC', 'Phòng Công chức, viên chức');
    subUnitId = await unit('CCVC.TD', 'Tổ Tuyển dụng', topUnitId);
    await untilDirectoryHas(tp, [agencyId, topUnitId, subUnitId]);
    const where = { agencyId, unitId: subUnitId };
    const catalogAdmin = await person(tp, [{ role: 'catalog_admin' }], undefined, 'Võ Thị Thu Hà');
    const leader = await person(tp, [{ role: 'agency_leader', agencyId }], { agencyId, unitId: topUnitId }, 'Phạm Văn Đức');
    const head = await person(tp, [{ role: 'unit_head', unitId: topUnitId }], { agencyId, unitId: topUnitId }, 'Lê Minh Tâm');
    const lan = await person(tp, [], where, 'Nguyễn Thị Lan');
    const binh = await person(tp, [], where, 'Trần Văn Bình');
    const outsider = await person(tp, [], undefined, 'Hoàng Văn Nam');
    const provinceLeader = await person(tp, [{ role: 'province_leader' }], undefined, 'Huỳnh Tấn Phát');
    const integrator = await serviceAccount(tp, 'okr-eoffice', [{ role: 'integrator', agencyId }]);
    Object.assign(ids, { lan: lan.officialId, binh: binh.officialId, leader: leader.officialId });
    tokens.lan = lan.token;
    for (const [k, token] of Object.entries({
      admin: catalogAdmin.token,
      leader: leader.token,
      head: head.token,
      lan: lan.token,
      binh: binh.token,
      outsider: outsider.token,
      provinceLeader: provinceLeader.token,
      integrator,
    }))
      md[k as keyof typeof md] = callMetadata(token);
  });
  afterAll(() => tp?.stop());

  const api = () => tp.clients.objectives;

  const createObjective = (m: Metadata, fields: Partial<objectivesV1.ObjectiveFields>) =>
    unary<objectivesV1.CreateObjectiveResponse>((cb) =>
      api().createObjective(
        objectivesV1.CreateObjectiveRequest.fromPartial({
          fields: { commitment: Commitment.COMMITMENT_COMMITTED, period, title: 'Mục tiêu', ...fields },
        }),
        m,
        cb,
      ),
    ).then((r) => r.objective!);

  const addKeyResult = (m: Metadata, objectiveId: string, fields: Partial<objectivesV1.KeyResultFields> = {}) =>
    unary<objectivesV1.CreateKeyResultResponse>((cb) =>
      api().createKeyResult(
        objectivesV1.CreateKeyResultRequest.fromPartial({
          objectiveId,
          fields: {
            title: 'Hồ sơ tuyển dụng xử lý đúng hạn',
            kind: KeyResultKind.KEY_RESULT_KIND_NUMBER,
            measureUnit: 'hồ sơ',
            start: 0,
            target: 100,
            direction: Direction.DIRECTION_INCREASING,
            ...fields,
          },
        }),
        m,
        cb,
      ),
    );

  const report = (m: Metadata, keyResultId: string, value: number, requestId = '') =>
    unary<objectivesV1.CheckInKeyResultResponse>((cb) =>
      api().checkInKeyResult(
        objectivesV1.CheckInKeyResultRequest.fromPartial({ keyResultId, value, confidence: 0.7, comment: 'Cập nhật tuần', requestId }),
        m,
        cb,
      ),
    );

  const get = (m: Metadata, id: string) => unary<objectivesV1.GetObjectiveResponse>((cb) => api().getObjective({ id }, m, cb));

  const children = async (m: Metadata, parentId: string) => {
    const out: objectivesV1.Objective[] = [];
    let pageToken = '';
    do {
      const page = await unary<objectivesV1.ListObjectivesResponse>((cb) =>
        api().listObjectives(objectivesV1.ListObjectivesRequest.fromPartial({ period, parentId, pageSize: 2, pageToken }), m, cb),
      );
      out.push(...page.objectives);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  };

  /** Province → agency → unit → the two officials' own objectives, each made by the person who manages that level. */
  async function tree(tag: string) {
    const root = await createObjective(md.admin, {
      level: Level.OBJECTIVE_LEVEL_TENANT,
      ownerOfficialId: ids.leader,
      title: `Nâng cao chất lượng đội ngũ ${tag}`,
      source: {
        kind: objectivesV1.SourceKind.SOURCE_KIND_RESOLUTION,
        number: '09-NQ/TU',
        date: '2026-01-15',
        title: 'Về cải cách hành chính',
      },
    });
    const agency = await createObjective(md.leader, {
      level: Level.OBJECTIVE_LEVEL_AGENCY,
      nodeId: agencyId,
      ownerOfficialId: ids.leader,
      parentId: root.id,
      title: `Tuyển dụng công khai, minh bạch ${tag}`,
    });
    const unit = await createObjective(md.head, {
      level: Level.OBJECTIVE_LEVEL_UNIT,
      nodeId: subUnitId,
      ownerOfficialId: ids.lan,
      parentId: agency.id,
      title: `Tổ chức thi tuyển đúng kế hoạch ${tag}`,
    });
    const lan = await createObjective(md.lan, {
      level: Level.OBJECTIVE_LEVEL_INDIVIDUAL,
      nodeId: ids.lan,
      parentId: unit.id,
      title: `Hoàn thành hồ sơ thi tuyển ${tag}`,
    });
    const binh = await createObjective(md.binh, {
      level: Level.OBJECTIVE_LEVEL_INDIVIDUAL,
      nodeId: ids.binh,
      parentId: unit.id,
      title: `Chuẩn bị đề thi ${tag}`,
    });
    return { root, agency, unit, lan, binh };
  }

  it('builds a tree from the province down to an official, each level by the person who manages it', async () => {
    const t = await tree('A');
    expect([t.root, t.agency, t.unit, t.lan, t.binh].map((o) => [o.level, o.agencyId, o.nodeId])).toEqual([
      [Level.OBJECTIVE_LEVEL_TENANT, '', ''],
      [Level.OBJECTIVE_LEVEL_AGENCY, agencyId, agencyId],
      [Level.OBJECTIVE_LEVEL_UNIT, agencyId, subUnitId],
      [Level.OBJECTIVE_LEVEL_INDIVIDUAL, agencyId, ids.lan],
      [Level.OBJECTIVE_LEVEL_INDIVIDUAL, agencyId, ids.binh],
    ]);
    expect(t.lan.ownerOfficialId).toBe(ids.lan);
    // Every member reads every objective: an official of another agency too.
    const { objective } = await get(md.outsider, t.root.id);
    expect(objective).toMatchObject({ childCount: 1, source: { number: '09-NQ/TU', date: '2026-01-15' } });
    expect((await children(md.outsider, t.unit.id)).map((o) => o.id).sort()).toEqual([t.lan.id, t.binh.id].sort());
    expect((await children(md.outsider, t.agency.id)).map((o) => [o.id, o.childCount])).toEqual([[t.unit.id, 2]]);
  });

  it('rolls check-ins up to the province, and answers a retried check-in with the one recorded', async () => {
    const t = await tree('B');
    const { keyResult: krLan } = await addKeyResult(md.lan, t.lan.id);
    const { keyResult: krBinh, objective: binh } = await addKeyResult(md.head, t.binh.id, {
      kind: KeyResultKind.KEY_RESULT_KIND_MILESTONE,
      start: 0,
      target: 1,
      direction: Direction.DIRECTION_UNSPECIFIED,
    });
    expect(binh).toMatchObject({ keyResultCount: 1, progress: 0 });
    const requestId = randomUUID();
    const first = await report(md.lan, krLan!.id, 60, requestId);
    expect(first.keyResult).toMatchObject({ current: 60, progress: 0.6, confidence: 0.7 });
    expect(first.objective).toMatchObject({ id: t.lan.id, progress: 0.6 });
    for (const id of [t.unit.id, t.agency.id, t.root.id]) expect((await get(md.outsider, id)).objective!.progress).toBeCloseTo(0.3, 12);
    const again = await report(md.lan, krLan!.id, 60, requestId);
    expect(again.checkIn!.id).toBe(first.checkIn!.id);
    const listed = await unary<objectivesV1.ListCheckInsResponse>((cb) =>
      api().listCheckIns({ keyResultId: krLan!.id, pageSize: 0, pageToken: '' }, md.binh, cb),
    );
    expect(listed.checkIns.map((c) => c.id)).toEqual([first.checkIn!.id]);
    expect(
      await failure(
        (m, cb) =>
          api().checkInKeyResult(objectivesV1.CheckInKeyResultRequest.fromPartial({ keyResultId: krLan!.id, value: 61, requestId }), m, cb),
        md.lan,
      ),
    ).toEqual({
      code: status.ALREADY_EXISTS,
      field: 'request_id',
    });
    // The agency's E-Office reports the milestone reached: everything above moves to (0.6 + 1) / 2.
    await report(md.integrator, krBinh!.id, 1);
    expect((await get(md.provinceLeader, t.root.id)).objective!.progress).toBeCloseTo(0.8, 12);
    // Each ancestor whose progress changed was published, with the progress it now holds.
    const published = await tp.sql<{ message_key: string; n: number }>(
      'catalog',
      `SELECT message_key, count(*)::int AS n FROM outbox WHERE topic = 'catalog.objective-changed.v1' AND message_key = ANY($1) GROUP BY 1`,
      [[t.root.id, t.agency.id, t.unit.id]],
    );
    expect(published.map((p) => p.n).every((n) => n >= 3)).toBe(true);
  });

  it('ends concurrent check-ins on sibling key results with the right progress above them', async () => {
    const unit = await createObjective(md.head, {
      level: Level.OBJECTIVE_LEVEL_UNIT,
      nodeId: subUnitId,
      ownerOfficialId: ids.lan,
      title: 'Rà soát hồ sơ công chức',
    });
    const siblings = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createObjective(md.lan, { level: Level.OBJECTIVE_LEVEL_INDIVIDUAL, nodeId: ids.lan, parentId: unit.id, title: `Đợt ${i + 1}` }),
      ),
    );
    const krs = await Promise.all(siblings.map((s) => addKeyResult(md.lan, s.id).then((r) => r.keyResult!)));
    const values = [10, 35, 50, 70, 90, 100];
    await Promise.all(krs.map((k, i) => report(md.lan, k.id, values[i])));
    const { objective } = await get(md.lan, unit.id);
    expect(objective!.progress).toBeCloseTo(values.reduce((a, b) => a + b) / values.length / 100, 12);
    expect(objective!.childCount).toBe(6);
  });

  it('lets each person write only at the levels they manage, and every member read', async () => {
    const t = await tree('C');
    const { keyResult } = await addKeyResult(md.lan, t.lan.id);
    const create = (m: Metadata, fields: Partial<objectivesV1.ObjectiveFields>) =>
      failure(
        (x, cb) =>
          api().createObjective(
            objectivesV1.CreateObjectiveRequest.fromPartial({
              fields: { commitment: Commitment.COMMITMENT_ASPIRATIONAL, period, title: 'Thử', ownerOfficialId: ids.leader, ...fields },
            }),
            x,
            cb,
          ),
        m,
      );
    const individual = { level: Level.OBJECTIVE_LEVEL_INDIVIDUAL, nodeId: ids.lan, ownerOfficialId: '' };
    expect((await create(md.binh, individual)).code).toBe(status.PERMISSION_DENIED);
    expect((await create(md.outsider, individual)).code).toBe(status.PERMISSION_DENIED);
    expect((await create(md.leader, { level: Level.OBJECTIVE_LEVEL_TENANT })).code).toBe(status.PERMISSION_DENIED);
    expect((await create(md.head, { level: Level.OBJECTIVE_LEVEL_AGENCY, nodeId: agencyId })).code).toBe(status.PERMISSION_DENIED);
    expect((await create(md.provinceLeader, { level: Level.OBJECTIVE_LEVEL_AGENCY, nodeId: agencyId })).code).toBe(
      status.PERMISSION_DENIED,
    );
    expect((await create(md.integrator, individual)).code).toBe(status.PERMISSION_DENIED);
    expect(
      await failure(
        (m, cb) =>
          api().checkInKeyResult(objectivesV1.CheckInKeyResultRequest.fromPartial({ keyResultId: keyResult!.id, value: 5 }), m, cb),
        md.binh,
      ),
    ).toEqual({ code: status.PERMISSION_DENIED, field: '' });
    // Validation names the field, in both languages.
    expect(await create(md.leader, { level: Level.OBJECTIVE_LEVEL_AGENCY, nodeId: agencyId, period: { year: 2026, quarter: 5 } })).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'period.quarter',
    });
    expect(await create(md.leader, { level: Level.OBJECTIVE_LEVEL_AGENCY, nodeId: agencyId, parentId: t.lan.id })).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'parent_id',
    });
    // A version read before a check-in moved progress is stale: ABORTED.
    const { objective: read } = await get(md.head, t.unit.id);
    await report(md.head, keyResult!.id, 40);
    expect(
      await failure(
        (m, cb) =>
          api().updateObjective(
            objectivesV1.UpdateObjectiveRequest.fromPartial({
              id: t.unit.id,
              version: read!.version,
              fields: { title: 'Đổi', commitment: Commitment.COMMITMENT_COMMITTED, ownerOfficialId: ids.lan, parentId: t.agency.id },
            }),
            m,
            cb,
          ),
        md.head,
      ),
    ).toEqual({ code: status.ABORTED, field: '' });
    // Nobody of another province sees anything.
    const stranger = callMetadata(await tp.platform.idp.mint({ sub: 'x', tenant: 'another-province', roles: ['province_leader'] }));
    expect((await failure((m, cb) => api().getObjective({ id: t.root.id }, m, cb), stranger)).code).toBe(status.PERMISSION_DENIED);
    expect((await failure((m, cb) => api().getObjective({ id: randomUUID() }, m, cb), md.outsider)).code).toBe(status.NOT_FOUND);
  });

  it('serves the same over REST through the gateway', async () => {
    const t = await tree('D');
    const { keyResult } = await addKeyResult(md.lan, t.lan.id);
    const gateway = tp.platform.gatewayUrl;
    const headers = { authorization: `Bearer ${tokens.lan}`, 'content-type': 'application/json' };
    const posted = await fetch(`${gateway}/api/v1/key-results/${keyResult!.id}/check-ins`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ value: 25, confidence: 0.9, comment: 'Qua REST', request_id: randomUUID() }),
    });
    expect(posted.status).toBe(201);
    const body = (await posted.json()) as any;
    expect(body.key_result).toMatchObject({ current: 25, progress: 0.25, kind: 'KEY_RESULT_KIND_NUMBER' });
    expect(body.objective).toMatchObject({ id: t.lan.id, progress: 0.25, level: 'OBJECTIVE_LEVEL_INDIVIDUAL' });
    const root = (await (await fetch(`${gateway}/api/v1/objectives/${t.root.id}`, { headers })).json()) as any;
    expect(root.objective).toMatchObject({ id: t.root.id, level: 'OBJECTIVE_LEVEL_TENANT', child_count: 1 });
    // Bình's objective has no key result yet: it gives no progress, and the mean is of Lan's alone.
    expect(root.objective.progress).toBeCloseTo(0.25, 12);
    // The nested period travels by its fields' paths; without it the list is refused, naming it.
    const list = (query: string) => fetch(`${gateway}/api/v1/objectives?parent_id=${t.unit.id}${query}`, { headers });
    const listed = (await (await list(`&period.year=${period.year}&period.quarter=0`)).json()) as any;
    expect(listed.objectives.map((o: { id: string }) => o.id).sort()).toEqual([t.lan.id, t.binh.id].sort());
    const unperiodic = await list('');
    expect([unperiodic.status, ((await unperiodic.json()) as any).error.field]).toEqual([400, 'period']);
    const bad = await fetch(`${gateway}/api/v1/objectives/${t.lan.id}/key-results`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        fields: { title: 'Tỷ lệ', kind: 'KEY_RESULT_KIND_PERCENT', start: 0, target: 120, direction: 'DIRECTION_INCREASING' },
      }),
    });
    expect([bad.status, ((await bad.json()) as any).error.field]).toEqual([400, 'target']);
  });
});
