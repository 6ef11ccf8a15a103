// A vitest reporter for scripts/run-unit-tests.ts: appends "start <file>", "test <file> <test name>" and "end <state> <file>" to
// the file named by RUN_UNIT_TESTS_PROGRESS, so the watchdog knows which files ended (and how) and
// which were in flight when a run went silent, and in which test.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

const out = process.env.RUN_UNIT_TESTS_PROGRESS;
const rel = (m: TestModule) => relative(process.cwd(), m.moduleId).split('\\').join('/');

export default class ProgressReporter implements Reporter {
  onTestModuleStart(m: TestModule): void {
    if (out) appendFileSync(out, `start ${rel(m)}\n`);
  }

  onTestCaseReady(t: TestCase): void {
    if (out) appendFileSync(out, `test ${rel(t.module)} ${t.fullName.replace(/\s+/g, ' ')}\n`);
  }

  onTestModuleEnd(m: TestModule): void {
    if (out) appendFileSync(out, `end ${m.state()} ${rel(m)}\n`);
  }
}
