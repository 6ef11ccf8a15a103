import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '../../components/App.tsx';
import type { CaptureNotice } from '../../lib/capture/model.ts';
import { FIND_CHANNEL, readFindRequest } from '../../lib/protocol/find-request.ts';
import { PROTOCOL_VERSION } from '../../lib/protocol/messages.ts';
import { MissedRequests } from '../../lib/capture/missed-requests.ts';
import { startPanelCapture, watchWorkerCapture } from './capture-sources.ts';
import { workerCrackRunner } from './crack-runner.ts';
import { workerDecode } from './decode-off-thread.ts';
import { fetchText } from './fetch-text.ts';
import { workerHarImport } from './har-import.ts';
import { localKeyRingStore } from './key-ring-storage.ts';
import { trackPageUrl } from './page-url.ts';
import { writeClipboard } from './clipboard.ts';
import { localPreferenceStore } from './preferences-storage.ts';
import { sessionPasteStore } from './paste-storage.ts';
import { portTransport } from './port-transport.ts';
import { workerQuickSecretCheck } from './quick-check.ts';
import { requestReplayPermission, sendReplay } from './replay-sender.ts';

const root = document.documentElement;
root.dataset.theme = browser.devtools.panels.themeName === 'dark' ? 'dark' : 'light';
const tabId = browser.devtools.inspectedWindow.tabId;
const missed = new MissedRequests();
const transport = watchWorkerCapture(portTransport(tabId), missed);
/** DevTools' find bar, relayed by the DevTools page (entrypoints/devtools) for this inspected tab. */
const onFind = (listener: (query: string) => void) => {
  const channel = new BroadcastChannel(FIND_CHANNEL);
  channel.onmessage = (e: MessageEvent) => {
    const request = readFindRequest(e.data, tabId);
    if (request?.action === 'search') listener(request.query);
  };
  return () => channel.close();
};
const noticeListeners = new Set<(notice: CaptureNotice) => void>();
/** Notices of the panel's own capture sources, for the panel store. */
const captureNotices = (listener: (notice: CaptureNotice) => void) => {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
};
const capture = startPanelCapture(
  (found) => transport.send({ v: PROTOCOL_VERSION, kind: 'report', found }),
  (notice) => noticeListeners.forEach((l) => l(notice)),
  missed,
);
// The first Intl call of a page loads its locale data (tens of milliseconds): done while the panel
// is idle, not inside the first draw of a token's sightings (their times are toLocaleTimeString).
setTimeout(() => void new Date().toLocaleTimeString(), 0);
render(
  <App
    transport={transport}
    rescanStorage={capture.rescanStorage}
    keyRing={localKeyRingStore()}
    preferences={localPreferenceStore()}
    fetchText={fetchText}
    crack={workerCrackRunner}
    pageUrl={trackPageUrl()}
    pastes={sessionPasteStore(tabId)}
    clipboard={writeClipboard}
    quickSecretCheck={workerQuickSecretCheck}
    decodeLarge={workerDecode}
    importHar={workerHarImport}
    onFind={onFind}
    onBodiesSkipped={capture.onBodiesSkipped}
    onAuthorizeRequest={capture.onAuthorizeRequest}
    captureNotices={captureNotices}
    requestOverridePermission={requestReplayPermission}
    sendReplay={sendReplay}
    requestReplayPermission={requestReplayPermission}
  />,
  document.getElementById('app')!,
);
