// `npm run har:fixture`: records the demo app's traffic as a HAR with Playwright's recordHar in Chromium
// (tests/lib/har/fixtures/demo-chromium.har, committed: its tokens are minted per run with throwaway keys).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../../e2e/harness.ts';
import { startDemoServer } from '../../demo-app/server.ts';

const OUT = fileURLToPath(new URL('./fixtures/demo-chromium.har', import.meta.url));

const demo = await startDemoServer();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ recordHar: { path: OUT, content: 'embed' } });
  const page = await context.newPage();
  await page.goto(demo.url);
  await page.waitForSelector('body[data-done="1"]');
  await context.close();
} finally {
  await browser.close();
  await demo.close();
}
// Pretty-printed, so a diff of a re-recording reads entry by entry.
const { readFileSync } = await import('node:fs');
writeFileSync(OUT, `${JSON.stringify(JSON.parse(readFileSync(OUT, 'utf8')), null, 1)}\n`);
console.log(`wrote ${OUT}`);
