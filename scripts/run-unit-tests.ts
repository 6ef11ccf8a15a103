// Runs vitest with a watchdog that never loses the progress of a run.
//
// Vitest 4's fork pool can strand a run when a worker goes away mid-file (a worker killed for memory,
// a crash: https://github.com/vitest-dev/vitest/issues/10590): the process then waits forever with no
// worker busy. Every test file prints a line when it ends, so a run that prints nothing for STALL_MS
// is stuck, not slow. The watchdog stops it, says so, and runs again only the files that had not
// reported yet — one file at a time from the second attempt on, so a file that takes its worker down
// is named. A file that failed is never retried; a file that stalls every attempt fails the run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import config from '../vitest.config';

const STALL_MS = Number(process.env.VITEST_STALL_MS ?? 180_000);
const ATTEMPTS = 3;

// The files the configured run covers: vitest.config.ts's include patterns, each "<dir>/**/*<ext>".
function testFiles(): string[] {
  const patterns = config.test?.include ?? [];
  const roots = patterns.map((p) => {
    const m = /^(.+?)\/\*\*\/\*(\.[\w.]+)$/.exec(p);
    if (!m) throw new Error(`run-unit-tests: cannot list the files of include pattern ${p}`);
    return { dir: m[1]!, ext: m[2]! };
  });
  const out: string[] = [];
  const walk = (dir: string, ext: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, ext);
      else if (name.endsWith(ext)) out.push(relative('.', path).split('\\').join('/'));
    }
  };
  for (const { dir, ext } of roots) walk(dir, ext);
  return [...new Set(out)].sort();
}

interface Attempt {
  code: number; // -1 when stalled
  passed: Set<string>;
  failed: Set<string>;
  inFlight: string[];
}

const progressDir = mkdtempSync(join(tmpdir(), 'run-unit-tests-'));
process.on('exit', () => rmSync(progressDir, { recursive: true, force: true }));

function readProgress(path: string): Omit<Attempt, 'code'> {
  const passed = new Set<string>();
  const failed = new Set<string>();
  const started = new Set<string>();
  const current = new Map<string, string>(); // file -> the test it started last
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // nothing started
  }
  for (const line of text.split('\n')) {
    const [kind, a, b] = line.split(' ');
    if (kind === 'start' && a) started.add(a);
    if (kind === 'test' && a) current.set(a, line.slice(`test ${a} `.length));
    if (kind === 'end' && a && b) {
      started.delete(b);
      (a === 'failed' ? failed : passed).add(b);
    }
  }
  return {
    passed,
    failed,
    inFlight: [...started].map((f) => (current.has(f) ? `${f} (in "${current.get(f)}")` : f)),
  };
}

function run(attempt: number, files: string[] | null): Promise<Attempt> {
  // RUN_UNIT_TESTS_CMD (a JSON array) stands in for `npx vitest` in this script's own test.
  const [cmd, ...pre] = JSON.parse(process.env.RUN_UNIT_TESTS_CMD ?? '["npx","vitest"]') as string[];
  const args = [...pre, 'run', '--reporter=default', '--reporter=./scripts/vitest-progress.ts'];
  args.push(...process.argv.slice(2));
  if (files) args.push('--no-file-parallelism', ...files);
  const progress = join(progressDir, `attempt-${attempt}.log`);
  return new Promise((resolve) => {
    const child = spawn(cmd!, args, {
      stdio: ['inherit', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, RUN_UNIT_TESTS_PROGRESS: progress },
    });
    let last = Date.now();
    let stalled = false;
    const seen = (chunk: Buffer, to: NodeJS.WriteStream) => {
      last = Date.now();
      to.write(chunk);
    };
    child.stdout.on('data', (c: Buffer) => seen(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => seen(c, process.stderr));
    const timer = setInterval(() => {
      if (Date.now() - last < STALL_MS) return;
      stalled = true;
      clearInterval(timer);
      const { inFlight } = readProgress(progress);
      process.stderr.write(
        `\nrun-unit-tests: vitest printed nothing for ${STALL_MS / 1000} s (attempt ${attempt} of ${ATTEMPTS}): stopping it; ` +
          `files in flight: ${inFlight.join(', ') || '(none)'}\n`,
      );
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, 1000);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code: stalled ? -1 : (code ?? 1), ...readProgress(progress) });
    });
  });
}

if (process.env.RUN_UNIT_TESTS_LIST) {
  process.stdout.write(JSON.stringify(testFiles()));
  process.exit(0);
}

const filtered = process.argv.slice(2).some((a) => !a.startsWith('-'));
let remaining: string[] | null = null; // null: the whole suite as configured
const failedFiles = new Set<string>();

for (let attempt = 1; ; attempt++) {
  const result = await run(attempt, remaining);
  result.failed.forEach((f) => failedFiles.add(f));
  if (result.code !== -1) {
    if (result.code !== 0 || failedFiles.size === 0) process.exit(result.code);
    process.stderr.write(`run-unit-tests: failed in an earlier attempt: ${[...failedFiles].join(', ')}\n`);
    process.exit(1);
  }
  // A filtered run (npm run test:unit -- some/file) is retried whole: its file set is vitest's to pick.
  const base: string[] = remaining ?? (filtered ? [] : testFiles());
  const next: string[] = base.filter((f) => !result.passed.has(f) && !failedFiles.has(f));
  if (attempt === ATTEMPTS) {
    process.stderr.write(
      `run-unit-tests: vitest stalled on every attempt; files that never reported: ${next.join(', ') || '(unknown)'}\n`,
    );
    process.exit(1);
  }
  if (!filtered && next.length === 0) {
    process.exit(failedFiles.size ? 1 : 0);
  }
  remaining = filtered ? null : next;
  process.stderr.write(
    `run-unit-tests: running again ${remaining ? `the ${remaining.length} files that had not reported, one at a time` : 'the same files'}\n`,
  );
}
