/**
 * The web app's PNG icons (services/web/public/icons: the manifest's 192 and 512 px icons, the
 * maskable one, the Apple touch icon) drawn from its SVG icons by Debian's Chromium. Run after
 * changing an SVG: node --import tsx scripts/gen/web-icons.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ICONS = path.resolve(__dirname, '../../services/web/public/icons');
const PNGS: [svg: string, png: string, size: number][] = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon.svg', 'apple-touch-icon.png', 180],
];

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox'],
  });
  const page = await browser.newPage();
  for (const [svg, png, size] of PNGS) {
    await page.setViewportSize({ width: size, height: size });
    const data = readFileSync(path.join(ICONS, svg)).toString('base64');
    await page.setContent(
      `<html><body style="margin:0"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.screenshot({ path: path.join(ICONS, png), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`${png} (${size}×${size})`);
  }
  await browser.close();
}

void main();
