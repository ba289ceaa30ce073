/**
 * The authorization matrix: every RPC and every REST route, called by every kind of caller
 * (tenant-wide grants, grants over agency A or a unit of it, an integration client over A, the
 * officials of A and B, and a token that holds nothing), on data of agency A and of agency B.
 * Allowed calls succeed; the others are refused with PERMISSION_DENIED, or NOT_FOUND where
 * saying that a record exists would leak it (403 and 404 over REST); and a list never shows a
 * record out of the caller's reach.
 */
import { randomUUID } from 'node:crypto';
import { Client, credentials, type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { addDays, todayInVietnam } from '@thuocdo/kit';
import {
  analyticsV1,
  auditV1,
  catalogV1,
  commonV1,
  httpApi,
  kpiV1,
  objectivesV1,
  orgImportV1,
  orgV1,
  scoringV1,
  tasksV1,
  worklogV1,
} from '@thuocdo/proto';
import { serviceServing } from '@thuocdo/registry';
import { callMetadata, unary } from '@thuocdo/service';
import { decodeMessage, encodeMessage } from '../../services/gateway/src/domain/json-codec';
import {
  adminToken,
  createOrgFixture,
  logWorkFor,
  type OrgFixture,
  person,
  serviceAccount,
  startTestPlatform,
  type TestPlatform,
  until,
} from './support';

/** A whole request message of a route, from the fields a case gives (ts-proto's fromPartial). */
const PACKAGES: Record<string, any> = {
  'thuocdo.org.v1': { ...orgV1, ...orgImportV1 },
  'thuocdo.catalog.v1': { ...catalogV1, ...objectivesV1, ...kpiV1 },
  'thuocdo.worklog.v1': { ...worklogV1, ...tasksV1 },
  'thuocdo.analytics.v1': analyticsV1,
  'thuocdo.audit.v1': auditV1,
  'thuocdo.scoring.v1': scoringV1,
};
function fullMessage(name: string, partial: Record<string, unknown>): Record<string, unknown> {
  const dot = name.lastIndexOf('.');
  return PACKAGES[name.slice(0, dot)][name.slice(dot + 1)].fromPartial(partial);
}

type Caller =
  | 'sys_admin'
  | 'province_leader'
  | 'hr_admin'
  | 'auditor'
  | 'catalog_admin'
  | 'agency_leader A'
  | 'hr_admin A'
  | 'unit_head A'
  | 'integrator A'
  | 'official A'
  | 'official B'
  | 'nobody';
type Target = 'A' | 'B';
const OUT_OF_REACH = [commonV1.ErrorReason.ERROR_REASON_PERMISSION_DENIED, commonV1.ErrorReason.ERROR_REASON_NOT_FOUND];

const ALL: Caller[] = [
  'sys_admin',
  'province_leader',
  'hr_admin',
  'auditor',
  'catalog_admin',
  'agency_leader A',
  'hr_admin A',
  'unit_head A',
  'integrator A',
  'official A',
  'official B',
  'nobody',
];
const MEMBERS = ALL.filter((c) => c !== 'nobody');
const TENANT_READERS: Caller[] = ['sys_admin', 'province_leader', 'hr_admin', 'auditor'];
const STRUCTURE_MANAGERS_A: Caller[] = ['sys_admin', 'hr_admin', 'agency_leader A', 'hr_admin A'];
const STAFF_MANAGERS_A: Caller[] = [...STRUCTURE_MANAGERS_A, 'integrator A'];
/** Officials and their posts: the readers over them, and every official (who sees themself: the catalog administrator is one). */
const PEOPLE_READERS: Caller[] = [
  ...TENANT_READERS,
  'catalog_admin',
  'agency_leader A',
  'hr_admin A',
  'unit_head A',
  'integrator A',
  'official A',
  'official B',
];

/** One row of the matrix: the call on target A and on B, and who may make it there. */
interface Case {
  method: string;
  /** Builds the request (preparing what it needs as the administrator). */
  request(target: Target): Promise<Record<string, unknown>>;
  a: Caller[];
  b: Caller[];
  /** For lists: the ids the answer shows, and the ids the caller may see among them. */
  shown?: (answer: any) => string[];
  visible?: (caller: Caller, target: Target) => Promise<Set<string> | 'any'>;
  /**
   * For calls that answer item by item (batches, bulk reviews): the errors of the answer's items.
   * Every item refused (PERMISSION_DENIED, NOT_FOUND) is a refusal; any other item error is an
   * outcome of its own.
   */
  itemErrors?: (answer: any) => (commonV1.ErrorDetail | undefined)[];
}

describe('authorization matrix: every RPC and route × every caller × in and out of scope', () => {
  let tp: TestPlatform;
  let A: OrgFixture;
  let B: OrgFixture;
  let subA: string;
  const tokens = new Map<Caller, string>();
  /** The official record of each caller that is a person. */
  const officialOf = new Map<Caller, string>();
  const today = todayInVietnam();
  let n = 0;
  const code = () => `M${(++n).toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}`;
  let admin: Metadata;
  const fx = (t: Target) => (t === 'A' ? A : B);

  beforeAll(async () => {
    // Hundreds of REST calls from one address in a few seconds: the rate limits (tested in
    // gateway-sessions) would answer some with 429 instead of the decision under test.
    tp = await startTestPlatform([], {
      env: {
        RATE_LIMIT_ADDRESS_PER_SECOND: '100000',
        RATE_LIMIT_ADDRESS_PER_MINUTE: '10000000',
        RATE_LIMIT_SUBJECT_PER_SECOND: '100000',
        RATE_LIMIT_SUBJECT_PER_MINUTE: '10000000',
      },
    });
    A = await createOrgFixture(tp, 'MA');
    B = await createOrgFixture(tp, 'MB');
    admin = callMetadata(await adminToken(tp));
    // A's official works in a sub-unit of A's unit: a unit head over the unit reaches them.
    subA = (await unit('A', A.unit.id, '2020-01-01')).id;
    await unary((cb) =>
      tp.clients.org.assignPost(
        orgV1.AssignPostRequest.fromPartial({
          officialId: A.official.id,
          unitId: subA,
          kind: orgV1.MembershipKind.MEMBERSHIP_KIND_MAIN,
          validFrom: '2020-06-01',
        }),
        admin,
        cb,
      ),
    );
    for (const f of [A, B]) await logWorkFor(tp, f, { quantityDecimal: '1', minutes: 30 });
    tokens.set('sys_admin', await adminToken(tp));
    for (const role of ['province_leader', 'hr_admin', 'auditor', 'catalog_admin'] as const) {
      const p = await person(tp, [{ role }]);
      tokens.set(role, p.token);
      officialOf.set(role, p.officialId);
    }
    tokens.set('agency_leader A', (await person(tp, [{ role: 'agency_leader', agencyId: A.agency.id }])).token);
    tokens.set('hr_admin A', (await person(tp, [{ role: 'hr_admin', agencyId: A.agency.id }])).token);
    tokens.set('unit_head A', (await person(tp, [{ role: 'unit_head', unitId: A.unit.id }])).token);
    tokens.set('integrator A', await serviceAccount(tp, 'matrix-eoffice', [{ role: 'integrator', agencyId: A.agency.id }]));
    tokens.set('official A', A.officialToken);
    tokens.set('official B', B.officialToken);
    tokens.set('nobody', await tp.token({ roles: ['province_leader', 'hr_admin'], official_id: randomUUID() }));
  });
  afterAll(() => tp?.stop());

  // --- preparing data as the administrator ---------------------------------------------------
  async function unit(t: Target, parentUnitId = '', validFrom = '2025-01-01') {
    const { unit } = await unary<orgV1.CreateUnitResponse>((cb) =>
      tp.clients.org.createUnit(
        orgV1.CreateUnitRequest.fromPartial({ agencyId: fx(t).agency.id, parentUnitId, code: code(), name: 'Tổ công tác', validFrom }),
        admin,
        cb,
      ),
    );
    return unit!;
  }
  async function official(t: Target) {
    const { official } = await unary<orgV1.CreateOfficialResponse>((cb) =>
      tp.clients.org.createOfficial(
        orgV1.CreateOfficialRequest.fromPartial({
          agencyId: fx(t).agency.id,
          unitId: fx(t).unit.id,
          fullName: 'Hoàng Thị Mai',
          category: 2,
          validFrom: '2025-01-01',
        }),
        admin,
        cb,
      ),
    );
    return official!;
  }
  async function concurrentPost(t: Target) {
    const o = await official(t);
    const u = await unit(t);
    const { membership } = await unary<orgV1.AssignPostResponse>((cb) =>
      tp.clients.org.assignPost(
        orgV1.AssignPostRequest.fromPartial({
          officialId: o.id,
          unitId: u.id,
          kind: orgV1.MembershipKind.MEMBERSHIP_KIND_CONCURRENT,
          validFrom: '2025-02-01',
        }),
        admin,
        cb,
      ),
    );
    return membership!;
  }
  async function grantOver(t: Target) {
    const grantee = await official(t);
    const { roleGrant } = await unary<orgV1.GrantRoleResponse>((cb) =>
      tp.clients.org.grantRole(
        orgV1.GrantRoleRequest.fromPartial({
          officialId: grantee.id,
          role: 'unit_head',
          nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_AGENCY,
          nodeId: fx(t).agency.id,
        }),
        admin,
        cb,
      ),
    );
    return roleGrant!;
  }

  /** An import into the target's agency, started by the administrator; READY when asked to wait for its check. */
  async function importJob(t: Target, ready = false) {
    const { job } = await unary<orgImportV1.StartImportResponse>((cb) =>
      tp.clients.orgImport.startImport(
        orgImportV1.StartImportRequest.fromPartial({ agencyId: fx(t).agency.id, files: [{ name: 'don-vi.csv', content: unitsCsv() }] }),
        admin,
        cb,
      ),
    );
    if (ready)
      await until('the import to be checked', async () => {
        const { job: j } = await unary<orgImportV1.GetImportResponse>((cb) => tp.clients.orgImport.getImport({ id: job!.id }, admin, cb));
        if (j!.status === orgImportV1.ImportStatus.IMPORT_STATUS_INVALID) throw new Error('the import was found invalid');
        return j!.status === orgImportV1.ImportStatus.IMPORT_STATUS_READY;
      });
    return job!;
  }
  /** A units sheet of one new unit. */
  const unitsCsv = () => Buffer.from(`Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên\n${code()},Tổ nhập từ tệp,\n`);
  const IMPORTERS_A: Caller[] = ['sys_admin', 'hr_admin', 'hr_admin A'];
  const IMPORTERS_B: Caller[] = ['sys_admin', 'hr_admin'];

  /** The officials a caller reaches (for list leaks): by the units of their posts today. */
  async function officialsIn(agencyId: string, underUnit?: string): Promise<Set<string>> {
    const rows = await tp.sql<{ id: string }>(
      'org',
      `SELECT DISTINCT m.official_id::text AS id FROM membership m JOIN unit u ON u.id = m.unit_id
        WHERE m.agency_id = $1 AND m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to > $2)
          AND ($3::uuid IS NULL OR u.path LIKE (SELECT path FROM unit WHERE id = $3) || '%')`,
      [agencyId, today, underUnit ?? null],
    );
    return new Set(rows.map((r) => r.id));
  }
  const people = async (caller: Caller, t: Target): Promise<Set<string> | 'any'> => {
    if (TENANT_READERS.includes(caller)) return 'any';
    if (caller === 'catalog_admin') return new Set([officialOf.get(caller)!]);
    if (caller === 'official A') return new Set([A.official.id]);
    if (caller === 'official B') return new Set([B.official.id]);
    if (t === 'B') return new Set();
    return caller === 'unit_head A' ? officialsIn(A.agency.id, A.unit.id) : officialsIn(A.agency.id);
  };

  const cases: Case[] = [
    {
      method: 'CreateAgency',
      request: async () => ({ code: code(), name: 'Sở mới', kind: orgV1.AgencyKind.AGENCY_KIND_DEPARTMENT }),
      a: ['sys_admin', 'hr_admin'],
      b: ['sys_admin', 'hr_admin'],
    },
    { method: 'ListAgencies', request: async () => ({ pageSize: 1000 }), a: MEMBERS, b: MEMBERS },
    {
      method: 'CreateUnit',
      request: async (t) => ({ agencyId: fx(t).agency.id, code: code(), name: 'Phòng mới' }),
      a: STRUCTURE_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    { method: 'ListUnits', request: async (t) => ({ agencyId: fx(t).agency.id }), a: MEMBERS, b: MEMBERS },
    { method: 'GetUnit', request: async (t) => ({ id: fx(t).unit.id }), a: MEMBERS, b: MEMBERS },
    {
      method: 'RenameUnit',
      request: async (t) => {
        const u = await unit(t);
        return { id: u.id, version: u.version, name: 'Phòng đổi tên' };
      },
      a: STRUCTURE_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'MoveUnit',
      request: async (t) => {
        const u = await unit(t);
        return { id: u.id, version: u.version, newParentUnitId: fx(t).unit.id };
      },
      a: STRUCTURE_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'MergeUnits',
      request: async (t) => ({ unitIds: [(await unit(t)).id, (await unit(t)).id], into: { code: code(), name: 'Phòng hợp nhất' } }),
      a: STRUCTURE_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'SplitUnit',
      request: async (t) => {
        const u = await unit(t);
        return {
          id: u.id,
          version: u.version,
          newUnits: [
            { code: code(), name: 'Tổ 1' },
            { code: code(), name: 'Tổ 2' },
          ],
        };
      },
      a: STRUCTURE_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'CreateJobPosition',
      request: async (t) => ({
        unitId: fx(t).unit.id,
        code: code(),
        title: 'Chuyên viên',
        category: orgV1.PositionCategory.POSITION_CATEGORY_SPECIALIST,
      }),
      a: STRUCTURE_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    { method: 'ListJobPositions', request: async (t) => ({ agencyId: fx(t).agency.id }), a: MEMBERS, b: MEMBERS },
    {
      method: 'CreateOfficial',
      request: async (t) => ({ agencyId: fx(t).agency.id, unitId: fx(t).unit.id, fullName: 'Trần Thị Bích', category: 2 }),
      a: STAFF_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'ListOfficials',
      request: async (t) => ({ agencyId: fx(t).agency.id, pageSize: 1000 }),
      a: PEOPLE_READERS,
      b: PEOPLE_READERS,
      shown: (r) => r.officials.map((o: { id: string }) => o.id),
      visible: people,
    },
    {
      method: 'GetOfficial',
      request: async (t) => ({ id: fx(t).official.id }),
      a: PEOPLE_READERS.filter((c) => c !== 'official B' && c !== 'catalog_admin'),
      b: [...TENANT_READERS, 'official B'],
    },
    {
      method: 'UpdateOfficial',
      request: async (t) => {
        const o = await official(t);
        return {
          id: o.id,
          version: o.version,
          fullName: o.fullName,
          email: `${code().toLowerCase()}@example.gov.vn`,
          category: o.category,
        };
      },
      a: STAFF_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'AssignPost',
      request: async (t) => ({
        officialId: (await official(t)).id,
        unitId: (await unit(t)).id,
        kind: orgV1.MembershipKind.MEMBERSHIP_KIND_CONCURRENT,
      }),
      a: STAFF_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'EndMembership',
      request: async (t) => ({ id: (await concurrentPost(t)).id, reason: orgV1.EndReason.END_REASON_OTHER }),
      a: STAFF_MANAGERS_A,
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'ListMemberships',
      request: async (t) => ({ agencyId: fx(t).agency.id, pageSize: 1000 }),
      a: PEOPLE_READERS,
      b: PEOPLE_READERS,
      shown: (r) => r.memberships.map((m: { officialId: string }) => m.officialId),
      visible: people,
    },
    {
      method: 'GrantRole',
      request: async (t) => ({
        officialId: (await official(t)).id,
        role: 'unit_head',
        nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_AGENCY,
        nodeId: fx(t).agency.id,
      }),
      a: ['sys_admin', 'hr_admin', 'hr_admin A'],
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'EndRoleGrant',
      request: async (t) => ({ id: (await grantOver(t)).id }),
      a: ['sys_admin', 'hr_admin', 'hr_admin A'],
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'ListRoleGrants',
      request: async (t) => ({ nodeId: fx(t).agency.id, pageSize: 1000 }),
      a: ['sys_admin', 'hr_admin', 'auditor', 'hr_admin A'],
      b: ['sys_admin', 'hr_admin', 'auditor', 'hr_admin A'],
      shown: (r) => r.roleGrants.map((g: { nodeId: string }) => g.nodeId),
      visible: async (c, t) => (c === 'hr_admin A' && t === 'B' ? new Set() : 'any'),
    },
    {
      method: 'StartImport',
      request: async (t) => ({ agencyId: fx(t).agency.id, files: [{ name: 'don-vi.csv', content: unitsCsv() }] }),
      a: IMPORTERS_A,
      b: IMPORTERS_B,
    },
    { method: 'GetImport', request: async (t) => ({ id: (await importJob(t)).id }), a: IMPORTERS_A, b: IMPORTERS_B },
    {
      method: 'ListImports',
      request: async (t) => ({ agencyId: fx(t).agency.id }),
      a: IMPORTERS_A,
      b: IMPORTERS_B,
      shown: (r) => r.jobs.map((j: { agencyId: string }) => j.agencyId),
      visible: async (_, t) => new Set([fx(t).agency.id]),
    },
    { method: 'ListImportIssues', request: async (t) => ({ importId: (await importJob(t)).id }), a: IMPORTERS_A, b: IMPORTERS_B },
    { method: 'GetImportReport', request: async (t) => ({ id: (await importJob(t)).id }), a: IMPORTERS_A, b: IMPORTERS_B },
    { method: 'ConfirmImport', request: async (t) => ({ id: (await importJob(t, true)).id }), a: IMPORTERS_A, b: IMPORTERS_B },
    {
      method: 'ExportOrgChart',
      request: async (t) => ({ agencyId: fx(t).agency.id }),
      a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A'],
      b: TENANT_READERS,
    },
    { method: 'WhoAmI', request: async () => ({}), a: ALL, b: ALL },
    { method: 'RepublishRecords', request: async () => ({}), a: ['sys_admin'], b: ['sys_admin'] },
    // The work-item catalog: a group C item of the target's agency is drafted and edited by the
    // catalog administrators and the agency's head, approved by its head only; every member reads
    // what is published. Kept in one block with what its cases prepare.
    ...(() => {
      const editorsA: Caller[] = ['sys_admin', 'catalog_admin', 'agency_leader A'];
      const editorsB: Caller[] = ['sys_admin', 'catalog_admin'];
      const fields = (t: Target) =>
        catalogV1.WorkItemFields.fromPartial({
          name: 'Thẩm định hồ sơ đặc thù',
          group: catalogV1.WorkItemGroup.WORK_ITEM_GROUP_C,
          productUnit: 'hồ sơ',
          standardMinutes: 60,
          agencyId: fx(t).agency.id,
        });
      /** A group C item of the target's agency, made by the administrator and taken to a stage of its lifecycle. */
      const item = async (t: Target, stage: 'DRAFT' | 'SUBMITTED' | 'PUBLISHED') => {
        const c = tp.clients.catalog;
        let { workItem } = await unary<catalogV1.CreateWorkItemResponse>((cb) =>
          c.createWorkItem(catalogV1.CreateWorkItemRequest.fromPartial({ code: code(), fields: fields(t) }), admin, cb),
        );
        if (stage !== 'DRAFT')
          ({ workItem } = await unary<catalogV1.SubmitWorkItemResponse>((cb) =>
            c.submitWorkItem({ id: workItem!.id, version: workItem!.version }, admin, cb),
          ));
        if (stage === 'PUBLISHED')
          ({ workItem } = await unary<catalogV1.ApproveWorkItemResponse>((cb) =>
            c.approveWorkItem({ id: workItem!.id, version: workItem!.version }, admin, cb),
          ));
        return workItem!;
      };
      const cases: Case[] = [
        { method: 'CreateWorkItem', request: async (t) => ({ code: code(), fields: fields(t) }), a: editorsA, b: editorsB },
        { method: 'GetWorkItem', request: async (t) => ({ id: (await item(t, 'PUBLISHED')).id }), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateWorkItem',
          request: async (t) => {
            const w = await item(t, 'DRAFT');
            return { id: w.id, version: w.version, fields: fields(t) };
          },
          a: editorsA,
          b: editorsB,
        },
        {
          method: 'SubmitWorkItem',
          request: async (t) => {
            const w = await item(t, 'DRAFT');
            return { id: w.id, version: w.version };
          },
          a: editorsA,
          b: editorsB,
        },
        {
          method: 'ApproveWorkItem',
          request: async (t) => {
            const w = await item(t, 'SUBMITTED');
            return { id: w.id, version: w.version };
          },
          a: ['sys_admin', 'agency_leader A'],
          b: ['sys_admin'],
        },
        {
          method: 'ReturnWorkItem',
          request: async (t) => {
            const w = await item(t, 'SUBMITTED');
            return { id: w.id, version: w.version, reason: 'Chưa rõ sản phẩm' };
          },
          a: ['sys_admin', 'agency_leader A'],
          b: ['sys_admin'],
        },
        {
          method: 'RetireWorkItem',
          request: async (t) => {
            const w = await item(t, 'PUBLISHED');
            return { id: w.id, version: w.version };
          },
          a: editorsA,
          b: editorsB,
        },
        { method: 'ListWorkItems', request: async () => ({}), a: MEMBERS, b: MEMBERS },
        { method: 'ListWorkItemRevisions', request: async (t) => ({ id: (await item(t, 'PUBLISHED')).id }), a: MEMBERS, b: MEMBERS },
        { method: 'ListSectors', request: async () => ({}), a: MEMBERS, b: MEMBERS },
        { method: 'GetConversionScale', request: async () => ({}), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateConversionScale',
          request: async () => {
            const { scale } = await unary<catalogV1.GetConversionScaleResponse>((cb) =>
              tp.clients.catalog.getConversionScale({}, admin, cb),
            );
            return {
              scale: {
                standardProductName: 'Văn bản hành chính thông thường',
                standardProductMinutes: 60,
                complexityGroups: [{ code: 'N1', coefficientHundredths: 100 }],
                version: scale?.version ?? 0,
              },
            };
          },
          a: ['sys_admin', 'catalog_admin'],
          b: ['sys_admin', 'catalog_admin'],
        },
        {
          method: 'ImportWorkItems',
          // Checked only: a group C row of the target's agency, named by its code.
          request: async (t) => ({
            fileName: 'danh-muc.csv',
            content: Buffer.from(
              `Mã,Nhóm,Tên đầu công việc,Đơn vị tính,Thời gian chuẩn (phút),Mã cơ quan\n${code()},C,Việc đặc thù,hồ sơ,30,${fx(t).agency.code}\n`,
            ),
            validateOnly: true,
          }),
          a: editorsA,
          b: editorsB,
        },
        { method: 'ExportWorkItems', request: async () => ({ filter: {} }), a: MEMBERS, b: MEMBERS },
      ];
      return cases;
    })(),
    // The work diary of the target's official: written by the official and the integrator over
    // them (an entry out of a writer's reach is not found), read by the official and the readers
    // over them, reviewed by the managers over them (a batch or a review answers per entry: an
    // entry out of reach is refused inside an answer that succeeds); who logged nothing, read by
    // the managers and tenant-wide readers, and by every official for themself alone; the calendar
    // and the rules, read by every member and changed by HR over the tenant. Kept in one block
    // with what its cases prepare.
    ...(() => {
      const WRITERS_A: Caller[] = ['official A', 'integrator A'];
      const WRITERS_B: Caller[] = ['official B'];
      const READERS_A: Caller[] = [...TENANT_READERS, 'agency_leader A', 'hr_admin A', 'unit_head A', 'integrator A', 'official A'];
      const READERS_B: Caller[] = [...TENANT_READERS, 'official B'];
      const REVIEWERS_A: Caller[] = ['sys_admin', 'agency_leader A', 'unit_head A'];
      const REVIEWERS_B: Caller[] = ['sys_admin'];
      const HR: Caller[] = ['sys_admin', 'hr_admin'];
      /** A fresh entry of the target's official, logged by the official (one minute, a note of its own: never a duplicate). */
      const entry = async (t: Target) => (await logWorkFor(tp, fx(t), { quantityDecimal: '1', minutes: 1, note: code() })).entry!;
      const fields = (t: Target) => ({ workDate: today, workItemId: fx(t).workItem.id, quantityDecimal: '1', minutes: 2, note: code() });
      const year = Number(today.slice(0, 4));
      // A year no other test lives in: the calendar edits change nobody's working days.
      const calendarYear = year + 3;
      /** A weekday of that year, off in the edited calendar. */
      const weekday = [...Array(7)].map((_, i) => `${calendarYear}-03-0${i + 1}`).find((d) => ![0, 6].includes(new Date(d).getUTCDay()))!;
      const cases: Case[] = [
        {
          method: 'LogWork',
          request: async (t) => ({ officialId: fx(t).official.id, ...fields(t), minutes: 15 }),
          a: WRITERS_A,
          b: WRITERS_B,
        },
        {
          method: 'LogWorkBatch',
          request: async (t) => ({ entries: [{ officialId: fx(t).official.id, ...fields(t) }] }),
          a: WRITERS_A,
          b: WRITERS_B,
          itemErrors: (answer) => answer.results.map((r: { error?: unknown }) => r.error),
        },
        { method: 'GetWorkLog', request: async (t) => ({ id: (await entry(t)).id }), a: READERS_A, b: READERS_B },
        {
          method: 'UpdateWorkLog',
          request: async (t) => {
            const { id, version } = await entry(t);
            return { id, version, ...fields(t) };
          },
          a: WRITERS_A,
          b: WRITERS_B,
        },
        {
          method: 'DeleteWorkLog',
          request: async (t) => {
            const { id, version } = await entry(t);
            return { id, version };
          },
          a: WRITERS_A,
          b: WRITERS_B,
        },
        {
          method: 'ReviewWorkLogs',
          request: async (t) => ({
            entries: [{ id: (await entry(t)).id, version: 0 }],
            decision: worklogV1.ReviewDecision.REVIEW_DECISION_APPROVE,
          }),
          a: REVIEWERS_A,
          b: REVIEWERS_B,
          itemErrors: (answer) => answer.results.map((r: { error?: unknown }) => r.error),
        },
        {
          method: 'ListWorkLogs',
          request: async (t) => ({ officialId: fx(t).official.id, fromDate: today, toDate: today }),
          a: READERS_A,
          b: READERS_B,
        },
        { method: 'GetDiaryDay', request: async (t) => ({ officialId: fx(t).official.id, date: today }), a: READERS_A, b: READERS_B },
        { method: 'SuggestWorkItems', request: async (t) => ({ officialId: fx(t).official.id }), a: READERS_A, b: READERS_B },
        {
          method: 'ListMissedDeclarations',
          request: async (t) => ({ unitId: fx(t).unit.id, fromDate: addDays(today, -13), toDate: today, pageSize: 1000 }),
          // The managers over the unit and tenant-wide readers; every official may ask too (about any unit), and is shown themself alone.
          a: MEMBERS.filter((c) => c !== 'integrator A'),
          b: MEMBERS.filter((c) => c !== 'integrator A'),
          shown: (answer) => answer.officials.map((o: { officialId: string }) => o.officialId),
          visible: people,
        },
        { method: 'GetWorkingCalendar', request: async () => ({ year }), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateWorkingCalendar',
          request: async () => {
            const { version } = await unary<worklogV1.GetWorkingCalendarResponse>((cb) =>
              tp.clients.worklog.getWorkingCalendar({ year: calendarYear }, admin, cb),
            );
            const day = { date: weekday, kind: worklogV1.CalendarDayKind.CALENDAR_DAY_KIND_DAY_OFF, name: `Nghỉ ${code()}` };
            return { year: calendarYear, days: [day], version };
          },
          a: HR,
          b: HR,
        },
        { method: 'GetDiarySettings', request: async () => ({}), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateDiarySettings',
          // The rules as they stand (nothing else changes under the other cases), from the version read.
          request: async () => {
            const { settings } = await unary<worklogV1.GetDiarySettingsResponse>((cb) =>
              tp.clients.worklog.getDiarySettings({}, admin, cb),
            );
            return { settings };
          },
          a: HR,
          b: HR,
        },
        // A month long past: closing it touches no entry of the other cases.
        { method: 'SetDiaryMonthClosed', request: async () => ({ month: '2020-01', closed: true }), a: HR, b: HR },
      ];
      return cases;
    })(),
    // Tasks (giao việc) of the target's official: assigned and cancelled by the managers and the
    // integrator over them (the official for themself, as the tenant's rules allow by default),
    // worked on by the lead assignee (starting and handing in, also by the integrator), judged by
    // the managers over them, read by the assignee and the readers over them. Kept in one block
    // with what its cases prepare.
    ...(() => {
      const due = addDays(today, 7);
      const fields = (t: Target) =>
        tasksV1.CreateTaskRequest.fromPartial({
          title: 'Báo cáo tình hình tuyển dụng',
          source: tasksV1.TaskSource.TASK_SOURCE_PLANNED,
          workItemId: fx(t).workItem.id,
          leadAssigneeId: fx(t).official.id,
          dueDate: due,
        });
      const product = { documentNumber: '12/BC-SNV', link: '', fileRef: '', note: '' };
      /** A task of the target's official, assigned by the administrator and taken by the official to a stage. */
      const task = async (t: Target, stage: 'ASSIGNED' | 'SUBMITTED' | 'EXTENSION_REQUESTED' = 'ASSIGNED') => {
        const c = new tasksV1.TaskServiceClient(tp.platform.address('worklog'), credentials.createInsecure());
        try {
          const { task } = await unary<tasksV1.CreateTaskResponse>((cb) => c.createTask(fields(t), admin, cb));
          const lead = callMetadata(fx(t).officialToken);
          const { id, version } = task!;
          if (stage === 'SUBMITTED')
            return (await unary<tasksV1.SubmitTaskResponse>((cb) => c.submitTask({ id, version, product }, lead, cb))).task!;
          if (stage === 'EXTENSION_REQUESTED')
            return (
              await unary<tasksV1.RequestTaskExtensionResponse>((cb) =>
                c.requestTaskExtension({ id, version, requestedDueDate: addDays(due, 7), reason: 'Chờ số liệu' }, lead, cb),
              )
            ).task!;
          return task!;
        } finally {
          c.close();
        }
      };
      const readersA: Caller[] = [...TENANT_READERS, 'agency_leader A', 'hr_admin A', 'unit_head A', 'integrator A', 'official A'];
      const readersB: Caller[] = [...TENANT_READERS, 'official B'];
      const reviewersA: Caller[] = ['sys_admin', 'agency_leader A', 'unit_head A'];
      const reviewersB: Caller[] = ['sys_admin'];
      /** The tasks a caller may see among those listed: their own, or those of the units and agencies they reach. */
      const visibleTasks = async (caller: Caller): Promise<Set<string> | 'any'> => {
        if (TENANT_READERS.includes(caller)) return 'any';
        const own = { 'official A': A.official.id, 'official B': B.official.id, catalog_admin: officialOf.get('catalog_admin') }[
          caller as string
        ];
        const rows = await tp.sql<{ id: string }>(
          'worklog',
          `SELECT id::text FROM task
            WHERE ($1::uuid IS NOT NULL AND (lead_assignee_id = $1 OR supporting_assignee_ids @> ARRAY[$1::uuid]))
               OR agency_id = ANY($2::uuid[]) OR unit_id = ANY($3::uuid[])`,
          [
            own ?? null,
            ['agency_leader A', 'hr_admin A', 'integrator A'].includes(caller) ? [A.agency.id] : [],
            caller === 'unit_head A' ? [A.unit.id, subA] : [],
          ],
        );
        return new Set(rows.map((r) => r.id));
      };
      const cases: Case[] = [
        {
          method: 'CreateTask',
          request: async (t) => ({ ...fields(t) }),
          a: ['sys_admin', 'agency_leader A', 'unit_head A', 'integrator A', 'official A'],
          b: ['sys_admin', 'official B'],
        },
        { method: 'GetTask', request: async (t) => ({ id: (await task(t)).id }), a: readersA, b: readersB },
        {
          method: 'ListTasks',
          request: async (t) => ({ assigneeId: fx(t).official.id, pageSize: 1000 }),
          a: MEMBERS,
          b: MEMBERS,
          shown: (answer) => answer.tasks.map((x: { id: string }) => x.id),
          visible: (caller) => visibleTasks(caller),
        },
        {
          method: 'StartTask',
          request: async (t) => {
            const { id, version } = await task(t);
            return { id, version };
          },
          a: ['official A', 'integrator A'],
          b: ['official B'],
        },
        {
          method: 'SubmitTask',
          request: async (t) => {
            const { id, version } = await task(t);
            return { id, version, product };
          },
          a: ['official A', 'integrator A'],
          b: ['official B'],
        },
        {
          method: 'ApproveTask',
          request: async (t) => {
            const { id, version } = await task(t, 'SUBMITTED');
            return { id, version, quality: tasksV1.TaskQuality.TASK_QUALITY_MEETS_REQUIREMENTS };
          },
          a: reviewersA,
          b: reviewersB,
        },
        {
          method: 'ReturnTask',
          request: async (t) => {
            const { id, version } = await task(t, 'SUBMITTED');
            return { id, version, reason: 'Thiếu số liệu' };
          },
          a: reviewersA,
          b: reviewersB,
        },
        {
          method: 'CancelTask',
          request: async (t) => {
            const { id, version } = await task(t);
            return { id, version, reason: 'Không còn cần thiết' };
          },
          a: ['sys_admin', 'agency_leader A', 'unit_head A', 'integrator A'],
          b: ['sys_admin'],
        },
        {
          method: 'RequestTaskExtension',
          request: async (t) => {
            const { id, version } = await task(t);
            return { id, version, requestedDueDate: addDays(due, 3), reason: 'Chờ số liệu' };
          },
          a: ['official A'],
          b: ['official B'],
        },
        {
          method: 'DecideTaskExtension',
          request: async (t) => {
            const { id, version } = await task(t, 'EXTENSION_REQUESTED');
            return { id, version, grant: true, comment: 'Đồng ý' };
          },
          a: reviewersA,
          b: reviewersB,
        },
        {
          method: 'ConfirmObjectiveCause',
          request: async (t) => {
            const { id, version } = await task(t);
            return { id, version, reason: 'Chậm do số liệu của Sở Tài chính' };
          },
          a: reviewersA,
          b: reviewersB,
        },
        { method: 'ListTaskSteps', request: async (t) => ({ id: (await task(t)).id }), a: readersA, b: readersB },
      ];
      return cases;
    })(),
    // Objectives and key results: every member reads them; writing needs the objective's node in
    // the caller's scope (the agency, a unit under a head's, an official: themself and the managers
    // over them), check-ins the same plus integrators of the agency. Kept in one block with what
    // its cases prepare.
    ...(() => {
      const year = Number(today.slice(0, 4));
      type Level = 'AGENCY' | 'UNIT' | 'INDIVIDUAL';
      const fields = (t: Target, level: Level) =>
        objectivesV1.ObjectiveFields.fromPartial({
          level: objectivesV1.ObjectiveLevel[`OBJECTIVE_LEVEL_${level}`],
          nodeId: { AGENCY: fx(t).agency.id, UNIT: fx(t).unit.id, INDIVIDUAL: fx(t).official.id }[level],
          ownerOfficialId: level === 'INDIVIDUAL' ? '' : fx(t).official.id,
          title: 'Giải quyết hồ sơ đúng hạn',
          commitment: objectivesV1.Commitment.COMMITMENT_COMMITTED,
          period: { year, quarter: 0 },
        });
      const keyResultFields = (title = 'Hồ sơ đúng hạn') =>
        objectivesV1.KeyResultFields.fromPartial({
          title,
          kind: objectivesV1.KeyResultKind.KEY_RESULT_KIND_NUMBER,
          start: 0,
          target: 100,
          direction: objectivesV1.Direction.DIRECTION_INCREASING,
        });
      /** An objective of the target's agency, unit or official, made by the administrator. */
      const objective = async (t: Target, level: Level) => {
        const { objective } = await unary<objectivesV1.CreateObjectiveResponse>((cb) =>
          tp.clients.objectives.createObjective({ fields: fields(t, level) }, admin, cb),
        );
        return objective!;
      };
      const keyResult = async (t: Target, level: Level) => {
        const { id } = await objective(t, level);
        const { keyResult } = await unary<objectivesV1.CreateKeyResultResponse>((cb) =>
          tp.clients.objectives.createKeyResult({ objectiveId: id, fields: keyResultFields() }, admin, cb),
        );
        return keyResult!;
      };
      const managersA: Caller[] = ['sys_admin', 'catalog_admin', 'agency_leader A'];
      const managersB: Caller[] = ['sys_admin', 'catalog_admin'];
      const cases: Case[] = [
        {
          method: 'CreateObjective',
          request: async (t) => ({ fields: fields(t, 'UNIT') }),
          a: [...managersA, 'unit_head A'],
          b: managersB,
        },
        { method: 'GetObjective', request: async (t) => ({ id: (await objective(t, 'AGENCY')).id }), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateObjective',
          request: async (t) => {
            const o = await objective(t, 'AGENCY');
            return { id: o.id, version: o.version, fields: { ...fields(t, 'AGENCY'), title: 'Giải quyết 100% hồ sơ đúng hạn' } };
          },
          a: managersA,
          b: managersB,
        },
        {
          method: 'ListObjectives',
          request: async () => ({ period: { year, quarter: 0 }, all: true, pageSize: 1000 }),
          a: MEMBERS,
          b: MEMBERS,
        },
        {
          method: 'CreateKeyResult',
          request: async (t) => ({ objectiveId: (await objective(t, 'INDIVIDUAL')).id, fields: keyResultFields() }),
          a: [...managersA, 'unit_head A', 'official A'],
          b: [...managersB, 'official B'],
        },
        {
          method: 'UpdateKeyResult',
          request: async (t) => {
            const k = await keyResult(t, 'UNIT');
            return { id: k.id, version: k.version, fields: keyResultFields('Hồ sơ giải quyết đúng hạn') };
          },
          a: [...managersA, 'unit_head A'],
          b: managersB,
        },
        {
          method: 'CheckInKeyResult',
          request: async (t) => ({ keyResultId: (await keyResult(t, 'INDIVIDUAL')).id, value: 40, confidence: 0.8, comment: 'Tuần 1' }),
          a: [...managersA, 'unit_head A', 'integrator A', 'official A'],
          b: [...managersB, 'official B'],
        },
        { method: 'ListCheckIns', request: async (t) => ({ keyResultId: (await keyResult(t, 'INDIVIDUAL')).id }), a: MEMBERS, b: MEMBERS },
      ];
      return cases;
    })(),
    {
      method: 'GetAgencyDailyWork',
      request: async (t) => ({ fromDate: today, toDate: today, agencyId: fx(t).agency.id }),
      a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A'],
      b: TENANT_READERS,
    },
    // KPI definitions: those over the whole agency write its sets (sys_admin, catalog and HR
    // administrators, its head), every member reads and scores them. Kept in one block with
    // what its cases prepare.
    ...(() => {
      const writersA: Caller[] = ['sys_admin', 'hr_admin', 'catalog_admin', 'agency_leader A', 'hr_admin A'];
      const writersB: Caller[] = ['sys_admin', 'hr_admin', 'catalog_admin'];
      let year = 2000;
      const fields = (t: Target, kind: kpiV1.KpiSetKind, extra: Partial<kpiV1.KpiSetFields>) =>
        kpiV1.KpiSetFields.fromPartial({
          kind,
          agencyId: fx(t).agency.id,
          name: 'Bộ chỉ số KPI',
          indicators: [
            {
              code: 'CN.01',
              name: 'Hồ sơ giải quyết đúng hạn',
              group:
                kind === kpiV1.KpiSetKind.KPI_SET_KIND_UNIT
                  ? kpiV1.IndicatorGroup.INDICATOR_GROUP_FUNCTIONAL
                  : kpiV1.IndicatorGroup.INDICATOR_GROUP_INDIVIDUAL,
              type: kpiV1.IndicatorType.INDICATOR_TYPE_ATTAINMENT,
              target: 10,
              weight: 100,
            },
          ],
          ...extra,
        });
      /** A job position's template in the target's agency, made by the administrator (a new position each time: one set per position and year). */
      const template = async (t: Target) => {
        const f = fields(t, kpiV1.KpiSetKind.KPI_SET_KIND_POSITION_TEMPLATE, { jobPositionId: randomUUID(), year: 2026 });
        const { kpiSet } = await unary<kpiV1.CreateKpiSetResponse>((cb) => tp.clients.kpi.createKpiSet({ fields: f }, admin, cb));
        return kpiSet!;
      };
      const thisMonth = today.slice(0, 7);
      const agencySets = new Map<Target, Promise<kpiV1.KpiSet>>();
      /** The target agency's own set of this year, once scoring has it from catalog's event. */
      const agencySet = (t: Target) => {
        if (!agencySets.has(t))
          agencySets.set(
            t,
            (async () => {
              const f = fields(t, kpiV1.KpiSetKind.KPI_SET_KIND_UNIT, { year: Number(today.slice(0, 4)) });
              const { kpiSet } = await unary<kpiV1.CreateKpiSetResponse>((cb) => tp.clients.kpi.createKpiSet({ fields: f }, admin, cb));
              await until('scoring has the set', async () =>
                (await tp.sql('scoring', 'SELECT 1 FROM unit_kpi_set WHERE id = $1', [kpiSet!.id])).length ? true : undefined,
              );
              return kpiSet!;
            })(),
          );
        return agencySets.get(t)!;
      };
      const cases: Case[] = [
        {
          method: 'CreateKpiSet',
          // The unit's set of a year of its own each call: one set per unit and year.
          request: async (t) => ({ fields: fields(t, kpiV1.KpiSetKind.KPI_SET_KIND_UNIT, { unitId: fx(t).unit.id, year: ++year }) }),
          a: writersA,
          b: writersB,
        },
        { method: 'GetKpiSet', request: async (t) => ({ id: (await template(t)).id }), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateKpiSet',
          request: async (t) => {
            const s = await template(t);
            return { id: s.id, version: s.version, name: 'Bộ chỉ số KPI (điều chỉnh)', indicators: s.indicators };
          },
          a: writersA,
          b: writersB,
        },
        { method: 'ListKpiSets', request: async (t) => ({ agencyId: fx(t).agency.id, pageSize: 1000 }), a: MEMBERS, b: MEMBERS },
        {
          method: 'ScoreKpiSet',
          request: async (t) => ({ id: (await template(t)).id, actuals: [{ code: 'CN.01', actual: 8 }] }),
          a: MEMBERS,
          b: MEMBERS,
        },
        // What units reached on their KPIs (scoring): recorded by HR, the agency's leaders and its
        // service accounts, never by a unit head; read by every member.
        {
          method: 'RecordUnitKpiActuals',
          request: async (t) => ({ kpiSetId: (await agencySet(t)).id, period: thisMonth, actuals: [{ code: 'CN.01', actual: ++n }] }),
          a: ['sys_admin', 'hr_admin', 'agency_leader A', 'hr_admin A', 'integrator A'],
          b: ['sys_admin', 'hr_admin'],
        },
        {
          method: 'GetUnitKpiResult',
          request: async (t) => ({ kpiSetId: (await agencySet(t)).id, period: thisMonth }),
          a: MEMBERS,
          b: MEMBERS,
        },
        {
          method: 'ListUnitKpiResults',
          request: async (t) => {
            await agencySet(t);
            return { period: thisMonth, agencyId: fx(t).agency.id, pageSize: 100 };
          },
          a: MEMBERS,
          b: MEMBERS,
        },
      ];
      return cases;
    })(),
    { method: 'ListRulePacks', request: async () => ({}), a: MEMBERS, b: MEMBERS },
    { method: 'GetRulePack', request: async () => ({ code: 'ND335-2025' }), a: MEMBERS, b: MEMBERS },
    // A year of its own, so that the scores of this one keep their pack.
    {
      method: 'ChooseRulePack',
      request: async () => ({ year: 2027, category: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CIVIL_SERVANT, packCode: 'KH-1636-2025' }),
      a: ['sys_admin', 'hr_admin'],
      b: ['sys_admin', 'hr_admin'],
    },
    { method: 'ListRulePackChoices', request: async () => ({ year: 2027 }), a: MEMBERS, b: MEMBERS },
    {
      method: 'SaveRulePack',
      // Each allowed call saves the next version of a pack of the tenant's own.
      request: async () => {
        const { pack } = await unary<scoringV1.GetRulePackResponse>((cb) =>
          tp.clients.scoring.getRulePack({ code: 'KH-1636-2025', version: 0 }, admin, cb),
        );
        return { pack: { ...pack!, code: 'MATRIX-PACK', fromYear: 2027 } };
      },
      a: ['sys_admin', 'hr_admin'],
      b: ['sys_admin', 'hr_admin'],
    },
    {
      method: 'GetOfficialScore',
      request: async (t) => {
        const req = { officialId: fx(t).official.id, period: today.slice(0, 7) };
        // Scoring learns of the official's post from org's events.
        await until(`scoring knows official ${t}`, () =>
          unary((cb) => tp.clients.scoring.getOfficialScore(req, admin, cb)).then(
            () => true,
            () => undefined,
          ),
        );
        return req;
      },
      a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A', 'unit_head A', 'official A'],
      b: [...TENANT_READERS, 'official B'],
    },
    {
      method: 'RecordAssessment',
      // Each call writes the next version of the target's assessment of this month.
      request: async (t) => {
        const req = { officialId: fx(t).official.id, period: today.slice(0, 7) };
        const { score } = await until(`scoring knows official ${t}`, () =>
          unary<scoringV1.GetOfficialScoreResponse>((cb) => tp.clients.scoring.getOfficialScore(req, admin, cb)).then(
            (r) => r,
            () => undefined,
          ),
        );
        return { ...req, criteria: [{ code: 'INNOVATION', points: String(1 + (++n % 9)) }], version: score!.assessmentVersion };
      },
      a: ['sys_admin', 'hr_admin', 'agency_leader A', 'hr_admin A', 'unit_head A'],
      b: ['sys_admin', 'hr_admin'],
    },
    ...(() => {
      // The evaluation: self-assessments and comments in this month (before any manager's
      // review), the manager's review, taken again and again, in the month before.
      const month = today.slice(0, 7);
      const [y, m] = month.split('-').map(Number);
      const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      const evaluationOf = async (t: Target, period: string) => {
        const req = { officialId: fx(t).official.id, period };
        await until(`scoring knows official ${t}`, () =>
          unary((cb) => tp.clients.scoring.getOfficialScore(req, admin, cb)).then(
            () => true,
            () => undefined,
          ),
        );
        return (await unary<scoringV1.GetEvaluationResponse>((cb) => tp.clients.scoring.getEvaluation(req, admin, cb))).evaluation!;
      };
      /** Self-assessed by the official (as they would), so that the next steps may follow. */
      const selfAssessed = async (t: Target, period: string) => {
        let e = await evaluationOf(t, period);
        if (e.stage === scoringV1.EvaluationStage.EVALUATION_STAGE_UNSPECIFIED)
          e = (
            await unary<scoringV1.SubmitSelfAssessmentResponse>((cb) =>
              tp.clients.scoring.submitSelfAssessment(
                { officialId: fx(t).official.id, period, criteria: [], comment: 'Tự đánh giá', version: 0 },
                callMetadata(tokens.get(t === 'A' ? 'official A' : 'official B')!),
                cb,
              ),
            )
          ).evaluation!;
        return e;
      };
      const cases: Case[] = [
        {
          method: 'GetEvaluation',
          request: async (t) => ({ officialId: fx(t).official.id, period: month }),
          a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A', 'unit_head A', 'official A'],
          b: [...TENANT_READERS, 'official B'],
        },
        {
          method: 'ExportEvaluationForm',
          request: async (t) => ({ officialId: fx(t).official.id, period: (await evaluationOf(t, month)).period }),
          a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A', 'unit_head A', 'official A'],
          b: [...TENANT_READERS, 'official B'],
        },
        {
          method: 'ListEvaluations',
          request: async (t) => ({ unitId: fx(t).unit.id, period: month, pageSize: 100 }),
          a: ['sys_admin', 'hr_admin', 'agency_leader A', 'hr_admin A', 'unit_head A'],
          b: ['sys_admin', 'hr_admin'],
        },
        {
          method: 'SubmitSelfAssessment',
          request: async (t) => ({
            officialId: fx(t).official.id,
            period: month,
            criteria: [{ code: 'INNOVATION', points: String(1 + (++n % 9)) }],
            comment: 'Tự đánh giá',
            version: (await evaluationOf(t, month)).version,
          }),
          a: ['official A'],
          b: ['official B'],
        },
        {
          method: 'CommentOnEvaluation',
          request: async (t) => ({
            officialId: fx(t).official.id,
            period: month,
            text: 'Ý kiến về kết quả',
            appeal: false,
            version: (await selfAssessed(t, month)).version,
          }),
          a: ['official A'],
          b: ['official B'],
        },
        {
          method: 'AdvanceEvaluation',
          request: async (t) => {
            const req = { officialId: fx(t).official.id, period: before };
            const e = await selfAssessed(t, before);
            // The manager's review follows the general criteria recorded.
            const { score } = await unary<scoringV1.GetOfficialScoreResponse>((cb) => tp.clients.scoring.getOfficialScore(req, admin, cb));
            if (!score!.assessmentVersion)
              await unary((cb) =>
                tp.clients.scoring.recordAssessment(
                  scoringV1.RecordAssessmentRequest.fromPartial({ ...req, criteria: [{ code: 'INNOVATION', points: '8' }], version: 0 }),
                  admin,
                  cb,
                ),
              );
            return { ...req, stage: scoringV1.EvaluationStage.EVALUATION_STAGE_MANAGER_REVIEWED, comment: 'Nhận xét', version: e.version };
          },
          a: ['sys_admin', 'hr_admin', 'agency_leader A', 'hr_admin A', 'unit_head A'],
          b: ['sys_admin', 'hr_admin'],
        },
      ];
      return cases;
    })(),
    ...(() => {
      // Past periods of their own, so that the live ones of the cases above stay open.
      const [toClose, toReopen] = ['2025-01', '2025-02'];
      // Closing scores everyone posted: officials created by the cases above must have reached
      // scoring (their posts and their records come on separate topics).
      const scoringKnowsEveryone = () =>
        until('scoring knows every official posted', async () => {
          const [r] = await tp.sql<{ n: number }>(
            'scoring',
            `SELECT count(*)::int AS n FROM membership_ref m
              WHERE NOT m.removed AND m.kind = 'MAIN' AND NOT EXISTS (SELECT 1 FROM official_ref o WHERE o.id = m.official_id AND NOT o.removed)`,
          );
          return r.n === 0 ? true : undefined;
        });
      const periodNow = (period: string) =>
        unary<scoringV1.GetPeriodResponse>((cb) => tp.clients.scoring.getPeriod({ period }, admin, cb)).then((r) => r.period!);
      // This quarter, closed once: its results are those of everyone posted today (the month's cases stay open).
      const month = Number(today.slice(5, 7));
      const quarter = `${today.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
      const closedQuarter = async () => {
        const p = await periodNow(quarter);
        if (p.status !== scoringV1.PeriodStatus.PERIOD_STATUS_CLOSED) {
          // Both targets' officials among the results: scoring must know their posts first.
          for (const f of [A, B])
            await until('scoring knows the officials', () =>
              unary((cb) => tp.clients.scoring.getOfficialScore({ officialId: f.official.id, period: quarter }, admin, cb)).then(
                () => true,
                () => undefined,
              ),
            );
          await scoringKnowsEveryone();
          await unary((cb) => tp.clients.scoring.closePeriod({ period: quarter, version: p.version }, admin, cb));
        }
        return quarter;
      };
      const cases: Case[] = [
        {
          method: 'ListPeriodResults',
          request: async (t) => ({ period: await closedQuarter(), agencyId: fx(t).agency.id, pageSize: 100 }),
          a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A'],
          b: TENANT_READERS,
        },
        {
          method: 'ExportPeriodResults',
          request: async (t) => ({ period: await closedQuarter(), agencyId: fx(t).agency.id }),
          a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A'],
          b: TENANT_READERS,
        },
        {
          method: 'SetQuotaOverride',
          // Withdrawing an override (there is none): allowed or refused, and nothing to keep.
          request: async (t) => ({ period: await closedQuarter(), officialId: fx(t).official.id, keep: false, reason: '' }),
          a: ['sys_admin', 'hr_admin'],
          b: ['sys_admin', 'hr_admin'],
        },
        {
          method: 'GetAnnualResult',
          request: async (t) => ({ officialId: fx(t).official.id, year: Number((await closedQuarter()).slice(0, 4)) }),
          a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A', 'unit_head A', 'official A'],
          b: [...TENANT_READERS, 'official B'],
        },
        {
          method: 'ListAnnualResults',
          request: async (t) => ({ year: Number((await closedQuarter()).slice(0, 4)), agencyId: fx(t).agency.id, pageSize: 100 }),
          a: [...TENANT_READERS, 'agency_leader A', 'hr_admin A'],
          b: TENANT_READERS,
        },
        { method: 'GetPeriod', request: async () => ({ period: toClose }), a: MEMBERS, b: MEMBERS },
        // The tenant's closing day: every member reads it, tenant-wide HR sets it (to the same day each time).
        { method: 'GetScoringSettings', request: async () => ({}), a: MEMBERS, b: MEMBERS },
        {
          method: 'UpdateScoringSettings',
          request: async () => {
            const { settings } = await unary<scoringV1.GetScoringSettingsResponse>((cb) =>
              tp.clients.scoring.getScoringSettings({}, admin, cb),
            );
            return { closingDay: 25, version: settings!.version };
          },
          a: ['sys_admin', 'hr_admin'],
          b: ['sys_admin', 'hr_admin'],
        },
        {
          method: 'ClosePeriod',
          // Open before each call (reopened by the administrator when the last allowed caller closed it).
          request: async () => {
            let p = await periodNow(toClose);
            if (p.status === scoringV1.PeriodStatus.PERIOD_STATUS_CLOSED)
              p = (
                await unary<scoringV1.ReopenPeriodResponse>((cb) =>
                  tp.clients.scoring.reopenPeriod({ period: toClose, version: p.version, reason: 'matrix' }, admin, cb),
                )
              ).period!;
            await scoringKnowsEveryone();
            return { period: toClose, version: p.version };
          },
          a: ['sys_admin', 'hr_admin'],
          b: ['sys_admin', 'hr_admin'],
        },
        {
          method: 'ReopenPeriod',
          request: async () => {
            let p = await periodNow(toReopen);
            if (p.status !== scoringV1.PeriodStatus.PERIOD_STATUS_CLOSED) {
              await scoringKnowsEveryone();
              p = (
                await unary<scoringV1.ClosePeriodResponse>((cb) =>
                  tp.clients.scoring.closePeriod({ period: toReopen, version: p.version }, admin, cb),
                )
              ).period!;
            }
            return { period: toReopen, version: p.version, reason: 'Kiểm tra phân quyền' };
          },
          a: ['sys_admin', 'hr_admin'],
          b: ['sys_admin', 'hr_admin'],
        },
      ];
      return cases;
    })(),
    { method: 'ListAuditRecords', request: async () => ({ pageSize: 20 }), a: ['sys_admin', 'auditor'], b: ['sys_admin', 'auditor'] },
  ];

  it('covers every RPC that has a route, and every route', () => {
    expect(cases.map((c) => c.method).sort()).toEqual(httpApi.HTTP_ROUTES.map((r) => r.method).sort());
  });

  /** Calls over gRPC; resolves with the outcome and the answer. */
  function grpc(route: httpApi.HttpRoute, request: unknown, token: string): Promise<{ code: number; answer?: unknown }> {
    const client = new Client(tp.platform.address(serviceServing(route.service)!.name), credentials.createInsecure());
    const def = route.definition;
    return new Promise((resolve) =>
      client.makeUnaryRequest(
        def.path,
        def.requestSerialize,
        def.responseDeserialize,
        request,
        callMetadata(token),
        (err: ServiceError | null, answer?: unknown) => {
          client.close();
          resolve(err ? { code: err.code } : { code: status.OK, answer });
        },
      ),
    );
  }

  /** Calls the same RPC through the gateway's REST route; HTTP statuses read as gRPC codes. */
  /** A GET request's fields as query parameters: a repeated field once per value, a nested message's fields by their path (filter.query). */
  function queryPairs(json: Record<string, unknown>, prefix = ''): [string, string][] {
    return Object.entries(json).flatMap(([k, v]): [string, string][] => {
      if (v === undefined || v === null) return [];
      if (Array.isArray(v)) return v.map((x): [string, string] => [`${prefix}${k}`, String(x)]);
      if (typeof v === 'object') return queryPairs(v as Record<string, unknown>, `${prefix}${k}.`);
      return [[`${prefix}${k}`, String(v)]];
    });
  }

  async function rest(
    route: httpApi.HttpRoute,
    request: Record<string, unknown>,
    token: string,
  ): Promise<{ code: number; answer?: unknown }> {
    const json = encodeMessage(route.request, request);
    let path = route.template;
    for (const m of route.template.matchAll(/\{([a-z0-9_]+)\}/g)) {
      path = path.replace(m[0], encodeURIComponent(String(json[m[1]])));
      delete json[m[1]];
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let url = `${tp.platform.gatewayUrl}/api${path}`;
    const init: RequestInit = { method: route.verb, headers };
    if (route.body) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(json);
    } else url += `?${new URLSearchParams(queryPairs(json))}`;
    const res = await fetch(url, init);
    const body = (await res.json()) as Record<string, unknown>;
    const code = res.ok ? status.OK : res.status === 403 ? status.PERMISSION_DENIED : res.status === 404 ? status.NOT_FOUND : res.status;
    return { code, answer: res.ok ? decodeMessage(route.response, body) : body };
  }

  /** 'ok', 'refused' (PERMISSION_DENIED or NOT_FOUND, for the call or for every item of an answer per item), or what else came back. */
  function outcomeOf(c: Case, r: { code: number; answer?: unknown }): string {
    if (r.code === status.PERMISSION_DENIED || r.code === status.NOT_FOUND) return 'refused';
    if (r.code !== status.OK) return `code ${r.code}`;
    const items = c.itemErrors?.(r.answer) ?? [];
    const errors = items.filter((e): e is commonV1.ErrorDetail => Boolean(e));
    if (!errors.length) return 'ok';
    if (errors.length === items.length && errors.every((e) => OUT_OF_REACH.includes(e.reason))) return 'refused';
    return `item errors ${errors.map((e) => `${commonV1.errorReasonToJSON(e.reason)} ${e.field}`).join(', ')}`;
  }

  describe.each(cases.map((c) => [c.method, c] as const))('%s', (_, c) => {
    const route = httpApi.HTTP_ROUTES.find((r) => r.method === c.method)!;
    it.each([['gRPC'], ['REST']] as const)('over %s', async (transport) => {
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const target of ['A', 'B'] as const)
        for (const caller of ALL) {
          const request = fullMessage(route.request, await c.request(target));
          const token = tokens.get(caller)!;
          const r = transport === 'gRPC' ? await grpc(route, request, token) : await rest(route, request, token);
          const allowed = (target === 'A' ? c.a : c.b).includes(caller);
          outcomes.push(`${target} ${caller}: ${outcomeOf(c, r)}`);
          expected.push(`${target} ${caller}: ${allowed ? 'ok' : 'refused'}`);
          if (r.code === status.OK && c.shown && c.visible) {
            const visible = await c.visible(caller, target);
            if (visible !== 'any')
              for (const id of c.shown(r.answer))
                expect([c.method, transport, target, caller, id, visible.has(id)]).toEqual([c.method, transport, target, caller, id, true]);
          }
        }
      expect(outcomes).toEqual(expected);
    });
  });
});
