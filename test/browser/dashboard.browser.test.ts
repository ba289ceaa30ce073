/**
 * The web app in Debian's Chromium: sign in through the identity provider's page and read the
 * dashboard table and chart fed by a work-log entry written over gRPC.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { todayInVietnam } from '@thuocdo/kit';
import { type Browser, chromium } from 'playwright-core';
import { createOrgFixture, dailyWork, logWorkFor, person, startTestPlatform, TENANT, type TestPlatform, until } from '../e2e/support';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../.run/screenshots');

describe('dashboard in a browser', () => {
  let tp: TestPlatform;
  let browser: Browser;
  const today = todayInVietnam();

  beforeAll(async () => {
    tp = await startTestPlatform([
      {
        username: 'lanhdao',
        password: 'x',
        claims: { sub: 'leader-1', tenant: TENANT, roles: ['province_leader'], name: 'Lãnh đạo tỉnh' },
      },
    ]);
    // The sign-in carries no official id: org knows the leader by the account's subject.
    const leader = (await person(tp, [{ role: 'province_leader' }], undefined, 'Lãnh đạo tỉnh', 'leader-1')).token;
    const fx = await createOrgFixture(tp, 'SKHCN');
    await logWorkFor(tp, fx, { quantityDecimal: '3', minutes: 200 });
    await until('the entry and its agency name in analytics', async () => {
      const rows = await dailyWork(tp, leader, today, today);
      return rows.length === 1 && rows[0].agencyName ? true : undefined;
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await tp?.stop();
  });

  it('signs in and shows minutes per agency as a table and a chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(tp.platform.gatewayUrl);
    await page.getByRole('link', { name: /Đăng nhập/ }).click();
    await page.getByRole('button', { name: /Lãnh đạo tỉnh/ }).click();
    await page.waitForURL(`${tp.platform.gatewayUrl}/`);
    await page.locator('#table tbody tr').first().waitFor();

    await expect(page.locator('#user').textContent()).resolves.toBe('Lãnh đạo tỉnh');
    const cells = await page.locator('#table tbody tr').first().locator('td').allTextContents();
    expect(cells).toEqual([today, 'Cơ quan SKHCN', '200', '3,3', '1']);
    expect(await page.locator('#chart rect').count()).toBe(1);
    await expect(page.locator('#legend').textContent()).resolves.toContain('Cơ quan SKHCN');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
  });

  it('asks to sign in again after signing out', async () => {
    const page = await browser.newPage();
    await page.goto(tp.platform.gatewayUrl);
    await page.getByRole('link', { name: /Đăng nhập/ }).click();
    await page.getByRole('button', { name: /Lãnh đạo tỉnh/ }).click();
    await page.locator('#logout').click();
    await page.getByRole('link', { name: /Đăng nhập/ }).waitFor();
    const res = await page.request.get(`${tp.platform.gatewayUrl}/api/v1/analytics/agency-daily-work?from_date=${today}&to_date=${today}`);
    expect(res.status()).toBe(401);
  });
});
