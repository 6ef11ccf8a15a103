// A rockyou-sized wordlist in the real panel: LINES lines (default 14 M) written to a temp file,
// chosen in the file input, searched to the end (secret absent). Prints time, rate, and the peak
// resident memory of the extension's renderer process (panel + its workers), sampled with ps.
// Needs a build. Run: npx wxt build && npx tsx tests/bench/crack-bigfile.ts
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../e2e/harness.ts';
import { capturedToken, openPanelInTab } from '../e2e/panel-harness.ts';
import { BENCH_TOKEN } from './crack-panel.ts';
import { emitRow } from './report.ts';

const LINES = Number(process.env.LINES ?? 14_000_000);
const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-bigfile-'));
const file = join(dir, 'big.txt');
const out = createWriteStream(file);
for (let i = 0; i < LINES; i += 100_000) {
  let chunk = '';
  for (let j = i; j < Math.min(LINES, i + 100_000); j++) chunk += `pw${j.toString(36)}x${j % 97}\n`;
  if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((r) => out.end(() => r()));
const bytes = statSync(file).size;

function extensionRss(): number {
  const ps = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8', maxBuffer: 32 << 20 });
  let kb = 0;
  for (const line of ps.split('\n'))
    if (line.includes('--extension-process')) kb += Number(line.trim().split(/\s+/)[0]);
  return kb * 1024;
}

const ext = await launchWithExtension();
try {
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(BENCH_TOKEN)] });
  await page.getByTestId('token-row').click();
  await page.getByTestId('crack-wordlist').setInputFiles(file);
  const before = extensionRss();
  let peak = before;
  const t0 = Date.now();
  await page.getByTestId('crack-start').click();
  const sampler = setInterval(() => (peak = Math.max(peak, extensionRss())), 250);
  await page
    .getByTestId('crack-result')
    .filter({ hasText: /Not found in|failed/ })
    .waitFor({ timeout: 600_000 });
  clearInterval(sampler);
  const ms = Date.now() - t0;
  const text = (await page.getByTestId('crack-result').textContent()) ?? '';
  const tried = Number(/([\d,]+) candidates/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
  const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;
  console.log(`${LINES.toLocaleString('en-US')} lines (${mb(bytes)}): ${text}`);
  console.log(`  ${ms} ms = ${Math.round((tried / ms) * 1000).toLocaleString('en-US')} candidates/s`);
  console.log(`  extension renderer RSS: ${mb(before)} before, peak ${mb(peak)} during the search`);
  emitRow({
    bench: 'crack',
    name: `panel, ${LINES.toLocaleString('en-US')}-line file`,
    value: (tried / ms) * 1000,
    unit: 'candidates/s',
  });
  emitRow({
    bench: 'crack',
    name: `panel, ${LINES.toLocaleString('en-US')}-line file: peak renderer RSS`,
    value: peak / 1048576,
    unit: 'MB',
  });
} finally {
  await ext.close();
  rmSync(dir, { recursive: true, force: true });
}
