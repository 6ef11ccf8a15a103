import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every dependency is a visible import, so the import-boundary lint rules can see it.
  imports: false,
  vite: () => ({
    plugins: [preact()],
    build: {
      rolldownOptions: {
        // WXT's background wrapper imports webextension-polyfill (through `wxt/browser`) and something in
        // its chain `@wxt-dev/storage`, for dev-mode code only; the worker uses its native API
        // (entrypoints/background/ext.ts). Without side effects they are dropped wherever unused, so
        // a started worker evaluates only its own code before its listeners are registered.
        treeshake: {
          moduleSideEffects: (id: string) =>
            !/[\\/]node_modules[\\/](webextension-polyfill|@wxt-dev[\\/]storage|superlock|dequal)[\\/]/.test(id),
        },
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: 'JWT Lens',
    description:
      'Captures, decodes, verifies and audits the JSON Web Tokens in live traffic, inside DevTools. Nothing leaves your browser.',
    // webRequest: read request headers to find tokens (observational only, never blocking).
    // storage: keep captured tokens per tab in storage.session so a worker restart loses nothing.
    // cookies: list the inspected origin's cookie jar, so HttpOnly cookies show with their real flags.
    // host_permissions <all_urls>: webRequest only reports requests to hosts the extension may access.
    // declarativeNetRequestWithHostAccess: a one-request session rule puts the headers fetch may not
    // set (Cookie, Origin, Referer, User-Agent) on a replay the user clicked, and "Use in app"
    // replaces a token on the tab's requests. It shows no install warning (tests/e2e/act-on-token.spec.ts
    // compares Chrome's warnings with and without it), so installing still asks for nothing new. It is required, not optional: granted at runtime (permissions.request),
    // Chromium 150 grants it but updateSessionRules then never settles until the extension reloads.
    permissions: ['webRequest', 'storage', 'cookies', 'declarativeNetRequestWithHostAccess'],
    host_permissions: ['<all_urls>'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // The extension collects and transmits nothing (Firefox's built-in consent, 2025+).
            gecko: { id: 'jwt-lens@jwt-lens.dev', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
