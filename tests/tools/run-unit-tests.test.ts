// The unit-test watchdog (scripts/run-unit-tests.ts): a vitest run that goes silent is stopped and
// only the files that had not reported are run again, so a stranded fork pool costs one file, not the
// suite — and a failure is never hidden by a retry.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const FAKE = join(__dirname, 'fixtures', 'fake-vitest.mjs');

function listed(): string[] {
  const r = spawnSync('npx', ['tsx', 'scripts/run-unit-tests.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, RUN_UNIT_TESTS_LIST: '1' },
  });
  return JSON.parse(r.stdout) as string[];
}

function runWatchdog(plan: Record<string, unknown>) {
  const log = join(mkdtempSync(join(tmpdir(), 'rut-')), 'calls.log');
  const r = spawnSync('npx', ['tsx', 'scripts/run-unit-tests.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      VITEST_STALL_MS: '1500',
      RUN_UNIT_TESTS_CMD: JSON.stringify([process.execPath, FAKE]),
      FAKE_VITEST_PLAN: JSON.stringify({ log, ...plan }),
    },
  });
  const calls = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
  return { code: r.status, stderr: r.stderr, calls };
}

describe('run-unit-tests watchdog', () => {
  const files = listed();

  it('lists the files vitest.config.ts includes', () => {
    expect(files).toContain('tests/tools/run-unit-tests.test.ts');
    expect(files).toContain('tests/lib/inspect.test.ts');
    expect(files.some((f) => f.startsWith('tests/components/') && f.endsWith('.tsx'))).toBe(true);
    expect(files.some((f) => f.startsWith('tests/e2e/'))).toBe(false);
  });

  it('after a stall runs only the files that had not reported, one at a time, and passes', () => {
    const r = runWatchdog({ firstFiles: files, firstReports: 3 });
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(2);
    expect(r.calls[0]).not.toContain('--no-file-parallelism');
    expect(r.calls[1]).toContain('--no-file-parallelism');
    const rerun = r.calls[1]!.filter((a) => a.startsWith('tests/'));
    expect(rerun).toEqual(files.slice(3));
    expect(r.stderr).toContain(
      `printed nothing for 1.5 s (attempt 1 of 3): stopping it; files in flight: ${files[3]} (in "the slow one")`,
    );
    expect(r.stderr).toMatch(new RegExp(`running again the ${files.length - 3} files`));
  });

  it('a file that fails on the rerun fails the run', () => {
    const r = runWatchdog({ firstFiles: files, firstReports: 1, fail: files[5] });
    expect(r.code).toBe(1);
    expect(r.calls).toHaveLength(2);
  });

  it('a file that failed before the stall is not run again, and still fails the run', () => {
    const r = runWatchdog({ firstFiles: files, firstReports: 4, fail: files[2] });
    expect(r.code).toBe(1);
    expect(r.calls[1]!.filter((a) => a.startsWith('tests/'))).toEqual(files.slice(4));
    expect(r.stderr).toContain(`failed in an earlier attempt: ${files[2]}`);
  });

  it('a run that stalls on every attempt fails, naming the files that never reported', () => {
    const r = runWatchdog({ firstFiles: files, firstReports: 2, hangAlways: true });
    expect(r.code).toBe(1);
    expect(r.calls).toHaveLength(3);
    expect(r.stderr).toMatch(/stalled on every attempt; files that never reported: tests\//);
    expect(r.stderr).not.toContain(`never reported: ${files[0]},`);
  });

  it('the progress reporter tells real vitest runs which files started and how they ended', () => {
    const progress = join(mkdtempSync(join(tmpdir(), 'rut-')), 'progress.log');
    const r = spawnSync(
      'npx',
      ['vitest', 'run', `--reporter=${join(ROOT, 'scripts', 'vitest-progress.ts')}`, 'tests/lib/filter/filter.test.ts'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RUN_UNIT_TESTS_PROGRESS: progress } },
    );
    expect(r.status).toBe(0);
    const lines = readFileSync(progress, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('start tests/lib/filter/filter.test.ts');
    expect(lines.at(-1)).toBe('end passed tests/lib/filter/filter.test.ts');
    const tests = lines.slice(1, -1);
    expect(tests.length).toBeGreaterThan(5);
    for (const t of tests) expect(t).toMatch(/^test tests\/lib\/filter\/filter\.test\.ts \S/);
  });
});
