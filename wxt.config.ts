import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every dependency is a visible import, so the import-boundary lint rules can see it.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'JWT Lens',
    description:
      'Captures, decodes, verifies and audits the JSON Web Tokens in live traffic, inside DevTools. Nothing leaves your browser.',
    // webRequest: read request headers to find tokens (observational only, never blocking).
    // storage: keep captured tokens per tab in storage.session so a worker restart loses nothing.
    // cookies: list the inspected origin's cookie jar, so HttpOnly cookies show with their real flags.
    // host_permissions <all_urls>: webRequest only reports requests to hosts the extension may access.
    permissions: ['webRequest', 'storage', 'cookies'],
    // declarativeNetRequestWithHostAccess (optional, asked for at the first click that needs it; it
    // shows no warning): a one-request session rule puts the headers fetch may not set (Cookie,
    // Origin, Referer, User-Agent) on a replay, and "Use in app" replaces a token on the tab's requests.
    optional_permissions: ['declarativeNetRequestWithHostAccess'],
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
