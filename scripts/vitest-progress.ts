// A vitest reporter for scripts/run-unit-tests.ts: appends "start <file>" and "end <state> <file>" to
// the file named by RUN_UNIT_TESTS_PROGRESS, so the watchdog knows which files ended (and how) and
// which were in flight when a run went silent.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const out = process.env.RUN_UNIT_TESTS_PROGRESS;
const rel = (m: TestModule) => relative(process.cwd(), m.moduleId).split('\\').join('/');

export default class ProgressReporter implements Reporter {
  onTestModuleStart(m: TestModule): void {
    if (out) appendFileSync(out, `start ${rel(m)}\n`);
  }

  onTestModuleEnd(m: TestModule): void {
    if (out) appendFileSync(out, `end ${m.state()} ${rel(m)}\n`);
  }
}
