// A bare clone passes `npm test`: every file a test, benchmark or the build reads lies in the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', '.git', '.output', '.wxt', '.demo-output', 'test-results', 'playwright-report']);
// Built or generated at run time, so absent from a clone until a script writes them.
const GENERATED = ['.output', '.demo-output'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(ROOT);
const sources = files.filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !relative(ROOT, f).startsWith('tests/vectors'));

describe('a fresh clone has everything its tests read', () => {
  it('no file refers to a folder beside the repository', () => {
    const needle = ['..', 'shared'].join('/');
    const text = files.filter((f) => /\.(ts|tsx|js|mjs|json|md|yml|yaml|html|css)$|\/run$/.test(f));
    expect(text.filter((f) => readFileSync(f, 'utf8').includes(needle)).map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('every file URL relative to a module resolves inside the repository, and exists unless generated', () => {
    const found: string[] = [];
    const outside: string[] = [];
    const missing: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new URL\(\s*'(\.{1,2}\/[^']*|\.\.?)'\s*,\s*import\.meta\.url\s*\)/g)) {
        const target = resolve(file, '..', m[1]!);
        const rel = relative(ROOT, target);
        found.push(rel);
        if (rel.startsWith('..')) outside.push(`${relative(ROOT, file)}: ${m[1]}`);
        else if (!GENERATED.some((g) => rel.startsWith(g)) && !existsSync(target))
          missing.push(`${relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(found).toContain('tests/vectors/wycheproof');
    expect(outside).toEqual([]);
    expect(missing).toEqual([]);
  });

  it('every vendored vector folder has its licence, and the README names every vendored file', () => {
    const readme = readFileSync(join(ROOT, 'tests/vectors/README.md'), 'utf8');
    const vendored = files
      .map((f) => relative(join(ROOT, 'tests/vectors'), f))
      .filter((f) => !f.startsWith('..') && !/(^|\/)(LICENSE[^/]*|README\.md|[^/]*-LICENSE)$/.test(f));
    expect(vendored.length).toBeGreaterThan(30);
    for (const f of vendored) {
      const dir = f.split('/')[0]!;
      const parts = f.split('/');
      // A file is named by its own path, its base name or its folder (jose-cookbook/jws/ covers its files).
      const named = [f, parts.at(-1)!, `${parts.slice(0, -1).join('/')}/`].some((n) => readme.includes(n));
      expect(named, f).toBe(true);
      const licensed = f.includes('/')
        ? readdirSync(join(ROOT, 'tests/vectors', dir)).some((n) => /LICENSE/.test(n))
        : existsSync(join(ROOT, 'tests/vectors/LICENSE-IETF.txt'));
      expect(licensed, f).toBe(true);
    }
  });
});
