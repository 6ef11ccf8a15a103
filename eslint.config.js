import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import boundaries from docs/ARCHITECTURE.md:
// lib → lib and pure libraries; components → preact, components, lib; nothing imports entrypoints.
const noEntrypoints = {
  group: ['**/entrypoints/**'],
  message: 'Nothing imports entrypoints/: they are composition roots.',
};
const hostGlobals = [
  'chrome',
  'browser',
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'fetch',
  'XMLHttpRequest',
].map((name) => ({ name, message: `${name} is a host API: pass it in as a parameter, or use it in entrypoints/.` }));
// Node's globals: lib/ runs in the browser too (lib/tsconfig.json rejects them as well).
const nodeGlobals = ['Buffer', 'process', 'require', 'module', 'global', '__dirname', '__filename', 'setImmediate'].map(
  (name) => ({ name, message: `${name} is Node-only: lib/ runs in the browser too.` }),
);

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'web-ext-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [noEntrypoints] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render token-derived text as text.',
        },
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Render token-derived text as text.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Render token-derived text as text.',
        },
      ],
    },
  },
  {
    files: ['lib/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': ['error', ...hostGlobals, ...nodeGlobals],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEntrypoints,
            { group: ['preact', 'preact/*', '@preact/*'], message: 'lib/ is pure: no Preact.' },
            { group: ['wxt', 'wxt/*', '@wxt-dev/*'], message: 'lib/ is pure: no WXT.' },
            { group: ['webextension-polyfill'], message: 'lib/ is pure: no browser APIs.' },
            { group: ['**/components/**'], message: 'lib/ must not import components/.' },
            { group: ['node:*'], message: 'lib/ runs in the browser too: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    // The page-side scripts are constants with no imports: tests may run them in a VM. Nothing else
    // under entrypoints/ may be imported, by tests or anything.
    files: ['tests/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'entrypoints/(?!devtools-panel/page-scripts\\.ts$)',
              message: noEntrypoints.message,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...hostGlobals.filter((g) => !['window', 'document', 'navigator'].includes(g.name)),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEntrypoints,
            {
              group: ['wxt', 'wxt/*', '@wxt-dev/*', 'webextension-polyfill'],
              message: 'components/ are presentational: no browser APIs.',
            },
          ],
        },
      ],
    },
  },
);
