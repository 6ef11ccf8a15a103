import { existsSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { UserManagerSettings } from 'oidc-client-ts';

const require = createRequire(import.meta.url);
/** The folder of an installed package (found from its main entry: not every package exports package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(join('node_modules', name))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`${name}: package folder not found`);
    dir = up;
  }
  return dir;
}

/** What the SPA page is told about its provider and API. */
export interface SpaConfig {
  issuer: string;
  clientId: string;
  scope: string;
  api: string;
}

/** The plain (JSON) part of the SPA's UserManager settings; the page adds its stores and URLs. */
function managerSettings(config: SpaConfig): Partial<UserManagerSettings> {
  return {
    authority: config.issuer,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  };
}

const PAGE = (config: SpaConfig) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OIDC SPA — JWT Lens test client</title>
<script type="importmap">{"imports":{"oidc-client-ts":"/vendor/oidc-client-ts.js","jwt-decode":"/vendor/jwt-decode.js"}}</script>
<script type="application/json" id="config">${JSON.stringify({ ...config, settings: managerSettings(config) }).replace(/</g, '\\u003c')}</script>
<script type="module" src="/app.js"></script>
</head>
<body><h1>OIDC SPA</h1><p id="state">loading</p></body>
</html>`;

// The SPA: oidc-client-ts's UserManager (code + PKCE, tokens in sessionStorage), DPoP through its
// dpop setting, refresh through signinSilent (refresh_token grant), RP-initiated logout, and a
// JARM authorize request built by hand (oidc-client-ts has no response_mode=jwt).
const SCRIPT = String.raw`
import { IndexedDbDPoPStore, UserManager, WebStorageStateStore } from 'oidc-client-ts';
const cfg = JSON.parse(document.getElementById('config').textContent);
const mode = () => (sessionStorage.getItem('spa.mode') === 'dpop' ? 'dpop' : 'bearer');
const manager = (m) =>
  new UserManager({
    ...cfg.settings,
    redirect_uri: location.origin + '/callback',
    post_logout_redirect_uri: location.origin + '/',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    ...(m === 'dpop' ? { dpop: { bind_authorization_code: true, store: new IndexedDbDPoPStore() } } : {}),
  });
let mgr = manager(mode());
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const say = (key, value) => {
  document.body.dataset[key] = value;
  document.getElementById('state').textContent = key + ': ' + value;
};
window.spa = {
  mode,
  async login(m) {
    sessionStorage.setItem('spa.mode', m);
    mgr = manager(m);
    // A nonce, as a careful client sends even with PKCE (oidc-client-ts checks it in the ID token).
    await mgr.signinRedirect({ nonce: b64url(crypto.getRandomValues(new Uint8Array(16))) });
  },
  async user() {
    const u = await mgr.getUser();
    return u ? { id_token: u.id_token, access_token: u.access_token, refresh_token: u.refresh_token, token_type: u.token_type } : null;
  },
  async callApi() {
    const user = await mgr.getUser();
    const url = cfg.api + '/api/me';
    const headers = {};
    if (mode() === 'dpop') {
      headers.Authorization = 'DPoP ' + user.access_token;
      headers.DPoP = await mgr.dpopProof(url, user, 'GET');
    } else headers.Authorization = 'Bearer ' + user.access_token;
    return (await fetch(url, { headers })).status;
  },
  async refresh() {
    const user = await mgr.signinSilent();
    return user.access_token;
  },
  async logout() {
    await mgr.signoutRedirect();
  },
  async jarm() {
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const u = new URL(await mgr.metadataService.getAuthorizationEndpoint());
    u.search = new URLSearchParams({
      client_id: cfg.clientId,
      response_type: 'code',
      response_mode: 'jwt',
      redirect_uri: location.origin + '/jarm',
      scope: 'openid',
      code_challenge: b64url(digest),
      code_challenge_method: 'S256',
      state: 'jarm-' + Date.now(),
    }).toString();
    location.assign(u.href);
  },
};
try {
  if (location.pathname === '/callback') {
    await mgr.signinRedirectCallback();
    // What real SPAs do: straight back to the app, right after the token response.
    location.replace('/');
  } else if (location.pathname === '/jarm') {
    say('jarm', new URL(location.href).searchParams.get('response') ? 'received' : 'missing');
  } else {
    say('user', (await mgr.getUser()) ? 'signed-in' : 'signed-out');
  }
} catch (e) {
  say('error', String(e && e.message ? e.message : e));
}
`;

/** A running SPA server. */
export interface TestSpa {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port (the provider registers its redirect URIs under it). */
export async function reserveSpa(): Promise<{ origin: string; start(config: SpaConfig): TestSpa }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, start: (config) => serveSpa(server, origin, config) };
}

function serveSpa(server: ReturnType<typeof createServer>, origin: string, config: SpaConfig): TestSpa {
  const vendor: Record<string, string> = {
    '/vendor/oidc-client-ts.js': readFileSync(join(packageDir('oidc-client-ts'), 'dist/esm/oidc-client-ts.js'), 'utf8'),
    '/vendor/jwt-decode.js': readFileSync(join(packageDir('jwt-decode'), 'build/esm/index.js'), 'utf8'),
  };
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  server.on('request', (req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path === '/' || path === '/callback' || path === '/jarm')
      return send(res, 200, 'text/html; charset=utf-8', PAGE(config));
    if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', SCRIPT);
    const lib = vendor[path];
    if (lib) return send(res, 200, 'text/javascript; charset=utf-8', lib);
    send(res, 404, 'text/plain', 'not found');
  });
  return {
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
