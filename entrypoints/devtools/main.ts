import { browser } from 'wxt/browser';
import { FIND_CHANNEL, type FindRequest } from '../../lib/protocol/find-request.ts';

// The panel title is "JWT"; its page is the devtools-panel entrypoint.
void browser.devtools.panels.create('JWT', '/icon/32.png', '/devtools-panel.html').then((panel) => {
  // DevTools' own find bar (Ctrl+F / Cmd+F over the panel) searches extension panels through onSearch:
  // its text drives the panel's filter, the closest DevTools allows to "Ctrl+F focuses the filter".
  // Firefox has no onSearch.
  const onSearch = (panel as { onSearch?: { addListener(cb: (action: string, query?: string) => void): void } })
    .onSearch;
  if (!onSearch) return;
  const channel = new BroadcastChannel(FIND_CHANNEL);
  const tabId = browser.devtools.inspectedWindow.tabId;
  onSearch.addListener((action, query) => {
    const request: FindRequest = { tabId, action: action === 'cancelSearch' ? 'cancel' : 'search', query: query ?? '' };
    if (action === 'performSearch' || action === 'cancelSearch') channel.postMessage(request);
  });
});
