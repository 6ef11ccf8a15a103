// Capture benchmarks (numbers, not pass/fail), in real Chromium:
//  1. overhead: a page making 500 requests, each with a distinct JWT — load time (and the whole
//     browser's CPU time) with JWT Lens, with a probe extension that registers the same webRequest
//     listeners with the same filters and options and does nothing (built here, into a temporary
//     directory: the cost floor), with that probe writing each token request to storage.session
//     once (the durability floor), with no extension, and with CAPTURE_EXTRA=label=dir,… (e.g. the
//     base commit's build); same Chromium, interleaved runs; and how many of the 500 tokens were
//     captured;
//  2. flood: 20,000 requests (FLOOD=… to change) — worker storage stays bounded, retained sightings are consistent,
//     the panel stays responsive.
// Run: npm run bench:capture [-- rounds]   (SKIP_OVERHEAD=1 / SKIP_FLOOD=1 run one half)
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  EXTENSION_DIR,
  findDevTools,
  launchWithExtension,
  openJwtPanel,
} from '../e2e/harness.ts';
import { decodeItem } from '../../lib/capture/store.ts';
import { isCapturedToken } from '../../lib/capture/validate-capture.ts';
import { emitRow } from './report.ts';
import { extraBuilds, listenerProbeScript } from './probe-extension.ts';

process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';
const ROUNDS = Number(process.argv[2] ?? 5);

// The page mints structurally valid JWTs (the signature is not checked by anyone here).
const PAGE = `<!doctype html><title>bench</title><script>
const b64 = (s) => btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const H = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const tok = (i, run) => H + '.' + b64(JSON.stringify({ sub: 'user-' + i, run, iat: 1800000000, exp: 1800003600 })) + '.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
async function burst(n, run, concurrency) {
  const t0 = performance.now();
  let next = 0;
  window.progress = 0;
  const worker = async () => { while (next < n) { const i = next++; await fetch('/api?i=' + i, { headers: { Authorization: 'Bearer ' + tok(i, run) } }); window.progress++; } };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t0;
}
window.burst = burst;
</script>`;

async function serve() {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(PAGE);
    } else {
      // No Cache-Control: no-store here: with DevTools open, ~16,000 no-store responses stall Chromium
      // even with an extension that has no listener at all (measured with a probe extension); every
      // URL is distinct anyway, so nothing is served from the cache.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

interface Side {
  label: string;
  context: BrowserContext;
  worker?: Worker;
  /** CPU milliseconds (user + system) the browser's processes have used so far. */
  cpu(): number;
  close(): Promise<void>;
}

/** A browser of its own (with one extension or none), whose processes' CPU time can be read. */
async function launchSide(label: string, extensionDir?: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-bench-'));
  const args = extensionDir
    ? [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
    : CHROMIUM_ARGS;
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), headless: true, args });
  let worker: Worker | undefined;
  if (extensionDir) {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(() => true);
  }
  const root = browserPid(dir);
  return {
    label,
    context,
    worker,
    cpu: () => (root === undefined ? NaN : treeCpuMs(root)),
    close: async () => (await context.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

// Linux only (/proc): the browser process is the one started with this profile and no --type.
function browserPid(userDataDir: string): number | undefined {
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let cmd: string;
      try {
        cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes('--type=')) return Number(name);
    }
  } catch {
    // No /proc: CPU time is not measured.
  }
  return undefined;
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** CPU time of a process and all its descendants, in ms (utime + stime, from /proc). */
function treeCpuMs(root: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command (which may hold spaces, in parentheses): state ppid … utime stime.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(name);
    const ppid = Number(f[1]);
    cpu.set(pid, (Number(f[11]) + Number(f[12])) * TICK_MS);
    let list = children.get(ppid);
    if (!list) children.set(ppid, (list = []));
    list.push(pid);
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * The durability floor (issue 9): the probe, plus one storage.session write per request that may
 * carry a token (the same cheap test, and about the same record, as JWT Lens's write-ahead log).
 */
const DIRECT_WRITE = `(() => {
  let seq = 0;
  return (d) => {
    const headers = (d.requestHeaders || []).filter((h) => typeof h.value === 'string' && h.value.length >= 10 && /e[yw]|%/.test(h.value));
    if (d.tabId < 0 || !headers.length) return;
    const r = { phase: 'request', requestId: d.requestId, url: d.url, method: d.method, frameId: d.frameId, type: d.type, initiator: d.initiator, timeStamp: d.timeStamp, headers };
    chrome.storage.session.set({ ['wal:' + d.tabId + ':' + seq++]: { r } });
  };
})()`;

/**
 * The cost floor: an extension with JWT Lens's permissions and the same five webRequest listeners
 * (same events, filters and extra-info options, as the built background registers them) that do
 * nothing. Checked against the built worker's source so the two cannot drift apart unnoticed.
 */
function buildProbe(directWrite = false): { dir: string; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-probe-'));
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'capture probe',
      version: '1.0.0',
      permissions: manifest.permissions,
      host_permissions: manifest.host_permissions,
      background: { service_worker: 'probe.js' },
    }),
  );
  writeFileSync(join(dir, 'probe.js'), listenerProbeScript(directWrite ? DIRECT_WRITE : 'nothing'));
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function overhead(url: string) {
  const probeDir = buildProbe();
  const directDir = buildProbe(true);
  const sides = [
    await launchSide('JWT Lens', EXTENSION_DIR),
    await launchSide('probe', probeDir.dir),
    await launchSide('direct write', directDir.dir),
    await launchSide('without'),
  ];
  for (const { label, dir } of extraBuilds(process.env.CAPTURE_EXTRA)) sides.push(await launchSide(label, dir));
  const times = new Map<string, number[]>(sides.map((s) => [s.label, []]));
  const cpus = new Map<string, number[]>(sides.map((s) => [s.label, []]));
  let lastTab: Page | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    // Interleave (rotating the order) so machine noise hits every side alike.
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    for (const side of order) {
      const page = await side.context.newPage();
      await page.goto(url);
      const cpu0 = side.cpu();
      const ms = await page.evaluate(
        ([run]) =>
          (window as unknown as { burst(n: number, r: number, c: number): Promise<number> }).burst(500, run, 6),
        [round] as const,
      );
      // What the burst cost every process of that browser, including the work an extension left
      // queued (batches, writes) that settles within the next moment.
      await page.waitForTimeout(500);
      cpus.get(side.label)!.push(side.cpu() - cpu0);
      times.get(side.label)!.push(ms);
      // The last run's tab stays open until its tokens are counted (closing a tab forgets its capture).
      if (side === sides[0] && round === ROUNDS - 1) lastTab = page;
      else await page.close();
    }
  }
  // Counted once, after every timed burst (reading and parsing thousands of items in the worker
  // between bursts would load only that side): the newest run's tokens, which no budget evicted.
  const captured = await sides[0]!.worker!.evaluate(async (run) => {
    const all = (await chrome.storage.session.get(null)) as Record<string, unknown>;
    let n = 0;
    for (const [k, v] of Object.entries(all)) {
      // The store writes each item as its JSON text.
      const t = (k.startsWith('tok:') && typeof v === 'string' ? JSON.parse(v) : undefined) as
        { token?: unknown } | undefined;
      if (typeof t?.token !== 'string') continue;
      {
        const payload = JSON.parse(atob(t.token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
          run?: number;
        };
        if (payload.run === run) n++;
      }
    }
    return n;
  }, ROUNDS - 1);
  await lastTab?.close();
  for (const side of sides) await side.close();
  probeDir.close();
  directDir.close();
  const line = (label: string, xs: number[], unit = 'ms') =>
    console.log(
      `${label.padEnd(24)} median ${median(xs).toFixed(0)} ${unit}  (${xs.map((t) => t.toFixed(0)).join(', ')})`,
    );
  const ratios = (a: string, b: string, of = times) => {
    const xs = of.get(a)!;
    const ys = of.get(b)!;
    const perRound = xs.map((t, i) => t / ys[i]!);
    return { ofMedians: median(xs) / median(ys), perRound, median: median(perRound) };
  };
  console.log('\n== Capture overhead: 500 requests, each with a distinct JWT ==');
  console.log(`rounds: ${ROUNDS} (interleaved)`);
  console.log("burst time (the page's wall clock):");
  for (const side of sides) line(`  ${side.label}:`, times.get(side.label)!);
  console.log('CPU time of the whole browser (every process) per burst:');
  for (const side of sides) line(`  ${side.label}:`, cpus.get(side.label)!, 'ms CPU');
  const vsProbe = ratios('JWT Lens', 'probe');
  console.log(`ratio JWT Lens/probe:   ${vsProbe.ofMedians.toFixed(3)}  (target ≤ 1.05)`);
  // Neighbouring runs share the machine's load: the median of per-round ratios is steadier.
  console.log(
    `per-round JWT Lens/probe: median ${vsProbe.median.toFixed(3)}  (${vsProbe.perRound.map((r) => r.toFixed(2)).join(', ')})`,
  );
  const cpuVsProbe = ratios('JWT Lens', 'probe', cpus);
  console.log(
    `CPU JWT Lens/probe:     ${cpuVsProbe.ofMedians.toFixed(3)}  (per-round median ${cpuVsProbe.median.toFixed(3)})`,
  );
  // What one storage write per token request costs by itself (JWT Lens cannot go below it and keep
  // every event durable), and JWT Lens against it.
  const direct = ratios('direct write', 'probe');
  const directCpu = ratios('direct write', 'probe', cpus);
  console.log(
    `direct write/probe:     ${direct.ofMedians.toFixed(3)}, per-round median ${direct.median.toFixed(3)}; CPU ${directCpu.ofMedians.toFixed(3)} (per-round ${directCpu.median.toFixed(3)})  (the durability floor)`,
  );
  const vsDirect = ratios('JWT Lens', 'direct write');
  const vsDirectCpu = ratios('JWT Lens', 'direct write', cpus);
  console.log(
    `JWT Lens/direct write:  ${vsDirect.ofMedians.toFixed(3)}, per-round median ${vsDirect.median.toFixed(3)}; CPU ${vsDirectCpu.ofMedians.toFixed(3)} (per-round ${vsDirectCpu.median.toFixed(3)})`,
  );
  for (const { label } of extraBuilds(process.env.CAPTURE_EXTRA)) {
    const r = ratios(label, 'probe');
    const c = ratios(label, 'probe', cpus);
    console.log(
      `${label}/probe: ${r.ofMedians.toFixed(3)}, per-round median ${r.median.toFixed(3)}; CPU ${c.ofMedians.toFixed(3)} (per-round ${c.median.toFixed(3)})`,
    );
  }
  console.log(`ratio probe/without:    ${ratios('probe', 'without').ofMedians.toFixed(3)}  (the dispatch cost)`);
  console.log(`ratio JWT Lens/without: ${ratios('JWT Lens', 'without').ofMedians.toFixed(3)}`);
  console.log(`tokens captured in the last run: ${captured} of 500`);
  emitRow({
    bench: 'capture',
    name: `500 fetches with distinct JWTs, JWT Lens (median per-round ratio; target ≤ 1.05×)`,
    value: median(times.get('JWT Lens')!),
    unit: 'ms',
    baseline: 'probe extension, same listeners, doing nothing',
    baselineValue: median(times.get('probe')!),
    speedup: 1 / vsProbe.median,
  });
  emitRow({
    bench: 'capture',
    name: `the same, against one storage write per token request (the durability floor)`,
    value: median(times.get('JWT Lens')!),
    unit: 'ms',
    baseline: 'direct-write extension, same listeners',
    baselineValue: median(times.get('direct write')!),
    speedup: 1 / vsDirect.median,
  });
  emitRow({
    bench: 'capture',
    name: `the same bursts' CPU time, whole browser (median per-round ratio)`,
    value: median(cpus.get('JWT Lens')!),
    unit: 'ms',
    baseline: 'probe extension, same listeners, doing nothing',
    baselineValue: median(cpus.get('probe')!),
    speedup: 1 / cpuVsProbe.median,
  });
}

async function flood(url: string) {
  const ext = await launchWithExtension({ devtools: true });
  const page = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
  await page.goto(url);
  const devtools = await findDevTools(ext.context, ext.extensionId, url);
  const panel = process.env.FLOOD_PANEL === '0' ? devtools.mainFrame() : await openJwtPanel(devtools, ext.extensionId);
  // The panel's responsiveness during the flood: every poll, how long a task queued on its event
  // loop waits to run (event-loop lag), and how long a click takes to show a token's detail.
  const lags: number[] = [];
  const lag = async () =>
    lags.push(
      (await panel.evaluate(
        'new Promise((r) => { const t = performance.now(); setTimeout(() => r(performance.now() - t), 0); })',
      )) as number,
    );
  const N = Number(process.env.FLOOD ?? 20_000);
  console.log(`flood: sending ${N} requests…`);
  // Started without awaiting, so progress can be watched and a stall reported instead of hanging.
  await page.evaluate(
    `window.floodDone = undefined; window.burst(${N}, 99, 16).then((ms) => { window.floodDone = ms; }); 0`,
  );
  let ms: number;
  let last = -1;
  let stalledSince = Date.now();
  for (;;) {
    await page.waitForTimeout(2000);
    const [done, progress] = (await page.evaluate('[window.floodDone, window.progress]')) as [
      number | undefined,
      number,
    ];
    if (done !== undefined) {
      ms = done;
      break;
    }
    await lag();
    if (progress !== last) {
      last = progress;
      stalledSince = Date.now();
      console.log(`flood: ${progress} of ${N} answered`);
    } else if (Date.now() - stalledSince > 30_000) {
      throw new Error(`flood stalled at ${progress} of ${N} requests for 30 s`);
    }
  }
  console.log(`flood: sent in ${(ms / 1000).toFixed(1)} s; measuring…`);
  await page.waitForTimeout(2000);
  for (let i = 0; i < 5; i++) await lag();
  const sortedLags = [...lags].sort((a, b) => a - b);
  const gaps = {
    frames: lags.length,
    max: sortedLags.at(-1) ?? 0,
    p99: sortedLags[Math.floor(sortedLags.length * 0.95)] ?? 0,
  };
  const t0 = Date.now();
  await panel.getByTestId('token-row').first().click();
  await panel.getByTestId('token-detail').waitFor();
  const clickMs = Date.now() - t0;
  const stored = await ext.worker.evaluate(async () => {
    const all = (await chrome.storage.session.get(null)) as Record<string, unknown>;
    const bytes = await chrome.storage.session.getBytesInUse(null);
    return { all, bytes };
  });
  let tokens = 0;
  let sightings = 0;
  let consistent = true;
  let kept = 0;
  let dropped = 0;
  for (const [k, text] of Object.entries(stored.all)) {
    const v = decodeItem(text);
    if (k.startsWith('tab:')) {
      const meta = v as { kept: number; dropped: number };
      kept += meta.kept;
      dropped += meta.dropped;
    } else if (k.startsWith('tok:')) {
      if (!isCapturedToken(v)) consistent = false;
      else {
        tokens++;
        sightings += v.sightings.length;
        if (v.sightings.length > v.count) consistent = false;
      }
    }
  }
  if (kept !== sightings) consistent = false;
  const rows = await panel.getByTestId('token-row').count();
  await ext.close();
  console.log(`\n== Flood: ${N} requests with distinct tokens ==`);
  console.log(`page sent ${N} requests in ${(ms / 1000).toFixed(1)} s (${((N / ms) * 1000).toFixed(0)} req/s)`);
  console.log(
    `stored: ${tokens} distinct tokens, ${sightings} sightings kept, ${dropped} dropped (bounds: 2,000 tokens / 20,000 sightings)`,
  );
  console.log(`storage.session bytes in use: ${(stored.bytes / 1024 / 1024).toFixed(2)} MiB (quota 10 MiB)`);
  console.log(`every retained sighting well-formed and counts consistent: ${consistent}`);
  console.log(
    `panel during the flood: event-loop lag over ${gaps.frames} probes: max ${gaps.max.toFixed(0)} ms, p95 ${gaps.p99.toFixed(0)} ms`,
  );
  console.log(`panel after the flood: ${rows} rows rendered in the list DOM, click → detail ${clickMs} ms`);
}

if (!chromiumPath()) throw new Error('No Chromium: apt-get install chromium, or set CHROMIUM_PATH');
console.log(`extension: ${EXTENSION_DIR}`);
const server = await serve();
try {
  if (!process.env.SKIP_OVERHEAD) await overhead(server.url);
  if (!process.env.SKIP_FLOOD) await flood(server.url);
} finally {
  server.close();
}
