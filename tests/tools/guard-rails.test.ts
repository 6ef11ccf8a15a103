// Each guard rail of `npm run check` (docs/ARCHITECTURE.md) is shown to fail on the thing it guards
// against, on a fixture written to a temporary directory, and to pass once that thing is gone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { findFolderCycles, formatCycles } from '../../scripts/check-cycles.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes `files` (path → text) under a fresh temporary directory and returns it. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-rails-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

describe('npm run check runs every rail', () => {
  it('chains the lib/ typecheck, the cycle check and the unused-export check', () => {
    expect(scripts.typecheck).toContain('tsc -p lib');
    expect(scripts.cycles).toBe('tsx scripts/check-cycles.ts');
    expect(scripts.unused).toBe('knip');
    for (const step of ['typecheck', 'lint', 'cycles', 'unused', 'format:check', 'test:unit'])
      expect(scripts.check).toContain(`npm run ${step}`);
  });
});

describe('lib/tsconfig.json: no host API compiles in lib/', () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'lib/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const diagnose = (text: string) => {
    const file = join(fixture({ 'probe.ts': text }), 'probe.ts');
    const program = ts.createProgram({ rootNames: [file], options: config.options });
    return ts.getPreEmitDiagnostics(program).map((d) => ({
      code: d.code,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  };

  it('has no ambient types and covers every file in lib/', () => {
    expect(config.options.types).toEqual([]);
    expect(config.fileNames.some((f) => f.endsWith('/lib/index.ts'))).toBe(true);
  });

  it.each([
    ['Buffer', "export const b = Buffer.from('a');", /Cannot find name 'Buffer'/],
    ['process', 'export const e = process.env;', /Cannot find name 'process'/],
    ['require', "export const r = require('x');", /Cannot find name 'require'/],
    [
      'node:*',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;",
      /Cannot find module 'node:fs'/,
    ],
    ['chrome', 'export const c = chrome.runtime;', /Cannot find name 'chrome'/],
  ])('rejects %s', (_name, text, message) => {
    expect(diagnose(text).map((d) => d.text)).toContainEqual(expect.stringMatching(message));
  });

  it('accepts what the engine uses: WebCrypto, TextEncoder, URL', () => {
    const text = [
      "export const bytes = new TextEncoder().encode('a');",
      "export const digest = crypto.subtle.digest('SHA-256', bytes);",
      "export const host = new URL('https://example.com/').hostname;",
      'export const text = new TextDecoder().decode(bytes);',
    ].join('\n');
    expect(diagnose(text)).toEqual([]);
  });
});

describe('eslint.config.js: host and Node globals are lint errors in lib/', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (text: string, path = 'lib/probe.ts') =>
    (await eslint.lintText(text, { filePath: join(ROOT, path) })).flatMap((r) => r.messages.map((m) => m.message));

  it.each([
    ['Buffer', "export const b = Buffer.from('a');"],
    ['process', 'export const e = process.env;'],
    ['chrome', 'export const c = chrome.runtime;'],
    ['node:*', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;"],
  ])('rejects %s in lib/ but not in tests/', async (_name, text) => {
    expect(await lint(text)).not.toEqual([]);
    expect(await lint(text, 'tests/lib/probe.ts')).toEqual([]);
  });

  it('lets tests import only the page-side scripts from entrypoints/', async () => {
    const imp = (f: string) => `import * as m from '../../entrypoints/devtools-panel/${f}';\nexport const n = m;`;
    expect(await lint(imp('page-scripts.ts'), 'tests/entrypoints/probe.ts')).toEqual([]);
    expect((await lint(imp('capture-sources.ts'), 'tests/entrypoints/probe.ts')).join()).toMatch(/Nothing imports/);
    expect((await lint(imp('page-scripts.ts'), 'components/probe.ts')).join()).toMatch(/Nothing imports/);
  });
});

describe('scripts/check-cycles.ts: no folder cycles', () => {
  it('finds a cycle between two folders, through a type-only import too', () => {
    const dir = fixture({
      'lib/a/one.ts': "import { two } from '../b/two.ts';\nexport const one = two + 1;\n",
      'lib/b/two.ts': "import type { Three } from '../a/three.ts';\nexport const two: Three = 2;\n",
      'lib/a/three.ts': 'export type Three = number;\n',
      'lib/c/four.ts': "import { one } from '../a/one.ts';\nexport const four = one;\n",
    });
    const cycles = findFolderCycles(dir);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.group).toEqual(['lib/a', 'lib/b']);
    expect(formatCycles(cycles)).toContain('lib/b/two.ts imports lib/a/three.ts');
  });

  it('finds a longer cycle across roots (lib → components → entrypoints → lib)', () => {
    const dir = fixture({
      'lib/x.ts': "export * from '../components/view/y';\n",
      'components/view/y.tsx': "import '../../entrypoints/panel/z.js';\nexport const y = 1;\n",
      'entrypoints/panel/z.ts': "import('../../lib/x.ts');\n",
    });
    expect(findFolderCycles(dir).map((c) => c.group)).toEqual([['components/view', 'entrypoints/panel', 'lib/x.ts']]);
  });

  it('allows a layered tree and imports inside one folder', () => {
    const dir = fixture({
      'lib/types.ts': 'export type T = 1;\n',
      'lib/a/one.ts':
        "import type { T } from '../types.ts';\nimport { two } from './two.ts';\nexport const one: T = two;\n",
      'lib/a/two.ts': "import { one } from './one.ts';\nexport const two = 1;\nexport const again = one;\n",
      'components/App.tsx': "import { one } from '../lib/a/one.ts';\nexport const App = one;\n",
      'entrypoints/main.ts': "import { App } from '../components/App.tsx';\nexport default App;\n",
    });
    expect(findFolderCycles(dir)).toEqual([]);
  });

  it('exits non-zero and names the cycle when run as a script', () => {
    const dir = fixture({
      'lib/rules/r.ts': "import { c } from '../capture/c.ts';\nexport const r = c;\n",
      'lib/capture/c.ts': "import type { R } from '../rules/t.ts';\nexport const c: R = 1;\n",
      'lib/rules/t.ts': 'export type R = number;\n',
    });
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/check-cycles.ts'), dir], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('folder cycle among lib/capture, lib/rules');
  });
});

describe('knip: no unused exports', () => {
  // The repository's own knip.json, run over a small project shaped like this one.
  const knipConfig = readFileSync(join(ROOT, 'knip.json'), 'utf8');
  const knip = (files: Record<string, string>) => {
    const dir = fixture({
      'package.json': JSON.stringify({ name: 'fixture', private: true, type: 'module' }),
      'knip.json': knipConfig,
      'lib/index.ts': "export { used } from './util/helpers.ts';\n",
      ...files,
    });
    const bin = join(ROOT, 'node_modules/knip/bin/knip.js');
    return spawnSync(process.execPath, [bin, '--directory', dir, '--no-progress'], { encoding: 'utf8' });
  };

  it('fails on an export nothing imports', () => {
    const run = knip({
      'lib/util/helpers.ts': 'export const used = 1;\nexport function forgotten(): number {\n  return 2;\n}\n',
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/Unused exports[\s\S]*forgotten/);
    expect(run.stdout).not.toMatch(/\bused\b.*helpers/);
  });

  it('passes once the dead export is deleted', () => {
    const run = knip({ 'lib/util/helpers.ts': 'export const used = 1;\n' });
    expect(run.stdout + run.stderr).not.toMatch(/Unused/);
    expect(run.status).toBe(0);
  });
});
