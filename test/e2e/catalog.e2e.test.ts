/**
 * The work-item catalog end to end, as its users meet it: an agency head drafts and approves
 * their agency's own items (group C), catalog administrators the province's; officials see only
 * what is in force; worklog learns each published revision from the catalog's events and officials
 * log against it; a KPI working group imports and exports its catalog as a spreadsheet through
 * the gateway, and an invalid file writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { catalogV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import { readFiles, writeWorkbook } from '@thuocdo/sheets';
import { COLUMNS } from '../../services/catalog/src/domain/catalog-sheet';
import {
  adminToken,
  createOrgFixture,
  failure,
  logWorkFor,
  type OrgFixture,
  person,
  startTestPlatform,
  type TestPlatform,
  until,
} from './support';

describe('work-item catalog', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let admin: Metadata;
  let head: Metadata;
  let headToken: string;
  let catalogAdmin: Metadata;
  let official: Metadata;
  const today = todayInVietnam();

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'CAT');
    admin = callMetadata(await adminToken(tp));
    headToken = (await person(tp, [{ role: 'agency_leader', agencyId: fx.agency.id }], { agencyId: fx.agency.id, unitId: fx.unit.id }))
      .token;
    head = callMetadata(headToken);
    catalogAdmin = callMetadata((await person(tp, [{ role: 'catalog_admin' }])).token);
    official = callMetadata(fx.officialToken);
  });
  afterAll(() => tp?.stop());

  const c = () => tp.clients.catalog;
  const fields = (patch: Partial<catalogV1.WorkItemFields> = {}) =>
    catalogV1.WorkItemFields.fromPartial({
      name: 'Thẩm định hồ sơ thành lập hội',
      group: catalogV1.WorkItemGroup.WORK_ITEM_GROUP_C,
      sector: 'Tổ chức phi chính phủ',
      product: 'Báo cáo thẩm định',
      productUnit: 'hồ sơ',
      standardMinutes: 240,
      agencyId: fx.agency.id,
      ...patch,
    });
  const get = (md: Metadata, req: Partial<catalogV1.GetWorkItemRequest>) =>
    unary<catalogV1.GetWorkItemResponse>((cb) => c().getWorkItem(catalogV1.GetWorkItemRequest.fromPartial(req), md, cb)).then(
      (r) => r.workItem!,
    );

  it('takes a group C item from draft to published by its agency head, and officials see it only then; worklog logs against it', async () => {
    const code = `C.CAT.${randomUUID().slice(0, 4)}`;
    const { workItem: draft } = await unary<catalogV1.CreateWorkItemResponse>((cb) =>
      c().createWorkItem(catalogV1.CreateWorkItemRequest.fromPartial({ code, fields: fields() }), head, cb),
    );
    expect(draft).toMatchObject({ status: catalogV1.WorkItemStatus.WORK_ITEM_STATUS_DRAFT, revision: 1, publishedRevision: 0 });
    expect((await failure((m, cb) => c().getWorkItem({ id: draft!.id, onDate: '', revision: 0 }, m, cb), official)).code).toBe(
      status.NOT_FOUND,
    );
    const { workItem: submitted } = await unary<catalogV1.SubmitWorkItemResponse>((cb) =>
      c().submitWorkItem({ id: draft!.id, version: draft!.version }, head, cb),
    );
    // Group C is its agency head's to approve, not the province's catalog administrators'.
    expect((await failure((m, cb) => c().approveWorkItem({ id: draft!.id, version: submitted!.version }, m, cb), catalogAdmin)).code).toBe(
      status.PERMISSION_DENIED,
    );
    const { workItem: published } = await unary<catalogV1.ApproveWorkItemResponse>((cb) =>
      c().approveWorkItem({ id: draft!.id, version: submitted!.version }, head, cb),
    );
    expect(published).toMatchObject({
      status: catalogV1.WorkItemStatus.WORK_ITEM_STATUS_PUBLISHED,
      publishedRevision: 1,
      effectiveFrom: today,
    });
    expect(published!.approved?.by).toBeTruthy();
    expect((await get(official, { id: draft!.id })).name).toBe('Thẩm định hồ sơ thành lập hội');
    await until('worklog to know the published item', async () => {
      const rows = await tp.sql(
        'worklog',
        'SELECT standard_minutes FROM work_item_revision_ref WHERE work_item_id = $1 ORDER BY revision DESC LIMIT 1',
        [draft!.id],
      );
      return rows[0]?.standard_minutes === 240;
    });
    await logWorkFor(tp, fx, { workItemId: draft!.id, quantityDecimal: '1', minutes: 240 });

    // The next revision is drafted while the first stays in force, for officials and for worklog.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const { workItem: draft2 } = await unary<catalogV1.UpdateWorkItemResponse>((cb) =>
      c().updateWorkItem(
        { id: draft!.id, version: published!.version, fields: fields({ standardMinutes: 180, effectiveFrom: tomorrow }) },
        head,
        cb,
      ),
    );
    expect(draft2).toMatchObject({ status: catalogV1.WorkItemStatus.WORK_ITEM_STATUS_DRAFT, revision: 2, publishedRevision: 1 });
    expect((await get(official, { id: draft!.id })).standardMinutes).toBe(240);
    expect((await get(official, { id: draft!.id, revision: 1 })).standardMinutes).toBe(240);
    const stale = await failure((m, cb) => c().submitWorkItem({ id: draft!.id, version: published!.version }, m, cb), head);
    expect(stale.code).toBe(status.ABORTED);
    const { revisions } = await unary<catalogV1.ListWorkItemRevisionsResponse>((cb) =>
      c().listWorkItemRevisions({ id: draft!.id, pageSize: 0, pageToken: '' }, official, cb),
    );
    expect(revisions.map((r) => r.revision)).toEqual([1]);
    expect(
      (
        await tp.sql(
          'worklog',
          'SELECT standard_minutes FROM work_item_revision_ref WHERE work_item_id = $1 ORDER BY revision DESC LIMIT 1',
          [draft!.id],
        )
      )[0].standard_minutes,
    ).toBe(240);
  });

  it('lets an integrator search the catalog without diacritics and filter it, page by page', async () => {
    for (const [code, name, group] of [
      ['B.SR1', 'Thẩm định văn bản quy phạm', catalogV1.WorkItemGroup.WORK_ITEM_GROUP_B],
      ['B.SR2', 'Tiếp nhận hồ sơ một cửa', catalogV1.WorkItemGroup.WORK_ITEM_GROUP_B],
      ['D.SR3', 'Thẩm định thi đua khen thưởng', catalogV1.WorkItemGroup.WORK_ITEM_GROUP_D],
    ] as const) {
      const { workItem } = await unary<catalogV1.CreateWorkItemResponse>((cb) =>
        c().createWorkItem(
          catalogV1.CreateWorkItemRequest.fromPartial({ code, fields: fields({ name, group, agencyId: '', product: '', sector: '' }) }),
          catalogAdmin,
          cb,
        ),
      );
      const { workItem: s } = await unary<catalogV1.SubmitWorkItemResponse>((cb) =>
        c().submitWorkItem({ id: workItem!.id, version: workItem!.version }, catalogAdmin, cb),
      );
      await unary((cb) => c().approveWorkItem({ id: s!.id, version: s!.version }, catalogAdmin, cb));
    }
    const list = (req: Partial<catalogV1.ListWorkItemsRequest>) =>
      unary<catalogV1.ListWorkItemsResponse>((cb) => c().listWorkItems(catalogV1.ListWorkItemsRequest.fromPartial(req), official, cb));
    expect((await list({ query: 'THAM DINH', codePrefix: '' })).workItems.map((w) => w.code).filter((x) => x.includes('.SR'))).toEqual([
      'B.SR1',
      'D.SR3',
    ]);
    const first = await list({ query: 'tham dinh', pageSize: 1 });
    const second = await list({ query: 'tham dinh', pageSize: 1, pageToken: first.nextPageToken });
    expect(first.workItems[0].code < second.workItems[0].code).toBe(true);
    expect((await list({ groups: [catalogV1.WorkItemGroup.WORK_ITEM_GROUP_D], query: 'tham dinh' })).workItems.map((w) => w.code)).toEqual([
      'D.SR3',
    ]);
    // Drafts are not the officials' to list.
    expect(
      (
        await failure(
          (m, cb) =>
            c().listWorkItems(catalogV1.ListWorkItemsRequest.fromPartial({ view: catalogV1.WorkItemView.WORK_ITEM_VIEW_WORKING }), m, cb),
          official,
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
  });

  it('imports a catalog spreadsheet through the gateway all or nothing, with a report, and exports it back', async () => {
    const header = COLUMNS.map((col) => col.vi);
    const row = (code: string, patch: Record<string, string> = {}) => {
      const v: Record<string, string> = {
        code,
        group: 'C',
        sector: 'Văn thư',
        name: `Lập hồ sơ lưu trữ ${code}`,
        productUnit: 'hồ sơ',
        standardMinutes: '45',
        agencyCode: fx.agency.code,
        ...patch,
      };
      return COLUMNS.map((col) => v[col.key] ?? '');
    };
    const post = async (rows: string[][], body: Record<string, unknown>) => {
      const content = await writeWorkbook([{ name: 'Danh mục', rows: [header, ...rows] }]);
      const res = await fetch(`${tp.platform.gatewayUrl}/api/v1/work-items:import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${headToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ file_name: 'danh-muc.xlsx', content: content.toString('base64'), ...body }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const bad = await post([row('C.IM1'), row('C.IM2', { standardMinutes: '0' }), row('C.IM1')], { publish: true });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ row_count: 3, created_count: 0, issue_count: 2 });
    expect(bad.body.issues.map((i: any) => [i.row, i.column])).toEqual([
      [3, 'Thời gian chuẩn (phút)'],
      [4, 'Mã'],
    ]);
    const report = await readFiles([{ name: 'r.xlsx', content: Buffer.from(bad.body.report.content, 'base64') }]);
    expect(report.sheets[0].rows.length).toBe(4);
    expect((await tp.sql('catalog', "SELECT count(*)::int AS n FROM work_item WHERE code LIKE 'C.IM%'"))[0].n).toBe(0);

    const good = await post([row('C.IM1'), row('C.IM2')], { publish: true });
    expect(good.body).toMatchObject({ row_count: 2, created_count: 2, issue_count: 0 });
    const exported = await fetch(`${tp.platform.gatewayUrl}/api/v1/work-items:export?filter.code_prefix=C.IM`, {
      headers: { authorization: `Bearer ${fx.officialToken}` },
    });
    expect(exported.status).toBe(200);
    const file = ((await exported.json()) as any).file;
    const back = await readFiles([{ name: file.name, content: Buffer.from(file.content, 'base64') }]);
    expect(back.sheets[0].rows.slice(1).map((r) => [r.cells[0], r.cells[COLUMNS.findIndex((col) => col.key === 'agencyCode')]])).toEqual([
      ['C.IM1', fx.agency.code],
      ['C.IM2', fx.agency.code],
    ]);
  });

  it('keeps the conversion scale as tenant data, refusing a stale version', async () => {
    const scale = {
      standardProductName: 'Văn bản thông thường',
      standardProductMinutes: 60,
      complexityGroups: [{ code: 'N1', coefficientHundredths: 100 }],
    };
    const { scale: before } = await unary<catalogV1.GetConversionScaleResponse>((cb) => c().getConversionScale({}, official, cb));
    const { scale: saved } = await unary<catalogV1.UpdateConversionScaleResponse>((cb) =>
      c().updateConversionScale({ scale: catalogV1.ConversionScale.fromPartial({ ...scale, version: before?.version ?? 0 }) }, admin, cb),
    );
    expect(saved?.version).toBe((before?.version ?? 0) + 1);
    const stale = await failure(
      (m, cb) =>
        c().updateConversionScale({ scale: catalogV1.ConversionScale.fromPartial({ ...scale, version: before?.version ?? 0 }) }, m, cb),
      admin,
    );
    expect(stale.code).toBe(status.ABORTED);
    expect(
      (
        await failure(
          (m, cb) =>
            c().updateConversionScale({ scale: catalogV1.ConversionScale.fromPartial({ ...scale, version: saved!.version }) }, m, cb),
          head,
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
  });
});
