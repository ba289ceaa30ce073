/**
 * The web app in Debian's Chromium, against the whole platform: sign in at the identity
 * provider's page, then every page as the people it is for use it. Each test checks that the
 * page broke no rule of the content security policy and logged no error, and that axe finds no
 * WCAG 2.1 A/AA violation (contrast included). Screenshots go to .run/screenshots/.
 */
import { todayInVietnam } from '@thuocdo/kit';
import { orgV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import type { Browser } from 'playwright-core';
import {
  adminToken,
  createOrgFixture,
  dailyWork,
  logWorkFor,
  type OrgFixture,
  person,
  startTestPlatform,
  TENANT,
  type TestPlatform,
  until,
  untilDirectoryHas,
} from '../e2e/support';
import { accessibilityViolations, DESKTOP, launchBrowser, overflow, PHONE, shot, signedIn as signedInAs } from './support';

const USERS = [
  { username: 'hr', password: 'x', claims: { sub: 'hr-1', tenant: TENANT, roles: [], name: 'Nguyễn Thị Hoa' } },
  { username: 'leader', password: 'x', claims: { sub: 'leader-1', tenant: TENANT, roles: [], name: 'Lãnh đạo tỉnh' } },
];

describe('the web app in a browser', () => {
  let tp: TestPlatform;
  let browser: Browser;
  let fx: OrgFixture;
  let budgetUnit: string;
  let teamUnit: string;
  let dao: string;
  const today = todayInVietnam();

  beforeAll(async () => {
    tp = await startTestPlatform(USERS);
    const admin = callMetadata(await adminToken(tp));
    const org = tp.clients.org;
    // Cơ quan STC (the fixture: Văn phòng, Nguyễn Văn An, a work item), Phòng Ngân sách → Tổ Dự toán.
    fx = await createOrgFixture(tp, 'STC');
    const unit = async (code: string, name: string, parent = '') =>
      (
        await unary<orgV1.CreateUnitResponse>((cb) =>
          org.createUnit(
            orgV1.CreateUnitRequest.fromPartial({ agencyId: fx.agency.id, parentUnitId: parent, code, name, validFrom: '2020-01-01' }),
            admin,
            cb,
          ),
        )
      ).unit!.id;
    budgetUnit = await unit('NS', 'Phòng Ngân sách');
    teamUnit = await unit('DT', 'Tổ Dự toán', budgetUnit);
    // Đặng Thị Đào: in Phòng Ngân sách from 2024, moved to Tổ Dự toán on 01/07/2025.
    dao = (
      await unary<orgV1.CreateOfficialResponse>((cb) =>
        org.createOfficial(
          orgV1.CreateOfficialRequest.fromPartial({
            agencyId: fx.agency.id,
            unitId: budgetUnit,
            fullName: 'Đặng Thị Đào',
            staffCode: 'STC-042',
            category: 2,
            validFrom: '2024-01-01',
          }),
          admin,
          cb,
        ),
      )
    ).official!.id;
    await unary((cb) =>
      org.assignPost(
        orgV1.AssignPostRequest.fromPartial({ officialId: dao, unitId: teamUnit, kind: 1, validFrom: '2025-07-01' }),
        admin,
        cb,
      ),
    );
    await person(
      tp,
      [{ role: 'hr_admin', agencyId: fx.agency.id }],
      { agencyId: fx.agency.id, unitId: fx.unit.id },
      'Nguyễn Thị Hoa',
      'hr-1',
    );
    const leader = await person(tp, [{ role: 'province_leader' }], undefined, 'Lãnh đạo tỉnh', 'leader-1');
    await untilDirectoryHas(tp, [dao, budgetUnit, teamUnit]);
    await logWorkFor(tp, fx, { quantityDecimal: '3', minutes: 200 });
    await until('the entry and its agency name in analytics', async () => {
      const rows = await dailyWork(tp, leader.token, today, today);
      return rows.length === 1 && rows[0].agencyName ? true : undefined;
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await tp?.stop();
  });

  const signedIn = (name: string, at: string, viewport = DESKTOP) => signedInAs(browser, tp.platform.gatewayUrl, name, at, viewport);

  it('shows the signed-in person with their post and grants, and signs out at the provider', async () => {
    const { page, problems, context } = await signedIn('Nguyễn Thị Hoa', '/me');
    await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
    const grants = page.locator('.ant-card', { hasText: 'Quyền được cấp' });
    await grants.getByText('Quản trị nhân sự').waitFor();
    await expect(grants.getByText('Cơ quan STC').count()).resolves.toBe(1);
    const posts = page.locator('.ant-card', { hasText: 'Vị trí công tác hiện tại' });
    await expect(posts.locator('tr.ant-table-row').first().locator('td').allTextContents()).resolves.toEqual([
      'Văn phòng',
      'Cơ quan STC',
      '',
      'Chính',
      '01/01/2020',
    ]);
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Nguyễn Thị Hoa');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'me');
    expect(problems).toEqual([]);

    await page.getByRole('button', { name: 'Đăng xuất' }).first().click();
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    const after = await page.request.get(`${tp.platform.gatewayUrl}/api/v1/me`);
    expect(after.status()).toBe(401);
    await context.close();
  });

  it('walks the org tree, lists a unit’s people, finds a person without diacritics and opens their history', async () => {
    const { page, problems, context } = await signedIn('Nguyễn Thị Hoa', '/org');
    const tree = page.getByRole('tree', { name: 'Đơn vị' });
    await tree.getByText('Phòng Ngân sách (NS)').waitFor();
    await expect(tree.getByText('Tổ Dự toán (DT)').count()).resolves.toBe(0);
    await tree.locator('[role="treeitem"]', { hasText: 'Phòng Ngân sách (NS)' }).locator('.ant-tree-switcher').click();
    await tree.getByText('Tổ Dự toán (DT)').click();
    await page.getByRole('heading', { name: 'Cán bộ của Tổ Dự toán' }).waitFor();
    await page.getByRole('link', { name: 'Đặng Thị Đào' }).waitFor();
    expect(page.url()).toContain(`unit=${teamUnit}`);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'org');

    await page.getByLabel('Tìm kiếm').fill('dang thi dao');
    const found = page.locator('.ant-card', { hasText: 'Cán bộ tìm thấy' });
    await found.getByRole('link', { name: 'Đặng Thị Đào' }).click();
    await page.waitForURL(`**/officials/${dao}`);
    await page.getByRole('heading', { name: 'Đặng Thị Đào', level: 1 }).waitFor();
    const rows = page.locator('.ant-card', { hasText: 'Quá trình công tác' }).locator('tr.ant-table-row');
    await rows.nth(1).waitFor();
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).locator('td').allTextContents()).resolves.toEqual([
      '01/07/2025',
      'Hiện tại',
      'Tổ Dự toán',
      'Cơ quan STC',
      '',
      'Chính',
      '',
    ]);
    await expect(rows.nth(1).locator('td').allTextContents()).resolves.toEqual([
      '01/01/2024',
      '01/07/2025',
      'Phòng Ngân sách',
      'Cơ quan STC',
      '',
      'Chính',
      'Điều động, chuyển công tác',
    ]);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'official');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('grants a role over a unit, which org then holds', async () => {
    const { page, problems, context } = await signedIn('Nguyễn Thị Hoa', '/grants');
    await page.getByRole('heading', { name: 'Phân quyền' }).waitFor();
    await page.locator('tr.ant-table-row', { hasText: 'Nguyễn Thị Hoa' }).waitFor();
    await page.getByRole('button', { name: 'Cấp quyền' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Cán bộ' }).fill('dao');
    await page.getByTitle('Đặng Thị Đào (STC-042)').click();
    await dialog.getByRole('combobox', { name: 'Vai trò' }).click();
    await page.getByTitle('Trưởng/phó phòng').click();
    await dialog.getByRole('combobox', { name: 'Loại phạm vi' }).click();
    await page.getByTitle('Đơn vị và cấp dưới').click();
    await dialog.getByRole('combobox', { name: 'Cơ quan' }).click();
    await page.getByTitle('Cơ quan STC').click();
    await dialog.getByRole('combobox', { name: 'Đơn vị' }).fill('du toan');
    await page.getByTitle('Tổ Dự toán (DT)').click();
    await shot(page, 'grant-form');
    await dialog.getByRole('button', { name: 'Cấp quyền' }).click();
    await page.getByText('Đã cấp quyền').waitFor();
    await page.locator('tr.ant-table-row', { hasText: 'Đặng Thị Đào' }).getByText('Tổ Dự toán').waitFor();

    const admin = callMetadata(await adminToken(tp));
    const held = await unary<orgV1.ListRoleGrantsResponse>((cb) =>
      tp.clients.org.listRoleGrants(orgV1.ListRoleGrantsRequest.fromPartial({ officialId: dao }), admin, cb),
    );
    expect(held.roleGrants.map((g) => [g.role, g.nodeId, g.validFrom])).toEqual([['unit_head', teamUnit, today]]);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'grants');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the leader hours by agency as a chart and a table', async () => {
    const { page, problems, context } = await signedIn('Lãnh đạo tỉnh', '/dashboard');
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    const table = page.locator('.ant-card', { hasText: 'Tổng hợp theo cơ quan' });
    await table.locator('tr.ant-table-row', { hasText: 'Cơ quan STC' }).waitFor();
    const cells = await table.locator('tr.ant-table-row').first().locator('td').allTextContents();
    expect(cells).toEqual(['Cơ quan STC', '3,3', '200', '1']);
    const chart = page.getByRole('figure', { name: 'Số giờ theo cơ quan (15 cơ quan nhiều nhất)' });
    await expect(chart.locator('svg path').count()).resolves.toBeGreaterThan(0);
    await expect(chart.locator('svg text', { hasText: 'Cơ quan STC' }).count()).resolves.toBe(1);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'dashboard');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('imports staff from a CSV file: reports the bad row with a downloadable report, writes the corrected file once confirmed, and exports', async () => {
    const { page, problems, context } = await signedIn('Nguyễn Thị Hoa', `/import?agency=${fx.agency.id}`);
    await page.getByRole('heading', { name: 'Nhập, xuất dữ liệu tổ chức và cán bộ' }).waitFor();
    const header = 'Mã cán bộ,Họ và tên,Thư điện tử,Loại,Mã đơn vị,Mã vị trí,Ngày bắt đầu,Tài khoản đăng nhập';
    const upload = async (rows: string[]) => {
      await page.locator('input[type=file]').setInputFiles({
        name: 'can-bo.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${header}\n${rows.join('\n')}\n`),
      });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    };
    await upload(['IMP-001,Phạm Quốc Bảo,bao@stc.example.gov.vn,Công chức,VP,,,', 'IMP-002,Võ Thị Thu Hà,,Công chức,KHONGCO,,,']);
    await page.getByText('Có 1 lỗi; chưa có dữ liệu nào được ghi').waitFor();
    const issue = page.locator('tr.ant-table-row', { hasText: 'KHONGCO' });
    // The summary can show before the table's rows are drawn: wait for the row, then read it.
    await issue.waitFor();
    await expect(issue.locator('td').allTextContents()).resolves.toEqual(['Cán bộ', '3', 'Mã đơn vị', 'Không có đơn vị mã KHONGCO']);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'import-problems');
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Tải báo cáo lỗi/ }).click()]);
    expect(report.suggestedFilename()).toMatch(/^loi-nhap-du-lieu-[0-9a-f]{8}\.xlsx$/);

    await page.getByRole('button', { name: 'Nhập tệp khác' }).click();
    await upload(['IMP-001,Phạm Quốc Bảo,bao@stc.example.gov.vn,Công chức,VP,,,', 'IMP-002,Võ Thị Thu Hà,,Công chức,VP,,,']);
    await page.getByText('Đã kiểm tra can-bo.csv: không có lỗi').waitFor();
    await expect(page.locator('.ant-descriptions-item-content').first().textContent()).resolves.toBe('0');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'import-ready');
    await page.getByRole('button', { name: 'Xác nhận và ghi' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Xác nhận và ghi' }).click();
    await page.getByText('Đã ghi dữ liệu').waitFor();
    // The list of imports follows: the written one first, the one with the problem after it.
    const history = page.locator('.ant-card', { hasText: 'Các lần nhập' }).locator('tr.ant-table-row');
    await history.first().getByText('Đã ghi').waitFor();
    await expect(history.nth(1).getByText('Có lỗi').count()).resolves.toBe(1);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'import-done');
    const admin = callMetadata(await adminToken(tp));
    const { officials } = await unary<orgV1.ListOfficialsResponse>((cb) =>
      tp.clients.org.listOfficials(orgV1.ListOfficialsRequest.fromPartial({ agencyId: fx.agency.id, query: 'imp' }), admin, cb),
    );
    expect(officials.map((o) => o.staffCode).sort()).toEqual(['IMP-001', 'IMP-002']);

    const [chart] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất sơ đồ tổ chức (.xlsx)' }).click(),
    ]);
    expect(chart.suggestedFilename()).toMatch(/^stc-\d{4}-\d{2}-\d{2}-so-do-to-chuc\.xlsx$/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a phone: the menu in a drawer, nothing wider than the screen, and the skip link first in keyboard order', async () => {
    const at = `/org?agency=${fx.agency.id}&unit=${budgetUnit}`;
    const { page, problems, context } = await signedIn('Nguyễn Thị Hoa', at, PHONE);
    await page.getByRole('link', { name: 'Đặng Thị Đào' }).waitFor();
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await shot(page, 'org-phone');
    await page.getByRole('button', { name: 'Mở menu' }).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Phân quyền' }).waitFor();
    await shot(page, 'menu-phone');
    await page.getByRole('dialog').getByRole('link', { name: 'Phân quyền' }).click();
    await page.getByRole('heading', { name: 'Phân quyền' }).waitFor();

    // From the top of a freshly loaded page, the first Tab reaches the skip link.
    await page.reload();
    await page.getByRole('heading', { name: 'Phân quyền' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Bỏ qua đến nội dung chính');

    // The import page fits the phone too, its list of imports included.
    await page.goto(`${tp.platform.gatewayUrl}/import?agency=${fx.agency.id}`);
    await page.getByRole('heading', { name: 'Nhập, xuất dữ liệu tổ chức và cán bộ' }).waitFor();
    await page.getByText('Các lần nhập').waitFor();
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'import-phone');
    expect(problems).toEqual([]);
    await context.close();
  });
});
