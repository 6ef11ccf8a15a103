import { Component } from 'preact';
import type { Sighting } from '../../lib/capture/model.ts';
import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import type { PanelHost } from '../host.ts';
import { KeyRingView } from '../key-ring/KeyRingView.tsx';
import type { PanelStore } from '../state/panel-store.ts';
import { sameApartFromList, usePanel } from '../state/use-panel.ts';
import { NoSelection } from '../token-detail/NoSelection.tsx';
import { TokenDetail } from '../token-detail/TokenDetail.tsx';
import { isForged } from '../state/forged-tokens.ts';
import { TokenForgeLinks, WorkbenchPane } from '../workbench/WorkbenchPane.tsx';
import { UseInAppPane } from '../replay/UseInApp.tsx';
import { ReplayArea } from '../replay/ReplayArea.tsx';
import { SentLogView } from '../replay/SentLogView.tsx';
import { SightingActions } from '../replay/SightingActions.tsx';

interface DetailPaneProps {
  store: PanelStore;
  host: PanelHost;
  onSightingMenu: (sighting: Sighting, x: number, y: number) => void;
}

/**
 * The right side of the split: the key ring, the selected token's detail, or what to do next. It
 * reads the store itself and is drawn again only when its props or a state field it may show
 * change: a filter keystroke (or a sort) redraws the list, never the detail.
 */
export class DetailPane extends Component<DetailPaneProps> {
  override shouldComponentUpdate(next: DetailPaneProps): boolean {
    const p = this.props;
    return p.store !== next.store || p.host !== next.host || p.onSightingMenu !== next.onSightingMenu;
  }

  override render() {
    return <DetailPaneView {...this.props} />;
  }
}

function DetailPaneView({ store, host, onSightingMenu }: DetailPaneProps) {
  const s = usePanel(store, (st) => st.state, sameApartFromList);
  const { ring } = s;
  const detail = store.detail();
  if (s.pane === 'keys')
    return (
      <ErrorBoundary what="key ring">
        <KeyRingView
          ring={ring}
          editing={s.keyEditing}
          onEditing={(e) => store.setKeyEditing(e)}
          onSave={(entry) => store.saveKey(entry)}
          onRemove={(id) => store.removeKey(id)}
          {...(store.fetchText() ? { onFetchJwks: (url: string) => store.fetchJwks(url) } : {})}
          onImport={(text) => store.importKeys(text)}
          onExport={(secrets) => store.exportKeys(secrets)}
        />
        {/* Fetch JWKS from here is logged too: the sent log shows where it was sent from. */}
        {s.replay.sentLog.length > 0 && <SentLogView entries={s.replay.sentLog} />}
      </ErrorBoundary>
    );
  if (s.pane === 'workbench')
    return (
      <>
        <WorkbenchPane store={store} s={s} />
        <ErrorBoundary what="use in app">
          <UseInAppPane store={store} s={s} host={host} />
        </ErrorBoundary>
      </>
    );
  if (!detail) return <NoSelection hasTokens={store.entries().length > 0} />;
  const fetchText = store.fetchText();
  return (
    <ErrorBoundary what="token detail" resetKey={detail.token}>
      <TokenDetail
        key={detail.token}
        view={detail.view}
        {...(detail.captured ? { captured: detail.captured } : {})}
        {...(detail.inspection ? { inspection: detail.inspection } : {})}
        fresh={detail.fresh}
        {...(detail.cracked !== undefined ? { cracked: detail.cracked } : {})}
        now={s.now}
        clockSkew={s.clockSkew}
        keys={ring.keys}
        {...(fetchText ? { fetchText } : {})}
        {...(host.crack ? { crack: host.crack } : {})}
        onCracked={(secret) => store.setCracked(detail.token, secret)}
        onAddKey={(entry) => store.addKey(entry)}
        onClose={() => store.deselect()}
        onSightingMenu={onSightingMenu}
        onOpenWorkbench={() => store.openWorkbench(detail.token)}
        forged={!!detail.captured && isForged(detail.captured)}
        links={<TokenForgeLinks store={store} s={s} token={detail.token} />}
        tokenKind={detail.tokenKind}
        related={detail.related}
        authorizeRequests={detail.authorizeRequests}
        onSelectToken={(t) => store.select(t)}
        requests={store.requests()}
        sightingActions={(sighting) => {
          const target = store.replayTarget(detail.token, sighting);
          return (
            target && (
              <SightingActions
                target={target}
                onReplay={(t) => store.openReplay(t)}
                onTest={(t) => void store.testEndpoint(t)}
              />
            )
          );
        }}
        replay={<ReplayArea store={store} s={s} token={detail.token} />}
      />
    </ErrorBoundary>
  );
}
