// Panel benchmarks in real Chromium (numbers, not pass/fail): 10,000 captured tokens fed through a
// fake worker Port in the in-tab harness. Needs a build. Run: npx wxt build && npx tsx tests/bench/panel.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR, launchWithExtension } from '../e2e/harness.ts';
import { openPanelInTab, type FakeWorker } from '../e2e/panel-harness.ts';
import { emitRow } from './report.ts';

const N = Number(process.env.TOKENS ?? 10_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

function bundleSizes(): { file: string; raw: number; gzip: number }[] {
  const out: { file: string; raw: number; gzip: number }[] = [];
  const html = readFileSync(join(EXTENSION_DIR, 'devtools-panel.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  for (const dir of ['assets', 'chunks'])
    for (const f of readdirSync(join(EXTENSION_DIR, dir)))
      if (/^(crack|quick-check|decode)-worker/.test(f) && !refs.includes(`${dir}/${f}`)) refs.push(`${dir}/${f}`);
  for (const file of refs) {
    const bytes = readFileSync(join(EXTENSION_DIR, file));
    out.push({ file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return out;
}

const ext = await launchWithExtension();
try {
  const firstRender: number[] = [];
  const fromNavigation: number[] = [];
  for (let run = 0; run < 3; run++) {
    const page = await openPanelInTab(ext, { generate: N });
    await page.waitForSelector('[data-testid="token-row"]');
    const t = await page.evaluate(
      () =>
        new Promise<{ snapshot: number; row: number; painted: number }>((resolve) =>
          requestAnimationFrame(() => {
            const f = (window as unknown as { __jwtLens: FakeWorker }).__jwtLens;
            resolve({ snapshot: f.snapshotAt!, row: f.firstRowAt!, painted: performance.now() });
          }),
        ),
    );
    firstRender.push(t.row - t.snapshot);
    fromNavigation.push(t.row);
    if (run < 2) await page.close();
    else {
      const rows = await page.getByTestId('token-row').count();
      const count = await page.getByTestId('token-count').textContent();
      console.log(`JWT Lens panel benchmark — ${N.toLocaleString('en-US')} tokens, ${rows} rows in the DOM (${count})`);
      console.log(
        `  first render (snapshot received → rows in DOM):   median ${ms(median(firstRender))}  [${firstRender.map(ms).join(', ')}]`,
      );
      console.log(`  page load (navigation start → rows in DOM):        median ${ms(median(fromNavigation))}`);

      // What a user waits for: the keystroke until the list shows the whole result, painted. The
      // filter matches in slices, so the first frame may list only part of it; the toolbar count
      // ("N of 10000") changes until the last slice lands. `first` is the input event → the next
      // frame; `done` is the input event → the frame after the count's last change (the same as
      // `first` when the first frame was already complete). Works on any build (no hook needed).
      const type = (value: string) =>
        page.evaluate(async (v) => {
          // tsx names the functions below with __name(), which the page does not have.
          (globalThis as { __name?: unknown }).__name ??= (f: unknown) => f;
          const input = document.querySelector<HTMLInputElement>('[data-testid="token-filter"]')!;
          const count = document.querySelector('[data-testid="token-count"]');
          const frame = () =>
            new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
          let lastPaint = 0;
          let changes = 0;
          const seen = new MutationObserver(() => {
            changes++;
            const n = changes;
            void frame().then((t) => {
              if (n === changes) lastPaint = t;
            });
          });
          const t0 = performance.now();
          input.value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const firstAt = await frame();
          const firstChanges = changes;
          if (count) seen.observe(count, { childList: true, characterData: true, subtree: true });
          // Every slice has landed: the list says it is no longer busy (builds that say so) and the
          // count has been quiet for 600 ms.
          let quiet = changes;
          for (;;) {
            await new Promise((r) => setTimeout(r, 600));
            if (changes === quiet && !document.querySelector('[aria-busy="true"]')) break;
            quiet = changes;
          }
          seen.disconnect();
          await frame();
          const first = firstAt - t0;
          const done = changes > firstChanges && lastPaint > firstAt ? lastPaint - t0 : first;
          return {
            first,
            done,
            rows: document.querySelectorAll('[data-testid="token-row"]').length,
            count: count?.textContent ?? '',
          };
        }, value);
      const pct = (xs: number[], p: number) =>
        [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
      const cold = await type('u');
      console.log(
        `  first filter keystroke, cold: whole result painted ${ms(cold.done)} (first frame ${ms(cold.first)}, ${cold.count})`,
      );
      // No same-run baseline exists for a keystroke: the row compares with the 50 ms target.
      emitRow({
        bench: 'panel',
        name: `first filter keystroke, ${N.toLocaleString('en-US')} tokens, cold (whole result painted)`,
        value: cold.done,
        unit: 'ms',
        baseline: 'target (issue 14)',
        baselineValue: 50,
        speedup: 50 / cold.done,
      });
      await type('');
      // Let the background inspection of every token finish (worst-severity column, rule filters).
      const settleStart = Date.now();
      await page.waitForFunction(
        () => !document.querySelector('.col-severity .muted')?.textContent?.includes('…'),
        null,
        {
          timeout: 120_000,
        },
      );
      await page.waitForTimeout(4000);
      console.log(
        `  visible rows inspected after ~${Date.now() - settleStart - 4000 < 0 ? 0 : Date.now() - settleStart - 4000} ms; then 4 s for the rest`,
      );
      const queries = [
        'u',
        'us',
        'use',
        'user',
        'user-',
        'user-9',
        'user-99',
        'user-999',
        'alg:none',
        'severity:high',
        '-source:url',
        'expired',
        'iss:auth source:cookie',
        '',
      ];
      const times: number[] = [];
      const firsts: number[] = [];
      for (const q of queries) {
        const r = await type(q);
        times.push(r.done);
        firsts.push(r.first);
        console.log(
          `    filter ${JSON.stringify(q).padEnd(26)} ${ms(r.done).padStart(9)}  (first frame ${ms(r.first).padStart(8)})  ${r.rows} rows rendered, ${r.count}`,
        );
      }
      console.log(
        `  filter keystroke → whole result painted: median ${ms(median(times))}, p95 ${ms(pct(times, 95))}, max ${ms(Math.max(...times))}`,
      );
      console.log(
        `  filter keystroke → first frame:          median ${ms(median(firsts))}, p95 ${ms(pct(firsts, 95))}, max ${ms(Math.max(...firsts))}`,
      );
      emitRow({
        bench: 'panel',
        name: `filter keystroke after inspection, ${N.toLocaleString('en-US')} tokens, median of ${times.length}`,
        value: median(times),
        unit: 'ms',
        baseline: 'target (issue 14)',
        baselineValue: 50,
        speedup: 50 / median(times),
      });
      emitRow({
        bench: 'panel',
        name: `filter keystroke after inspection, ${N.toLocaleString('en-US')} tokens, p95`,
        value: pct(times, 95),
        unit: 'ms',
        baseline: 'target (issue 14)',
        baselineValue: 50,
        speedup: 50 / pct(times, 95),
      });
      emitRow({
        bench: 'panel',
        name: `filter keystroke after inspection, ${N.toLocaleString('en-US')} tokens, slowest`,
        value: Math.max(...times),
        unit: 'ms',
        baseline: 'target (issue 14)',
        baselineValue: 50,
        speedup: 50 / Math.max(...times),
      });
      const sort = await page.evaluate(async () => {
        const t0 = performance.now();
        document.querySelector<HTMLButtonElement>('[data-testid="sort-subject"]')!.click();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      });
      console.log(`  sort by subject (10k rows): ${ms(sort)}`);
      const scroll = await page.evaluate(async () => {
        const el = document.querySelector<HTMLElement>('.token-scroll')!;
        const frames: number[] = [];
        for (let i = 1; i <= 30; i++) {
          const t0 = performance.now();
          el.scrollTop = (el.scrollHeight * i) / 31;
          el.dispatchEvent(new Event('scroll'));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          frames.push(performance.now() - t0);
        }
        frames.sort((a, b) => a - b);
        return { median: frames[15]!, max: frames[29]! };
      });
      console.log(
        `  scroll jump (30 positions across the list): median ${ms(scroll.median)}, max ${ms(scroll.max)} per frame`,
      );
      // The same keystrokes with a token's detail open beside the list (what a user mostly has): the
      // detail does not depend on the filter, so a keystroke should cost what it costs without it.
      await page.getByTestId('token-row').first().click();
      await page.waitForSelector('[data-testid="token-detail"]');
      const withDetail: number[] = [];
      for (const q of ['u', 'us', 'use', 'user', 'user-9', 'alg:none', 'severity:high', '']) {
        const r = await type(q);
        withDetail.push(r.done);
        console.log(
          `    detail open, filter ${JSON.stringify(q).padEnd(16)} ${ms(r.done).padStart(9)}  (first frame ${ms(r.first).padStart(8)})  ${r.count}`,
        );
      }
      console.log(
        `  filter keystroke with the detail open → whole result painted: median ${ms(median(withDetail))}, max ${ms(Math.max(...withDetail))}`,
      );
      emitRow({
        bench: 'panel',
        name: `filter keystroke with a token's detail open, ${N.toLocaleString('en-US')} tokens, median of ${withDetail.length}`,
        value: median(withDetail),
        unit: 'ms',
        baseline: 'target (issue 14)',
        baselineValue: 50,
        speedup: 50 / median(withDetail),
      });
    }
  }
} finally {
  await ext.close();
}
const sizes = bundleSizes();
console.log('\nPanel bundle (.output/chrome-mv3):');
for (const s of sizes)
  console.log(
    `  ${s.file.padEnd(44)} ${(s.raw / 1024).toFixed(1).padStart(7)} kB  gzip ${(s.gzip / 1024).toFixed(1).padStart(6)} kB`,
  );
const main = sizes.filter((s) => !s.file.includes('-worker'));
console.log(
  `  panel page total: ${(main.reduce((a, s) => a + s.raw, 0) / 1024).toFixed(1)} kB, gzip ${(main.reduce((a, s) => a + s.gzip, 0) / 1024).toFixed(1)} kB (plus the workers, loaded on demand)`,
);
