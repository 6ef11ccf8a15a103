// A rockyou-sized wordlist in the real panel: LINES lines (default 14 M) written to a temp file,
// chosen in the file input, searched to the end (secret absent). Prints time, rate, and the peak
// resident memory of the extension's renderer process (panel + its workers), sampled with ps, also
// as the growth over that process before the panel opened (the service worker's share).
// Needs a build. Run: npx wxt build && npx tsx tests/bench/crack-bigfile.ts
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR, launchWithExtension } from '../e2e/harness.ts';
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

// The RSS of this run's extension renderer process (service worker, panel page and its workers):
// only processes under the browser that loaded this checkout's build, so that other Chromium
// instances on the machine do not count.
function extensionRss(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8', maxBuffer: 32 << 20 })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), kb: Number(m[3]), args: m[4]! }));
  const mine = new Set(rows.filter((r) => r.args.includes(`--load-extension=${EXTENSION_DIR}`)).map((r) => r.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (!mine.has(r.pid) && mine.has(r.ppid)) {
        mine.add(r.pid);
        grew = true;
      }
  }
  let kb = 0;
  for (const r of rows) if (mine.has(r.pid) && r.args.includes('--extension-process')) kb += r.kb;
  return kb * 1024;
}

const ext = await launchWithExtension();
try {
  // The process before any panel: the service worker and the renderer's own footprint.
  await new Promise((r) => setTimeout(r, 1000));
  const base = extensionRss();
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(BENCH_TOKEN)] });
  await page.getByTestId('token-row').click();
  await page.getByTestId('crack-wordlist').setInputFiles(file);
  // Let the pool's warm-up (list, kernel) finish, as when a user picks a file.
  await page.waitForTimeout(3000);
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
  console.log(
    `  extension renderer RSS: ${mb(base)} before the panel (service worker), ${mb(before)} with the panel and its warm workers, peak ${mb(peak)} during the search`,
  );
  console.log(`  panel + workers (peak - the process before the panel): ${mb(peak - base)}`);
  emitRow({
    bench: 'crack',
    name: `panel, ${LINES.toLocaleString('en-US')}-line file`,
    value: (tried / ms) * 1000,
    unit: 'candidates/s',
  });
  emitRow({
    bench: 'crack',
    name: `panel, ${LINES.toLocaleString('en-US')}-line file: peak renderer RSS, whole extension process`,
    value: peak / 1048576,
    unit: 'MB',
  });
  emitRow({
    bench: 'crack',
    name: `panel, ${LINES.toLocaleString('en-US')}-line file: peak RSS of the panel + its workers (over the process before the panel)`,
    value: (peak - base) / 1048576,
    unit: 'MB',
  });
} finally {
  await ext.close();
  rmSync(dir, { recursive: true, force: true });
}
