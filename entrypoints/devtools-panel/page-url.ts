import { browser } from 'wxt/browser';

/** Tracks the inspected page's URL (for third-party recipient findings). */
export function trackPageUrl(): () => string | undefined {
  let url: string | undefined;
  chrome.devtools.inspectedWindow.eval('location.href', (...args: unknown[]) => {
    if (typeof args[0] === 'string') url ??= args[0];
  });
  browser.devtools.network.onNavigated.addListener((u: string) => {
    url = u;
  });
  return () => url;
}
