/**
 * What the browser tests share: Debian's Chromium, signing in at the local identity provider's
 * page, and the checks every page passes — no rule of the content security policy broken, no
 * error logged, no WCAG 2.1 A/AA violation axe finds, nothing wider than a phone's screen.
 * Screenshots go to .run/screenshots/ (SCREENSHOT_DIR overrides).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? path.resolve(__dirname, '../../.run/screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
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
}

/**
 * Console errors that are not problems: Chromium's own line for each CSP violation (the listener
 * below reports it with its text), and the two style elements the component library writes
 * without taking a nonce: the table's scrollbar measurement (it measures without it) and the
 * page's scroll lock under a dialog (the page behind stays scrollable). Anything else blocked fails.
 */
const ignored = (text: string) =>
  text.startsWith('Applying inline style violates') ||
  /^CSP style-src-elem "(\\n)*(#rc-scrollbar-measure-|html body \{\\n {2}overflow-y: hidden;)/.test(text);

/** A new browser profile signed in as a demo user (by the name on their button), landing on `at`, with what the page reports to its console. */
export async function signedIn(browser: Browser, gatewayUrl: string, name: string, at: string, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  // What the content security policy blocked, with the start of each blocked text.
  await context.addInitScript(
    `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP ' + e.effectiveDirective + ' ' + JSON.stringify(e.sample)))`,
  );
  await page.goto(`${gatewayUrl}${at}`);
  await page.getByRole('link', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  // Back on the page asked for, signed in.
  await page.waitForURL(`${gatewayUrl}${at}`);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !ignored(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.reload();
  await page
    .getByTestId('user-name')
    .or(page.getByRole('button', { name: 'Mở menu' }))
    .first()
    .waitFor();
  return { page, problems, context };
}

/** WCAG 2.1 A and AA violations axe finds on the page as it is now (contrast included). */
export async function accessibilityViolations(page: Page): Promise<unknown> {
  // Once what moves has settled: text fading in is below the contrast minimum for a moment.
  await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
  await page.evaluate(AXE);
  // A string, run in the page: this file is type-checked without the DOM's types.
  return page.evaluate(`(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  })()`);
}

/** How far the page is wider than the window, in pixels (0 or less: it fits). */
export const overflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - window.innerWidth');

/** A screenshot of the whole page, its animations finished (a drawer caught sliding in shows nothing). */
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
