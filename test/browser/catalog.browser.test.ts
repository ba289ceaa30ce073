/**
 * The work-item catalog, its approval queue and the objective tree in Debian's Chromium, against
 * the whole platform: an official finds a Vietnamese item with a query typed without diacritics,
 * an agency leader approves the agency's own (group C) item, and a check-in moves the progress
 * bars of the objective tree. Each test checks that the page broke no rule of the content
 * security policy, logged no error, has no WCAG 2.1 A/AA violation axe finds, and fits a phone.
 * Screenshots go to .run/screenshots/ (SCREENSHOT_DIR overrides).
 */
import type { Metadata } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { catalogV1, objectivesV1, orgV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import type { Browser } from 'playwright-core';
import { adminToken, createOrgFixture, type OrgFixture, person, startTestPlatform, TENANT, type TestPlatform } from '../e2e/support';
import { accessibilityViolations, DESKTOP, launchBrowser, overflow, PHONE, shot, signedIn as signedInAs } from './support';

const USERS = [
  { username: 'official', password: 'x', claims: { sub: 'official-1', tenant: TENANT, roles: [], name: 'Lê Thị Hồng' } },
  { username: 'leader', password: 'x', claims: { sub: 'leader-1', tenant: TENANT, roles: [], name: 'Trần Quốc Dũng' } },
  { username: 'catalog', password: 'x', claims: { sub: 'catalog-1', tenant: TENANT, roles: [], name: 'Phạm Thị Mai' } },
];

const { WorkItemGroup } = catalogV1;
const { PositionCategory } = orgV1;
const { ObjectiveLevel, Commitment, KeyResultKind, Direction } = objectivesV1;

describe('the catalog and the objectives in a browser', () => {
  let tp: TestPlatform;
  let browser: Browser;
  let fx: OrgFixture;
  let admin: Metadata;
  let agencyItem: string;
  const year = Number(todayInVietnam().slice(0, 4));

  /** A work item drafted, submitted and, unless `publish` is false, approved: as a catalog administrator would. */
  async function workItem(code: string, fields: Partial<catalogV1.WorkItemFields>, publish = true): Promise<string> {
    const { workItem: drafted } = await unary<catalogV1.CreateWorkItemResponse>((cb) =>
      tp.clients.catalog.createWorkItem(catalogV1.CreateWorkItemRequest.fromPartial({ code, fields }), admin, cb),
    );
    const { workItem: submitted } = await unary<catalogV1.SubmitWorkItemResponse>((cb) =>
      tp.clients.catalog.submitWorkItem({ id: drafted!.id, version: drafted!.version }, admin, cb),
    );
    if (publish) await unary((cb) => tp.clients.catalog.approveWorkItem({ id: submitted!.id, version: submitted!.version }, admin, cb));
    return drafted!.id;
  }

  beforeAll(async () => {
    tp = await startTestPlatform(USERS);
    admin = callMetadata(await adminToken(tp));
    // Cơ quan STC with its Văn phòng; its leader, and an official who only reads.
    fx = await createOrgFixture(tp, 'STC');
    const home = { agencyId: fx.agency.id, unitId: fx.unit.id };
    const leader = await person(tp, [{ role: 'agency_leader', agencyId: fx.agency.id }], home, 'Trần Quốc Dũng', 'leader-1');
    await person(tp, [], home, 'Lê Thị Hồng', 'official-1');
    await person(tp, [{ role: 'catalog_admin' }], undefined, 'Phạm Thị Mai', 'catalog-1');
    const provinceLeader = await person(tp, [{ role: 'province_leader' }], undefined, 'Hồ Văn Phúc');

    // The tenant's conversion scale, N1–N5, before any item names a complexity group.
    await unary((cb) =>
      tp.clients.catalog.updateConversionScale(
        {
          scale: catalogV1.ConversionScale.fromPartial({
            standardProductName: 'Văn bản hành chính thông thường',
            standardProductMinutes: 60,
            complexityGroups: [100, 125, 150, 175, 200].map((c, i) => ({ code: `N${i + 1}`, coefficientHundredths: c })),
          }),
        },
        admin,
        cb,
      ),
    );
    const shared = {
      group: WorkItemGroup.WORK_ITEM_GROUP_B,
      sector: 'Tổng hợp',
      complexityGroup: 'N3',
      difficulty: { minHundredths: 100, maxHundredths: 130 },
      urgency: { minHundredths: 100, maxHundredths: 120 },
      positionCategories: [PositionCategory.POSITION_CATEGORY_SPECIALIST, PositionCategory.POSITION_CATEGORY_SHARED_SPECIALIST],
    };
    await workItem('B.21', {
      ...shared,
      name: 'Báo cáo tình hình thực hiện nhiệm vụ được giao',
      product: 'Báo cáo định kỳ',
      productUnit: 'báo cáo',
      standardMinutes: 240,
    });
    await workItem('B.22', { ...shared, name: 'Tiếp nhận hồ sơ một cửa', product: 'Hồ sơ', productUnit: 'hồ sơ', standardMinutes: 30 });
    // The agency's own item, submitted and waiting for its leader.
    agencyItem = await workItem(
      'C.STC.01',
      {
        group: WorkItemGroup.WORK_ITEM_GROUP_C,
        agencyId: fx.agency.id,
        name: 'Thẩm định dự toán ngân sách đơn vị',
        sector: 'Tài chính – kế toán',
        product: 'Văn bản thẩm định',
        productUnit: 'văn bản',
        standardMinutes: 480,
        complexityGroup: 'N4',
      },
      false,
    );

    // The province's objective for the year, the agency's aligned to it with one key result its leader reports.
    const period = { year, quarter: 0 };
    const { objective: province } = await unary<objectivesV1.CreateObjectiveResponse>((cb) =>
      tp.clients.objectives.createObjective(
        objectivesV1.CreateObjectiveRequest.fromPartial({
          fields: {
            level: ObjectiveLevel.OBJECTIVE_LEVEL_TENANT,
            ownerOfficialId: provinceLeader.officialId,
            title: 'Chuyển đổi số toàn tỉnh',
            source: {
              kind: objectivesV1.SourceKind.SOURCE_KIND_RESOLUTION,
              number: '09-NQ/TU',
              date: `${year}-01-15`,
              title: 'Về chuyển đổi số',
            },
            commitment: Commitment.COMMITMENT_COMMITTED,
            period,
          },
        }),
        admin,
        cb,
      ),
    );
    const { objective: agency } = await unary<objectivesV1.CreateObjectiveResponse>((cb) =>
      tp.clients.objectives.createObjective(
        objectivesV1.CreateObjectiveRequest.fromPartial({
          fields: {
            level: ObjectiveLevel.OBJECTIVE_LEVEL_AGENCY,
            nodeId: fx.agency.id,
            ownerOfficialId: leader.officialId,
            title: 'Số hoá hồ sơ công việc của Sở',
            parentId: province!.id,
            commitment: Commitment.COMMITMENT_COMMITTED,
            period,
          },
        }),
        admin,
        cb,
      ),
    );
    await unary((cb) =>
      tp.clients.objectives.createKeyResult(
        objectivesV1.CreateKeyResultRequest.fromPartial({
          objectiveId: agency!.id,
          fields: {
            title: 'Tỷ lệ hồ sơ được số hoá',
            kind: KeyResultKind.KEY_RESULT_KIND_PERCENT,
            measureUnit: '%',
            start: 0,
            target: 100,
            direction: Direction.DIRECTION_INCREASING,
            weight: 1,
          },
        }),
        admin,
        cb,
      ),
    );

    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await tp?.stop();
  });

  const signedIn = (name: string, at: string, viewport = DESKTOP) => signedInAs(browser, tp.platform.gatewayUrl, name, at, viewport);

  it('finds a Vietnamese work item by words typed without diacritics and shows every field, on a desktop and a phone', async () => {
    const { page, problems, context } = await signedIn('Lê Thị Hồng', '/catalog');
    await page.getByRole('heading', { name: 'Danh mục đầu công việc' }).waitFor();
    await page.locator('tr.ant-table-row', { hasText: 'Tiếp nhận hồ sơ một cửa' }).waitFor();
    await page.getByLabel('Tìm kiếm').fill('bao cao tinh hinh');
    const row = page.locator('tr.ant-table-row', { hasText: 'Báo cáo tình hình thực hiện nhiệm vụ được giao' });
    await row.waitFor();
    await page.locator('tr.ant-table-row', { hasText: 'Tiếp nhận hồ sơ một cửa' }).waitFor({ state: 'detached' });
    await expect(row.locator('td').allTextContents()).resolves.toEqual([
      'B.21',
      'Báo cáo tình hình thực hiện nhiệm vụ được giao',
      'Báo cáo định kỳ (báo cáo)',
      '240',
      'N3',
      'B',
      'Khó: 1,00–1,30Gấp: 1,00–1,20',
      'Đang áp dụng',
    ]);
    // A reader neither adds items nor sees the menu entries of those who keep the catalog.
    await expect(page.getByRole('button', { name: /Thêm đầu việc/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('menu').getByText('Duyệt danh mục').count()).resolves.toBe(0);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'catalog');

    await row.getByRole('button', { name: 'Báo cáo tình hình thực hiện nhiệm vụ được giao' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Chuyên môn, nghiệp vụ; Chuyên môn dùng chung').waitFor();
    await drawer.getByText(/^Lần 1 · \d{2}\/\d{2}\/\d{4} – Không thời hạn$/).waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'catalog-item');
    expect(problems).toEqual([]);
    await context.close();

    const phone = await signedIn('Lê Thị Hồng', '/catalog', PHONE);
    await phone.page.getByLabel('Tìm kiếm').fill('bao cao tinh hinh');
    await phone.page.locator('tr.ant-table-row', { hasText: 'B.22' }).waitFor({ state: 'detached' });
    await phone.page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await expect(overflow(phone.page)).resolves.toBeLessThanOrEqual(0);
    await expect(accessibilityViolations(phone.page)).resolves.toEqual([]);
    await shot(phone.page, 'catalog-phone');
    await phone.page.locator('tr.ant-table-row', { hasText: 'B.21' }).getByRole('button').click();
    await phone.page
      .getByRole('dialog')
      .getByText(/^Lần 1 · /)
      .waitFor();
    await expect(accessibilityViolations(phone.page)).resolves.toEqual([]);
    await shot(phone.page, 'catalog-item-phone');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('lets an agency leader approve the agency’s submitted item, which is then in force', async () => {
    const { page, problems, context } = await signedIn('Trần Quốc Dũng', '/catalog/approvals');
    await page.getByRole('heading', { name: 'Duyệt danh mục công việc' }).waitFor();
    await expect(page.getByRole('menu').getByText('Nhập danh mục').count()).resolves.toBe(0);
    const row = page.locator('tr.ant-table-row', { hasText: 'Thẩm định dự toán ngân sách đơn vị' });
    await row.waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'approvals');
    await row.getByRole('button', { name: 'Duyệt C.STC.01' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText('Đã duyệt C.STC.01').waitFor();
    await page.getByText('Không có đầu việc nào chờ duyệt.').waitFor();

    const { workItem } = await unary<catalogV1.GetWorkItemResponse>((cb) =>
      tp.clients.catalog.getWorkItem({ id: agencyItem, onDate: '', revision: 0 }, admin, cb),
    );
    expect([workItem!.status, workItem!.publishedRevision]).toEqual([catalogV1.WorkItemStatus.WORK_ITEM_STATUS_PUBLISHED, 1]);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'approvals-done');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('walks the objective tree and checks in a key result, after which the bars of the objective and the one above it follow', async () => {
    const { page, problems, context } = await signedIn('Trần Quốc Dũng', '/objectives');
    const tree = page.getByRole('tree', { name: 'Cây mục tiêu' });
    await tree.getByText('Chuyển đổi số toàn tỉnh').waitFor();
    // Nothing reported yet: the key result stands at its start, and the province's objective with it.
    const bar = (name: string) => tree.getByRole('progressbar', { name: new RegExp(`^Tiến độ ${name}: `) });
    await expect(bar('Chuyển đổi số toàn tỉnh').getAttribute('aria-valuenow')).resolves.toBe('0');
    await tree.locator('[role="treeitem"]', { hasText: 'Chuyển đổi số toàn tỉnh' }).locator('.ant-tree-switcher').click();
    await tree.getByText('Số hoá hồ sơ công việc của Sở').click();
    const kr = page.locator('.ant-card', { hasText: 'Tỷ lệ hồ sơ được số hoá' }).last();
    await kr.getByText('Chưa cập nhật').waitFor();
    // The leader owns the agency's objective: the panel says so.
    await page.locator('.ant-descriptions', { hasText: 'Người chịu trách nhiệm' }).first().getByText('Bạn', { exact: true }).waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'objectives');

    await kr.getByRole('button', { name: 'Cập nhật kết quả: Tỷ lệ hồ sơ được số hoá' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Giá trị (%)').fill('80');
    await dialog.getByLabel('Độ tin cậy đạt mục tiêu (%)').fill('70');
    await dialog.getByLabel('Ghi chú').fill('Đã số hoá 80% hồ sơ năm trước');
    await shot(page, 'objectives-check-in');
    await dialog.getByRole('button', { name: 'Gửi' }).click();
    await page.getByText('Đã cập nhật kết quả').waitFor();

    await expect(bar('Số hoá hồ sơ công việc của Sở').getAttribute('aria-valuenow')).resolves.toBe('80');
    // A function, not a string: the page's CSP forbids eval, which a string predicate can need when polled.
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document
          .querySelector('[role=tree] [role=progressbar][aria-label^="Tiến độ Chuyển đổi số toàn tỉnh"]')
          ?.getAttribute('aria-valuenow') === '80',
    );
    await expect(bar('Chuyển đổi số toàn tỉnh').getAttribute('aria-label')).resolves.toBe(
      'Tiến độ Chuyển đổi số toàn tỉnh: 80% (đúng tiến độ)',
    );
    await kr.getByText('Lịch sử cập nhật').click();
    await kr.getByText('Đã số hoá 80% hồ sơ năm trước').waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'objectives-checked-in');
    expect(problems).toEqual([]);
    await context.close();

    const phone = await signedIn('Trần Quốc Dũng', '/objectives', PHONE);
    const phoneTree = phone.page.getByRole('tree', { name: 'Cây mục tiêu' });
    await phoneTree.getByText('Chuyển đổi số toàn tỉnh').click();
    await phone.page.getByText('Tiến độ được tính từ các mục tiêu cấp dưới.').waitFor();
    await expect(overflow(phone.page)).resolves.toBeLessThanOrEqual(0);
    await expect(accessibilityViolations(phone.page)).resolves.toEqual([]);
    await shot(phone.page, 'objectives-phone');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('lets a catalog administrator import a spreadsheet (its problem read first, the corrected file published at once) and draft an item', async () => {
    const { page, problems, context } = await signedIn('Phạm Thị Mai', '/catalog/import');
    await page.getByRole('heading', { name: 'Nhập danh mục đầu công việc' }).waitFor();
    const header = 'Mã,Nhóm,Lĩnh vực,Tên đầu công việc,Sản phẩm,Đơn vị tính,Thời gian chuẩn (phút),Nhóm độ phức tạp';
    const check = async (rows: string[]) => {
      await page.locator('input[type=file]').setInputFiles({
        name: 'danh-muc.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${header}\n${rows.join('\n')}\n`),
      });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    };
    await check([
      'D.31,D,Khác,Tham gia hoạt động công đoàn,Buổi sinh hoạt,buổi,120,N1',
      'D.32,E,Khác,Trực cơ quan ngày lễ,Ca trực,ca,480,N2',
    ]);
    await page.getByText('Có 1 lỗi; chưa có đầu việc nào được nhập').waitFor();
    await expect(page.locator('tr.ant-table-row').first().locator('td').nth(1).textContent()).resolves.toBe('Nhóm');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'catalog-import-problems');
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Tải báo cáo lỗi/ }).click()]);
    expect(report.suggestedFilename()).toMatch(/\.xlsx$/);

    await page.getByRole('button', { name: 'Chọn tệp khác' }).click();
    await check([
      'D.31,D,Khác,Tham gia hoạt động công đoàn,Buổi sinh hoạt,buổi,120,N1',
      'D.32,D,Khác,Trực cơ quan ngày lễ,Ca trực,ca,480,N2',
    ]);
    await page.getByText('danh-muc.csv: 2 dòng, không có lỗi').waitFor();
    await page.getByRole('checkbox', { name: 'Ban hành ngay (không qua duyệt)' }).check();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'catalog-import-ready');
    await page.getByRole('button', { name: 'Nhập danh mục' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Nhập danh mục' }).click();
    await page.getByText('Đã thêm và ban hành 2 đầu việc').waitFor();
    await shot(page, 'catalog-import-done');

    // In force at once: an official's search finds it.
    const { workItems } = await unary<catalogV1.ListWorkItemsResponse>((cb) =>
      tp.clients.catalog.listWorkItems(catalogV1.ListWorkItemsRequest.fromPartial({ query: 'cong doan' }), admin, cb),
    );
    expect(workItems.map((w) => [w.code, w.status])).toEqual([['D.31', catalogV1.WorkItemStatus.WORK_ITEM_STATUS_PUBLISHED]]);

    // A draft through the form, sent for approval from its details.
    await page.goto(`${tp.platform.gatewayUrl}/catalog`);
    await page.getByRole('button', { name: /Thêm đầu việc/ }).click();
    const form = page.getByRole('dialog', { name: 'Thêm đầu việc (bản nháp)' });
    await form.getByLabel('Mã', { exact: true }).fill('B.61');
    await form.getByLabel('Tên đầu việc').fill('Tổng hợp ý kiến góp ý dự thảo văn bản');
    await form.getByLabel('Đơn vị sản phẩm').fill('văn bản');
    await form.getByLabel('Thời gian chuẩn (phút)').fill('90');
    await form.getByLabel('Hỗ trợ, phục vụ').check();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'catalog-form');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã tạo bản nháp B.61').waitFor();
    const drawer = page.getByRole('dialog', { name: /B\.61/ });
    await drawer.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByText('Đã gửi duyệt', { exact: true }).waitFor();
    await drawer.getByText('Chờ duyệt').waitFor();
    expect(problems).toEqual([]);
    await context.close();

    const phone = await signedIn('Phạm Thị Mai', '/catalog/import', PHONE);
    await phone.page.getByText('Bấm hoặc kéo tệp vào đây').waitFor();
    await expect(overflow(phone.page)).resolves.toBeLessThanOrEqual(0);
    await expect(accessibilityViolations(phone.page)).resolves.toEqual([]);
    await shot(phone.page, 'catalog-import-phone');
    await phone.page.getByRole('button', { name: 'Mở menu' }).click();
    await phone.page.getByRole('dialog').getByText('Danh mục công việc').click();
    await phone.page.getByRole('dialog').getByRole('link', { name: 'Duyệt danh mục' }).waitFor();
    await shot(phone.page, 'menu-phone-catalog');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });
});
