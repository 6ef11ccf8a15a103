import { HOLD_SCRIPT, RELEASE_SCRIPT } from './page-scripts.ts';
import { evalInPage } from './eval-in-page.ts';

let installing: Promise<unknown> | undefined;
let installedAt = 0;
// A request flood asks at most this often (a new document's first script requests still do).
const REINSTALL_MS = 50;

/**
 * Installs the hold in the inspected page's current document (idempotent; one evaluation at a
 * time). Called when the panel opens, on each navigation and whenever a request finishes (`soon`:
 * at most every 50 ms): a new document's own script requests finish before its code can send a
 * token request.
 */
export function installTokenResponseHold(soon = false): Promise<unknown> {
  if (soon && !installing && Date.now() - installedAt < REINSTALL_MS) return Promise.resolve('recent');
  installing ??= evalInPage(HOLD_SCRIPT).finally(() => {
    installing = undefined;
    installedAt = Date.now();
  });
  return installing;
}

/** Lets the page's code have the token responses it is waiting for (the panel has read them). */
export function releaseTokenResponses(): Promise<unknown> {
  return evalInPage(RELEASE_SCRIPT);
}
