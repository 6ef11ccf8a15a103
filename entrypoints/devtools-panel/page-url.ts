import { browser } from 'wxt/browser';
import { evalInPage } from './eval-in-page.ts';

/** Tracks the inspected page's URL (for third-party recipient findings). */
export function trackPageUrl(): () => string | undefined {
  let url: string | undefined;
  void evalInPage('location.href').then((href) => {
    if (typeof href === 'string') url ??= href;
  });
  browser.devtools.network.onNavigated.addListener((u: string) => {
    url = u;
  });
  return () => url;
}
