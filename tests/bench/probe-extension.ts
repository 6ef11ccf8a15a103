import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR } from '../e2e/harness.ts';

/**
 * A worker script registering the same five webRequest listeners as the built background (same
 * events, filters and extra-info options) that do nothing — `onBeforeSendHeaders` may be given its
 * own listener's source. Checked against the built worker, so the benches' floor cannot drift from it.
 */
export function listenerProbeScript(onBeforeSendHeaders = 'nothing'): string {
  const built = readFileSync(join(EXTENSION_DIR, 'background.js'), 'utf8');
  for (const event of ['onBeforeRequest', 'onBeforeSendHeaders', 'onHeadersReceived', 'onErrorOccurred', 'onCompleted'])
    if (!built.includes(event)) throw new Error(`the built worker no longer registers ${event}: update the probe`);
  if ((built.match(/\.addListener\(/g) ?? []).length < 5) throw new Error('the built worker registers fewer listeners');
  const all = `{ urls: ['<all_urls>'] }`;
  return [
    `const nothing = () => undefined;`,
    `chrome.webRequest.onBeforeRequest.addListener(nothing, { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame', 'xmlhttprequest', 'ping', 'other'] }, ['requestBody']);`,
    `chrome.webRequest.onBeforeSendHeaders.addListener(${onBeforeSendHeaders}, ${all}, ['requestHeaders', 'extraHeaders']);`,
    `chrome.webRequest.onHeadersReceived.addListener(nothing, ${all}, ['responseHeaders', 'extraHeaders']);`,
    `chrome.webRequest.onErrorOccurred.addListener(nothing, ${all});`,
    `chrome.webRequest.onCompleted.addListener(nothing, { urls: ['<all_urls>'], types: ['main_frame'] });`,
  ].join('\n');
}

/** Other extension builds to measure in the same run, from `label=dir,label=dir` (an environment variable). */
export function extraBuilds(list: string | undefined): { label: string; dir: string }[] {
  return (list ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return { label: pair.slice(0, at), dir: pair.slice(at + 1) };
    });
}
