import type { browser as polyfilled } from 'wxt/browser';

/**
 * The browser's own extension API for the service worker: Firefox's and Chromium's native `browser`
 * (Chromium 144+), else `chrome`, whose MV3 methods return promises for everything the worker calls
 * (storage, tabs, cookies, declarativeNetRequest). Not webextension-polyfill: the worker registers its
 * listeners in the first turn of a start, and all the script it loads and evaluates before that delays
 * them (a request that arrives while a stopped worker starts is lost more often).
 */
export const browser: typeof polyfilled = (
  (globalThis as { browser?: { runtime?: { id?: string } } }).browser?.runtime?.id
    ? (globalThis as { browser?: unknown }).browser
    : (globalThis as { chrome?: unknown }).chrome
) as typeof polyfilled;
