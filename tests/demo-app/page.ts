/** The demo single-page app: logs in, then calls its API the way real apps do (good and bad). */
export const DEMO_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Demo Shop — JWT Lens demo app</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2em; max-width: 50em; }
  li.ok { color: #188038; } li.bad { color: #c5221f; }
  code { font-size: 12px; }
</style>
</head>
<body>
<h1>Demo Shop</h1>
<p>A small app for JWT Lens: it logs in and calls its API with good and bad tokens.
Open DevTools → <b>JWT</b> to see every token it sends.</p>
<button id="again">Call the API again</button>
<p><a href="/session">Session flow</a>: 10-second access tokens, a refresh only after a 401, then a logout (for the timeline).</p>
<h2>Careless and strict APIs</h2>
<p>Five routes with one hole each, and one strict route (see <code>tests/demo-app/careless-api.ts</code>).
Select a request to one of them in the JWT panel and click <b>Test this endpoint</b>: the careless ones give way,
the strict one refuses every forgery. QA's key for <code>/careless/ignores-exp</code> (add it to the key ring so
the playbook can re-sign expired tokens): <code id="qa-secret"></code>. The RSA public key the
key-confusion route misuses: <a href="/careless/public-key.pem">/careless/public-key.pem</a>.</p>
<button id="call-apis">Call the careless and strict APIs</button>
<ol id="log"></ol>
<script src="/app.js"></script>
</body>
</html>`;

/** The demo app's script. */
export const DEMO_SCRIPT = String.raw`
const log = (text, ok) => {
  const li = document.createElement('li');
  li.textContent = text;
  li.className = ok ? 'ok' : 'bad';
  document.getElementById('log').appendChild(li);
};
async function call(label, url, init) {
  const res = await fetch(url, init);
  log(label + ' → ' + res.status, res.ok);
  return res;
}
async function run() {
  // 1. Log in: the server sets an HttpOnly session cookie and a readable id_token cookie.
  const login = await call('POST /login', '/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'username=alice&password=wonderland',
  });
  const tokens = await login.json();
  // 2. Keep the tokens in localStorage, as many SPAs (unwisely) do.
  localStorage.setItem('auth', JSON.stringify({ access_token: tokens.access_token, id_token: tokens.id_token }));
  const bearer = (t) => ({ headers: { Authorization: 'Bearer ' + t } });
  // 3. Bearer API call; the cookies travel along.
  await call('GET /api/me (bearer access token)', '/api/me', bearer(tokens.access_token));
  // 4. An expired token still being sent.
  await call('GET /api/orders (expired token)', '/api/orders', bearer(tokens.expired_token));
  // 5. An alg:none token that the careless API accepts.
  await call('GET /api/admin (alg none)', '/api/admin', bearer(tokens.none_token));
  // 6. A token in a URL.
  await call('GET /api/reports?access_token=… (token in URL)', '/api/reports?access_token=' + tokens.url_token);
  // 7. A custom header, and a refresh token in a JSON request body.
  await call('GET /api/profile (X-Access-Token header)', '/api/profile', { headers: { 'X-Access-Token': tokens.access_token } });
  await call('POST /token (refresh_token in JSON body)', '/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
  });
  // 8. An OAuth implicit-flow redirect: the token rides in the Location header's fragment.
  await call('GET /authorize (redirect with #id_token)', '/authorize');
  // 9. An MSAL-style cache entry in sessionStorage (a JSON value holding the token).
  sessionStorage.setItem(
    'demo-home-account.login.demo.test-idtoken-demo-spa-organizations-',
    JSON.stringify({ credentialType: 'IdToken', homeAccountId: 'demo-home-account', secret: tokens.id_token }),
  );
  // 10. The careless and strict APIs (tests/demo-app/careless-api.ts), each called with a valid token.
  api.access = tokens.access_token;
  await callApis();
  document.body.dataset.done = String(Number(document.body.dataset.done || 0) + 1);
}
const api = { access: '', qa: '' };
async function callApis() {
  if (!api.qa) {
    // Sets the careless_session cookie (HS256, a wordlist secret) and hands out the QA route's token.
    const res = await call('POST /careless/login', '/careless/login', { method: 'POST' });
    const body = await res.json();
    api.qa = body.qa_token;
    document.getElementById('qa-secret').textContent = body.qa_secret;
  }
  const bearer = (t) => ({ headers: { Authorization: 'Bearer ' + t } });
  await call('GET /careless/none-spelling (accepts alg "None")', '/careless/none-spelling', bearer(api.access));
  await call('GET /careless/ignores-exp (never checks exp)', '/careless/ignores-exp', bearer(api.qa));
  await call('GET /careless/weak-secret (cookie, wordlist secret)', '/careless/weak-secret');
  await call('GET /careless/key-confusion (HS256 with its RSA PEM)', '/careless/key-confusion', bearer(api.access));
  await call('GET /careless/no-signature (never checks the signature)', '/careless/no-signature', bearer(api.access));
  await call('GET /strict/me (strict)', '/strict/me', bearer(api.access));
  document.body.dataset.apis = String(Number(document.body.dataset.apis || 0) + 1);
}
document.getElementById('again').addEventListener('click', run);
document.getElementById('call-apis').addEventListener('click', () => callApis().catch((e) => log('APIs failed: ' + e, false)));
run().catch((e) => log('demo failed: ' + e, false));
`;

// ---- The session flow (issue 15, tests/demo-app/session-flow.ts): /session, /session?ttl=3&auto=1

/** The session-flow page: short-lived access tokens, a refresh only after a 401, a logout. */
export const SESSION_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Session flow — JWT Lens demo app</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2em; max-width: 50em; }
  li.ok { color: #188038; } li.bad { color: #c5221f; }
</style>
</head>
<body>
<h1>Session flow</h1>
<p>Logs in, calls the API with a short-lived access token, keeps calling after it expired, refreshes only
when the API answers 401, then logs out. Open DevTools → <b>JWT</b> → <b>Timeline</b>.</p>
<button id="start-session">Run the session flow</button>
<ol id="log"></ol>
<script src="/session/app.js"></script>
</body>
</html>`;

/** The session-flow page's script. */
export const SESSION_SCRIPT = String.raw`
const query = new URLSearchParams(location.search);
const ttl = Number(query.get('ttl')) || 10;
const qs = '?ttl=' + ttl;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (text, ok) => {
  const li = document.createElement('li');
  li.textContent = new Date().toISOString().slice(11, 23) + '  ' + text;
  li.className = ok ? 'ok' : 'bad';
  document.getElementById('log').appendChild(li);
};
let auth;
const save = () => localStorage.setItem('session-auth', JSON.stringify({ access_token: auth.access_token, refresh_token: auth.refresh_token }));
async function call(label, url, init) {
  const res = await fetch(url, init);
  log(label + ' → ' + res.status, res.ok);
  return res;
}
const api = () => call('GET /session/api/data', '/session/api/data', { headers: { Authorization: 'Bearer ' + auth.access_token } });
async function refresh() {
  const res = await call('POST /session/refresh', '/session/refresh' + qs, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=refresh_token&refresh_token=' + encodeURIComponent(auth.refresh_token),
  });
  if (res.ok) {
    auth = await res.json();
    save();
  }
}
async function run() {
  document.body.dataset.sessionDone = '';
  const login = await call('POST /session/login', '/session/login' + qs, { method: 'POST' });
  auth = await login.json();
  save();
  await api();
  await sleep(ttl * 400);
  await api();
  // The app does not look at expires_in: it keeps the token until the API refuses it.
  await sleep(ttl * 600 + 1500);
  let res = await api();
  if (res.status === 401) {
    await refresh();
    res = await api();
  }
  // Log out while the new token is still valid (its iat is rounded down to the second).
  await sleep(ttl * 250);
  await call('POST /session/logout', '/session/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + auth.access_token } });
  localStorage.removeItem('session-auth');
  document.body.dataset.sessionDone = '1';
}
document.getElementById('start-session').addEventListener('click', () => run().catch((e) => log('flow failed: ' + e, false)));
if (query.get('auto') === '1') run().catch((e) => log('flow failed: ' + e, false));
`;
