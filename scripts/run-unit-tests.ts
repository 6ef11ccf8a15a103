// Runs vitest with a watchdog. Vitest 4's fork pool can strand a run when a worker goes away
// between files (https://github.com/vitest-dev/vitest/issues/10590): the process then waits forever
// with no worker busy. Seen twice on this project's 2-core machines. Every test file prints a line
// when it ends, so a run that prints nothing for STALL_MS is stuck, not slow: it is stopped, said,
// and run once more. A failing run is never retried — only a silent one.
import { spawn } from 'node:child_process';

const STALL_MS = Number(process.env.VITEST_STALL_MS ?? 180_000);
const ATTEMPTS = 2;

function run(attempt: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], {
      stdio: ['inherit', 'pipe', 'pipe'],
      detached: true,
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
      process.stderr.write(
        `\nrun-unit-tests: vitest printed nothing for ${STALL_MS / 1000} s (attempt ${attempt} of ${ATTEMPTS}): stopping it\n`,
      );
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, 1000);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve(stalled ? -1 : (code ?? 1));
    });
  });
}

for (let attempt = 1; ; attempt++) {
  const code = await run(attempt);
  if (code !== -1) process.exit(code);
  if (attempt === ATTEMPTS) {
    process.stderr.write('run-unit-tests: vitest stalled on every attempt\n');
    process.exit(1);
  }
  process.stderr.write('run-unit-tests: running vitest again\n');
}
