// A stopped service worker receives the event that woke it only after its script's first turn, and
// requests that arrive while it starts die with it more often under a stop cadence
// (tests/e2e/durable.spec.ts): the worker's bundle holds only what registering its listeners and
// recording a raw request needs. Guard rails: the worker's own files take the extension API from
// entrypoints/background/ext.ts (the native one), never webextension-polyfill as a value, and the
// build drops the polyfill and WXT's storage helper, which WXT's background wrapper imports for its
// dev mode only (measured: background.js 80,065 → 61,049 bytes; tests/bench/worker-startup.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER_DIR = 'entrypoints/background';
const POLYFILLED = new Set(['wxt/browser', 'webextension-polyfill', '@wxt-dev/webextension-polyfill/browser']);

/** Value (not type-only) imports of the polyfilled API in `text`. */
function valueImportsOfPolyfill(text: string): string[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!POLYFILLED.has(st.moduleSpecifier.text)) continue;
    const clause = st.importClause;
    if (!clause) {
      found.push(st.getText());
      continue;
    }
    if (clause.isTypeOnly) continue;
    const named = clause.namedBindings;
    const valueNames =
      named && ts.isNamedImports(named) ? named.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text) : [];
    if (clause.name || (named && ts.isNamespaceImport(named)) || valueNames.length) found.push(st.getText());
  }
  return found;
}

type SideEffects = (id: string, external: boolean) => boolean | undefined;

function moduleSideEffects(): SideEffects {
  const vite = (config as { vite?: (env: unknown) => { build?: { rolldownOptions?: { treeshake?: unknown } } } }).vite;
  const treeshake = vite?.({ mode: 'production', command: 'build' })?.build?.rolldownOptions?.treeshake as
    { moduleSideEffects?: unknown } | undefined;
  const f = treeshake?.moduleSideEffects;
  if (typeof f !== 'function') throw new Error('wxt.config.ts sets no moduleSideEffects function');
  return f as SideEffects;
}

describe('the service worker starts with only its own code', () => {
  it('no file of the worker imports webextension-polyfill as a value (types only)', () => {
    const files = readdirSync(join(ROOT, WORKER_DIR)).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    const offending = files.flatMap((f) =>
      valueImportsOfPolyfill(readFileSync(join(ROOT, WORKER_DIR, f), 'utf8')).map((s) => `${f}: ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('the check sees a value import, a default import and a side-effect import', () => {
    expect(valueImportsOfPolyfill(`import { browser, type Browser } from 'wxt/browser';`)).toHaveLength(1);
    expect(valueImportsOfPolyfill(`import browser from 'webextension-polyfill';`)).toHaveLength(1);
    expect(valueImportsOfPolyfill(`import 'wxt/browser';`)).toHaveLength(1);
    expect(valueImportsOfPolyfill(`import type { Browser } from 'wxt/browser';`)).toEqual([]);
    expect(valueImportsOfPolyfill(`import { type Browser } from 'wxt/browser';`)).toEqual([]);
  });

  it('the build treats the polyfill and WXT storage as side-effect free, so unused they are dropped', () => {
    const f = moduleSideEffects();
    for (const id of [
      '/repo/node_modules/webextension-polyfill/dist/browser-polyfill.js',
      '/repo/node_modules/@wxt-dev/storage/dist/index.mjs',
      '/repo/node_modules/superlock/src/create.js',
      '/repo/node_modules/dequal/lite/index.mjs',
      'C:\\repo\\node_modules\\webextension-polyfill\\dist\\browser-polyfill.js',
    ])
      expect(f(id, false), id).toBe(false);
    // Everything else keeps its side effects (our own modules, Preact's, WXT's wrapper).
    for (const id of [
      '/repo/lib/capture/store.ts',
      '/repo/entrypoints/background/index.ts',
      '/repo/node_modules/preact/dist/preact.module.js',
      '/repo/node_modules/wxt/dist/virtual/background-entrypoint.mjs',
      '/repo/node_modules/my-webextension-polyfill-fork/index.js',
    ])
      expect(f(id, false), id).not.toBe(false);
  });
});
