// Page-side scripts (constants, never token-derived text) the panel evaluates in the inspected
// page with devtools.inspectedWindow.eval. This file imports nothing, so the unit tests may run the
// scripts in a VM (the one file under entrypoints/ that tests import; see docs/ARCHITECTURE.md).

/** The longest the page's code waits for the panel to read a token response (then it goes on anyway). */
export const HOLD_MS = 1000;

/**
 * How long the hold stays armed after the panel last showed it is open (the storage poll beats
 * every second): a closed panel can no longer release anything, so the page is then never held.
 */
export const ALIVE_MS = 3000;

// Runs in the inspected page (top frame), once per document: wraps window.fetch so that the
// answer to a token request (a POST whose form body names grant_type) reaches the page's code only
// once the panel has read it, or after HOLD_MS. A login callback navigates away right after that
// answer, and DevTools drops a document's response bodies when the next one commits: without the
// hold, the panel's getContent loses that race (4 of 20 logins in our measurements). Only fetch is
// held (XMLHttpRequest is not); the response is not changed (a copy's body is read, so that DevTools
// sees the request finish).
/** The page-side script that installs the hold (a constant: never token-derived text). */
export const HOLD_SCRIPT = `(() => {
  const key = Symbol.for('jwt-lens.token-response-hold');
  if (window[key]) { window[key].alive = Date.now(); return 'present'; }
  const state = { alive: Date.now(), release: () => release() };
  const waiting = new Set();
  const release = () => { for (const r of [...waiting]) r(); waiting.clear(); };
  const tokenRequest = (method, body) => {
    if (String(method || 'GET').toUpperCase() !== 'POST') return false;
    if (typeof body === 'string') return /(?:^|&)grant_type=/.test(body);
    return typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams && body.has('grant_type');
  };
  const original = window.fetch;
  if (typeof original !== 'function') return 'no-fetch';
  const held = function fetch(input, init) {
    const method = (init && init.method) || (input instanceof Request ? input.method : 'GET');
    const answer = original.apply(this, arguments);
    if (!tokenRequest(method, init && init.body)) return answer;
    // No sign of the panel for a while (closed, or DevTools detached): never hold.
    if (Date.now() - state.alive > ${ALIVE_MS}) return answer;
    // DevTools reports the request finished only once its body is read: read a copy first.
    return answer.then((response) => response.clone().arrayBuffer().catch(() => null).then(() => new Promise((resolve) => {
      const go = () => { waiting.delete(go); resolve(response); };
      waiting.add(go);
      setTimeout(go, ${HOLD_MS});
    })));
  };
  Object.defineProperty(window, key, { value: state, configurable: true });
  window.fetch = held;
  return 'installed';
})()`;

/** A page-side statement that tells an installed hold the panel is still open (prefix of the storage poll). */
export const HOLD_HEARTBEAT = `(() => { const h = window[Symbol.for('jwt-lens.token-response-hold')]; if (h) h.alive = Date.now(); })();`;

/** The page-side script that lets held token responses go. */
export const RELEASE_SCRIPT = `(() => { const h = window[Symbol.for('jwt-lens.token-response-hold')]; if (h) h.release(); return !!h; })()`;
