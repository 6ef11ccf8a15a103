// Service-worker start-up (numbers, not pass/fail), in real Chromium: how long a stopped worker takes
// from its start (`performance.timeOrigin`) to the end of its script's first turn, where every
// listener is registered, and how much of that is the script's own evaluation — the built JWT Lens
// against a minimal extension with the same five webRequest listeners, both stopped and woken by the
// same request each round. Events that arrive while a worker starts die with it more often under a
// stop cadence (tests/e2e/durable.spec.ts), so this is the number the worker-only gap follows.
// Both scripts are copied and wrapped with two `performance.now()` reads; the times are written to
// `storage.local` after the script's first turn (JWT Lens keeps nothing there).
// Run: npx wxt build && npx tsx tests/bench/worker-startup.ts [rounds]
//   STARTUP_EXTRA=label=dir,… adds other builds of JWT Lens (e.g. the base commit's .output/chrome-mv3)
//   to the same browser and rounds.
import { chromium, type CDPSession } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, EXTENSION_DIR } from '../e2e/harness.ts';
import { emitRow } from './report.ts';
import { extraBuilds, listenerProbeScript } from './probe-extension.ts';

process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';
const ROUNDS = Number(process.argv[2] ?? 20);

const BEFORE = `self.__startupT0 = performance.now();\n`;
const after = (label: string) => `\n;self.__startupT1 = performance.now();
setTimeout(() => chrome.storage.local.set({ ['startup:${label}:' + performance.timeOrigin]: [self.__startupT0, self.__startupT1] }), 0);\n`;

/** A copy of `dir` whose worker script `script` is wrapped with the timing reads, labelled `label`. */
function instrumented(dir: string, script: string, label: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'jwt-lens-startup-'));
  cpSync(dir, copy, { recursive: true });
  writeFileSync(join(copy, script), BEFORE + readFileSync(join(dir, script), 'utf8') + after(label));
  return copy;
}

function minimal(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-startup-min-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'startup minimal',
      version: '1.0.0',
      permissions: ['webRequest', 'storage'],
      host_permissions: ['<all_urls>'],
      background: { service_worker: 'bg.js' },
    }),
  );
  writeFileSync(join(dir, 'bg.js'), listenerProbeScript());
  writeFileSync(join(dir, 'p.html'), '<!doctype html><title>p</title>');
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

async function main() {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>startup</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const lensDir = instrumented(EXTENSION_DIR, 'background.js', 'JWT Lens');
  const minDir = minimal();
  const minInstr = instrumented(minDir, 'bg.js', 'minimal');
  const extra = extraBuilds(process.env.STARTUP_EXTRA).map(({ label, dir }) => ({
    label,
    dir: instrumented(dir, 'background.js', label),
  }));
  const profile = mkdtempSync(join(tmpdir(), 'jwt-lens-startup-profile-'));
  const both = [lensDir, minInstr, ...extra.map((e) => e.dir)].join(',');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${both}`, `--load-extension=${both}`],
  });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const cdp: CDPSession = await context.newCDPSession(page);
    const status = new Map<string, { versionId: string; running: string; host: string }>();
    cdp.on(
      'ServiceWorker.workerVersionUpdated',
      (e: { versions: { versionId: string; runningStatus: string; scriptURL: string }[] }) => {
        for (const v of e.versions) {
          const host = /^chrome-extension:\/\/([^/]+)\/(.*)$/.exec(v.scriptURL);
          if (!host) continue;
          status.set(v.scriptURL, { versionId: v.versionId, running: v.runningStatus, host: host[1]! });
        }
      },
    );
    await cdp.send('ServiceWorker.enable');
    const waitFor = async (pred: () => boolean, ms = 10_000) => {
      const end = Date.now() + ms;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    };
    await waitFor(() => [...status.values()].filter((s) => s.running === 'running').length >= 2 + extra.length);
    // The first start of each is an install: the rounds measure restarts only.
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 0; i < ROUNDS; i++) {
      for (const s of status.values())
        await cdp.send('ServiceWorker.stopWorker', { versionId: s.versionId }).catch(() => undefined);
      await waitFor(() => [...status.values()].every((s) => s.running === 'stopped'));
      await new Promise((r) => setTimeout(r, 100));
      // One request wakes both (a webRequest event for each).
      await page.evaluate((u) => fetch(u + '?wake=' + Math.random()).then((r) => r.text()), url);
      await waitFor(() => [...status.values()].every((s) => s.running === 'running'));
      await new Promise((r) => setTimeout(r, 400));
    }
    // Every copy's runs, by the label its wrapper writes into the key: [time origin, script start, listeners registered].
    const runs = new Map<string, [number, number, number][]>();
    for (const [scriptUrl, s] of status) {
      const reader = await context.newPage();
      await reader.goto(`chrome-extension://${s.host}/${scriptUrl.endsWith('/bg.js') ? 'p.html' : 'devtools.html'}`);
      const all = (await reader.evaluate(() => chrome.storage.local.get(null))) as Record<string, [number, number]>;
      await reader.close();
      for (const [key, [t0, t1]] of Object.entries(all)) {
        const m = /^startup:([^:]+):(.+)$/.exec(key);
        if (m) runs.set(m[1]!, [...(runs.get(m[1]!) ?? []), [Number(m[2]), t0, t1]]);
      }
    }
    // Without the install run (the smallest time origin), as [script start, listeners registered].
    const read = (label: string): [number, number][] =>
      (runs.get(label) ?? [])
        .sort((x, y) => x[0] - y[0])
        .slice(1)
        .map(([, t0, t1]) => [t0, t1]);
    const lens = read('JWT Lens');
    const min = read('minimal');
    const bytes = statSync(join(EXTENSION_DIR, 'background.js')).size;
    const sides: [string, [number, number][]][] = [
      ['JWT Lens', lens],
      ['minimal', min],
      ...extra.map((e): [string, [number, number][]] => [e.label, read(e.label)]),
    ];
    for (const [label, got] of sides) {
      const ready = got.map(([, t1]) => t1);
      const before = got.map(([t0]) => t0);
      const evalMs = got.map(([t0, t1]) => t1 - t0);
      console.log(
        `${label}: ${got.length} restarts; worker start → listeners registered median ${median(ready).toFixed(1)} ms (${range(ready)}); ` +
          `start → script runs ${median(before).toFixed(1)} ms (${range(before)}); script evaluation ${median(evalMs).toFixed(2)} ms (${range(evalMs)})`,
      );
    }
    console.log(`background.js: ${bytes} bytes`);
    const lensReady = median(lens.map(([, t1]) => t1));
    const minReady = median(min.map(([, t1]) => t1));
    emitRow({
      bench: 'worker-startup',
      name: 'worker start → listeners registered',
      value: lensReady,
      unit: 'ms',
      baseline: 'minimal extension, same listeners',
      baselineValue: minReady,
      speedup: minReady / lensReady,
    });
  } finally {
    await context.close();
    server.close();
    for (const d of [lensDir, minDir, minInstr, profile, ...extra.map((e) => e.dir)])
      rmSync(d, { recursive: true, force: true });
  }
}

await main();
