import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { forgedFrom } from '../state/forged-tokens.ts';
import type { PanelState, PanelStore } from '../state/panel-store.ts';
import { decodeCached, tokenLabel } from '../state/token-view.ts';
import { ForgeLinks, type LinkedToken } from './ForgeLinks.tsx';
import { Workbench } from './Workbench.tsx';

/** The workbench in the detail pane, wired to the store. */
export function WorkbenchPane({ store, s }: { store: PanelStore; s: PanelState }) {
  const model = store.workbench();
  const w = s.workbench;
  if (!model || !w) return null;
  return (
    <ErrorBoundary what="workbench">
      <Workbench
        model={model}
        state={w}
        keys={s.ring.keys}
        {...(w.source ? { sourceLabel: tokenLabel(decodeCached(w.source)) } : {})}
        added={w.token !== '' && s.forged.has(w.token)}
        onAdd={() => store.addForged()}
        onShowAdded={() => {
          const token = w.token;
          store.closeWorkbench();
          store.select(token);
        }}
        onClose={() => store.closeWorkbench()}
        onCopy={(text, what) => void store.copy(text, what)}
      />
    </ErrorBoundary>
  );
}

/** The forge links of a token's detail: what it was forged from, and what was forged from it. */
export function TokenForgeLinks({ store, s, token }: { store: PanelStore; s: PanelState; token: string }) {
  // A look-up per linked token: a Set of every entry per draw cost 4 ms a second with 10,000 tokens.
  const link = (t: string): LinkedToken => ({
    token: t,
    label: tokenLabel(decodeCached(t)),
    listed: store.hasEntry(t),
  });
  const own = s.forged.get(token);
  const children = forgedFrom(s.forged, token).map((f) => link(f.token));
  return (
    <ForgeLinks
      {...(own?.source ? { from: link(own.source) } : {})}
      {...(own?.variant ? { variant: own.variant } : {})}
      derived={children}
      forged={own !== undefined}
      onSelect={(t) => store.select(t)}
      onRemove={() => store.removeForged(token)}
    />
  );
}
