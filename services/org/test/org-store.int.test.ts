import type { Pool } from '@thuocdo/db';
import { type Actor, assetPath } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, failureOf } from '@thuocdo/testing/src/domain-fixtures';
import { grantRole, parseGrantRole, planListRoleGrants } from '../src/domain/grants';
import type { OrgDecision } from '../src/domain/model';
import {
  assignPost,
  createJobPosition,
  createOfficial,
  parseAssignPost,
  parseCreateJobPosition,
  parseCreateOfficial,
  planListMemberships,
  planListOfficials,
} from '../src/domain/people';
import {
  createAgency,
  createUnit,
  mergeUnits,
  type NewAgency,
  parseCreateAgency,
  parseCreateUnit,
  parseMergeUnits,
  parseRenameUnit,
  planListUnits,
  renameUnit,
} from '../src/domain/structure';
import { orgEvents } from '../src/events/publish';
import { OrgQueries } from '../src/store/org-queries';
import { OrgStore } from '../src/store/org-store';

describe('org store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: OrgStore;
  let queries: OrgQueries;
  const hr = actorFor('org.agency.manage', ['hr_admin']);
  const tenant = hr.principal.tenantId;
  const NOW = hr.now;

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('org', assetPath('services/org/migrations')));
    store = new OrgStore(pool, orgEvents(new EventEncoder('org', service('org').produces)));
    queries = new OrgQueries(pool);
  });
  afterAll(() => close());

  const run = <S, E>(load: () => Promise<S>, decide: (s: S) => OrgDecision<E>, actor: Actor = hr) =>
    execute({ load, decide, save: (d) => store.save(d, actor) });
  const addAgency = (a: NewAgency) =>
    run(
      () => store.agencyClashes(tenant, a),
      (s) => createAgency(a, s, hr),
    );
  const agency = async (code: string) =>
    (await addAgency(parseCreateAgency({ id: '', code, name: `Sở ${code}`, kind: 'DEPARTMENT' }))).entity;
  const unit = async (agencyId: string, code: string, name: string, parentUnitId = '', validFrom = '2025-01-01') => {
    const u = parseCreateUnit({ id: '', agencyId, parentUnitId, code, name, validFrom }, NOW);
    return (
      await run(
        () => store.unitState(tenant, u),
        (s) => createUnit(u, s, hr),
      )
    ).entity;
  };
  const official = async (agencyId: string, unitId: string, fullName: string, extra: Record<string, string> = {}) => {
    const o = parseCreateOfficial(
      {
        id: '',
        agencyId,
        unitId,
        fullName,
        email: '',
        category: 'CIVIL_SERVANT',
        staffCode: '',
        idpSubject: '',
        positionId: '',
        validFrom: '2025-02-01',
        ...extra,
      },
      NOW,
    );
    return (
      await run(
        () => store.officialState(tenant, o),
        (s) => createOfficial(o, s, hr),
      )
    ).entity;
  };
  const rejection = (r: PromiseSettledResult<unknown>) =>
    failureOf(() => {
      throw (r as PromiseRejectedResult).reason;
    });

  it('gives a code to one of many concurrent creations; the others get ALREADY_EXISTS naming code', async () => {
    const a = parseCreateAgency({ id: '', code: 'STC', name: 'Sở Tài chính', kind: 'DEPARTMENT' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => addAgency(a)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(rejection(r)).toEqual({ reason: 'ALREADY_EXISTS', field: 'code' });
  });

  it('answers concurrent repeats of a caller-chosen id with the one agency they created, one event and one audit row', async () => {
    const a = parseCreateAgency({ id: '0190f3a2-aaaa-7aaa-8bbb-000000000001', code: 'SYT', name: 'Sở Y tế', kind: 'DEPARTMENT' });
    const results = await Promise.all(Array.from({ length: 6 }, () => addAgency(a)));
    expect(new Set(results.map((r) => r.entity.id))).toEqual(new Set([a.id]));
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM outbox WHERE message_key = $1)::int AS events,
              (SELECT count(*) FROM audit_log WHERE entity_id = $1)::int AS audits`,
      [a.id],
    );
    expect(rows[0]).toEqual({ events: 1, audits: 1 });
  });

  it('audits every change with who, what, before and after, in the same transaction', async () => {
    const a = await agency('SNN');
    const u = await unit(a.id, 'TC', 'Phòng Tổ chức');
    const r = parseRenameUnit({ id: u.id, version: 1, name: 'Phòng Tổ chức cán bộ', code: '', effectiveDate: '2026-03-01' }, NOW);
    await run(
      () => store.renameState(tenant, u.id, null),
      (s) => renameUnit(r, s, hr),
    );
    const { rows } = await pool.query(
      `SELECT action, entity_type, actor_subject, client_id, before->>'name' AS before, after->>'name' AS after
         FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [u.id],
    );
    expect(rows).toEqual([
      {
        action: 'org.agency.manage',
        entity_type: 'unit',
        actor_subject: 'subject-1',
        client_id: 'thuocdo-web',
        before: null,
        after: 'Phòng Tổ chức',
      },
      {
        action: 'org.agency.manage',
        entity_type: 'unit',
        actor_subject: 'subject-1',
        client_id: 'thuocdo-web',
        before: 'Phòng Tổ chức',
        after: 'Phòng Tổ chức cán bộ',
      },
    ]);
  });

  it('lists units as they were on a past date, and after a merge the units of each time', async () => {
    const a = await agency('SXD');
    const x = await unit(a.id, 'QH', 'Phòng Quy hoạch');
    const y = await unit(a.id, 'KT', 'Phòng Kiến trúc');
    const m = parseMergeUnits(
      {
        unitIds: [x.id, y.id],
        into: { id: '', code: 'QHKT', name: 'Phòng Quy hoạch - Kiến trúc' },
        parentUnitId: '',
        effectiveDate: '2026-07-01',
      },
      NOW,
    );
    const merged = (
      await run(
        () => store.reorganisationState(tenant, { ...m, newUnits: [m.into] }),
        (s) => mergeUnits(m, s, hr),
      )
    ).entity;
    const on = async (date: string) =>
      (
        await queries.listUnits(
          tenant,
          planListUnits({ pageSize: 0, pageToken: '', agencyId: a.id, parentUnitId: '', topLevel: true, query: '', onDate: date }, NOW),
        )
      ).items.map((u) => u.code);
    expect(await on('2026-06-30')).toEqual(['KT', 'QH']);
    expect(await on('2026-07-01')).toEqual(['QHKT']);
    const { lineage } = (await queries.unitWithLineage(tenant, x.id))!;
    expect(lineage).toEqual([{ predecessorId: x.id, successorId: merged.id, kind: 'MERGE', effectiveDate: '2026-07-01' }]);
  });

  it('answers who held a post in a unit on any past date after a transfer', async () => {
    const a = await agency('SCT');
    const from = await unit(a.id, 'QLTM', 'Phòng Quản lý thương mại');
    const to = await unit(a.id, 'VP', 'Văn phòng');
    const o = await official(a.id, from.id, 'Trần Văn Bình');
    const move = parseAssignPost(
      { id: '', officialId: o.id, unitId: to.id, positionId: '', kind: 'MAIN', validFrom: '2026-05-01', previousEndReason: 'TRANSFER' },
      NOW,
    );
    await run(
      () => store.postState(tenant, move),
      (s) => assignPost(move, s, hr),
    );
    const holders = async (unitId: string, onDate: string) =>
      (
        await queries.listMemberships(
          tenant,
          planListMemberships({ pageSize: 0, pageToken: '', officialId: '', unitId, agencyId: '', onDate, includeSubunits: false }, hr),
        )
      ).items.map((m) => m.officialId);
    expect(await holders(from.id, '2026-04-30')).toEqual([o.id]);
    expect(await holders(from.id, '2026-05-01')).toEqual([]);
    expect(await holders(to.id, '2026-05-01')).toEqual([o.id]);
    expect((await store.official(tenant, o.id))?.unitId).toBe(to.id);
  });

  it('refuses concurrent main posts for one official: the exclusion constraint backs the domain', async () => {
    const a = await agency('SLD');
    const u1 = await unit(a.id, 'A', 'Phòng A');
    const u2 = await unit(a.id, 'B', 'Phòng B');
    const u3 = await unit(a.id, 'C', 'Phòng C');
    const o = await official(a.id, u1.id, 'Lê Thị Cúc');
    const to = (u: string) =>
      parseAssignPost(
        { id: '', officialId: o.id, unitId: u, positionId: '', kind: 'MAIN', validFrom: '2026-06-01', previousEndReason: '' },
        NOW,
      );
    const results = await Promise.allSettled(
      [u2.id, u3.id].map((u) =>
        run(
          () => store.postState(tenant, to(u)),
          (s) => assignPost(to(u), s, hr),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM membership WHERE official_id = $1 AND kind = 'MAIN' AND valid_from <= '2026-06-01' AND (valid_to IS NULL OR valid_to > '2026-06-01')`,
      [o.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('finds people without regard to case or diacritics, in Vietnamese order of given name', async () => {
    const a = await agency('SVH');
    const u = await unit(a.id, 'VP', 'Văn phòng');
    for (const name of ['Nguyễn Văn A', 'Đặng Đức Ánh', 'Trần Thị Ă', 'Lê Văn Đạt', 'Phạm Văn Dũng', 'Nguyễn Văn Bảo'])
      await official(a.id, u.id, name);
    const search = async (query: string, pageSize = 0) =>
      (
        await queries.listOfficials(
          tenant,
          planListOfficials(
            {
              pageSize,
              pageToken: '',
              agencyId: a.id,
              unitId: '',
              category: '',
              query,
              includeSubunits: false,
              positionId: '',
              includeInactive: false,
            },
            hr,
          ),
        )
      ).items.map((o) => o.fullName);
    expect(await search('nguyen van a')).toEqual(['Nguyễn Văn A']);
    expect(await search('NGUYỄN văn')).toEqual(['Nguyễn Văn A', 'Nguyễn Văn Bảo']);
    expect(await search('duc')).toEqual(['Đặng Đức Ánh']);
    expect(await search('dat')).toEqual(['Lê Văn Đạt']);
    // Given names in the Vietnamese alphabet (a < ă < â < b < … < d < đ; tones weigh less than
    // letters): A, Ánh, Ă, Bảo, Dũng, Đạt.
    expect(await search('')).toEqual(['Nguyễn Văn A', 'Đặng Đức Ánh', 'Trần Thị Ă', 'Nguyễn Văn Bảo', 'Phạm Văn Dũng', 'Lê Văn Đạt']);
  });

  it('lists to an agency’s HR the grants over the agency and over any unit of it, and none of another agency', async () => {
    const [a, b] = [await agency('GRA'), await agency('GRB')];
    const aUnit = await unit(a.id, 'TC', 'Phòng Tổ chức');
    const aTeam = await unit(a.id, 'TC1', 'Tổ 1', aUnit.id);
    const bUnit = await unit(b.id, 'TC', 'Phòng Tổ chức');
    const person = await official(a.id, aUnit.id, 'Vũ Thị Lan');
    const give = (nodeKind: string, nodeId: string, role: string) => {
      const g = parseGrantRole(
        { id: '', officialId: person.id, clientId: '', role, nodeKind, nodeId, validFrom: '2025-01-01', validTo: '' },
        hr,
      );
      return run(
        () => store.grantState(tenant, g),
        (s) => grantRole(g, s, hr),
      );
    };
    await give('AGENCY', a.id, 'agency_leader');
    await give('UNIT', aTeam.id, 'unit_head');
    await give('UNIT', bUnit.id, 'unit_head');
    const agencyHr = actorFor('org.grant.read', [], { grants: [{ role: 'hr_admin', agencyId: a.id }] });
    const listed = await queries.listRoleGrants(
      tenant,
      planListRoleGrants({ pageSize: 0, pageToken: '', officialId: person.id, clientId: '', nodeId: '', role: '', onDate: '' }, agencyHr),
    );
    expect(listed.items.map((g) => g.nodeId).sort()).toEqual([a.id, aTeam.id].sort());
  });

  it('pages through officials of a unit subtree without losing or repeating anyone', async () => {
    const a = await agency('SGT');
    const top = await unit(a.id, 'KT', 'Phòng Kỹ thuật');
    const sub = await unit(a.id, 'KT1', 'Tổ Cầu đường', top.id);
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const name = `Hoàng Văn Số${i}`;
      names.push(name);
      await official(a.id, i % 2 ? sub.id : top.id, name);
    }
    await official(a.id, (await unit(a.id, 'VP', 'Văn phòng')).id, 'Người Ngoài');
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await queries.listOfficials(
        tenant,
        planListOfficials(
          {
            pageSize: 2,
            pageToken,
            agencyId: '',
            unitId: top.id,
            category: '',
            query: '',
            includeSubunits: true,
            positionId: '',
            includeInactive: false,
          },
          hr,
        ),
      );
      seen.push(...page.items.map((o) => o.fullName));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen.sort()).toEqual(names.sort());
  });

  it('moves job positions with their unit', async () => {
    const a = await agency('SKH');
    const u = await unit(a.id, 'TH', 'Phòng Tổng hợp');
    const p = parseCreateJobPosition({
      id: '',
      unitId: u.id,
      code: 'CV-TH',
      title: 'Chuyên viên tổng hợp',
      duties: '',
      category: 'SPECIALIST',
      leadership: false,
    });
    const { entity: pos } = await run(
      () => store.jobPositionState(tenant, p),
      (s) => createJobPosition(p, s, hr),
    );
    const repeat = { ...p, id: pos.id };
    const again = await run(
      () => store.jobPositionState(tenant, repeat),
      (s) => createJobPosition(repeat, s, hr),
    );
    expect(again.unchanged).toBe(true);
    const o = await official(a.id, u.id, 'Vũ Thị Hạnh', { positionId: pos.id });
    expect(o.positionId).toBe(pos.id);
  });
});
