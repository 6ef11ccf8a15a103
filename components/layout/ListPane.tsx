import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { PasteBox } from '../paste/PasteBox.tsx';
import type { PanelState, PanelStore } from '../state/panel-store.ts';
import { NoMatch, NoTokens } from '../token-list/ListPlaceholders.tsx';
import { TokenList } from '../token-list/TokenList.tsx';

/** The left side of the split: the paste box and the token list (or why it is empty). */
export function ListPane({
  store,
  s,
  compact,
  onOpen,
  onRowMenu,
}: {
  store: PanelStore;
  s: PanelState;
  compact: boolean;
  onOpen: (token: string) => void;
  onRowMenu: (token: string, x: number, y: number) => void;
}) {
  const entries = store.entries();
  const listed = store.listed();
  const pending = store.filterPending();
  return (
    <>
      <PasteBox
        value={s.draft}
        reading={store.pasteReading()}
        notKept={s.pasteNotKept}
        onInput={(v) => store.paste(v)}
        onFocus={() => store.focusPaste()}
      />
      {entries.length === 0 ? (
        <NoTokens />
      ) : listed.length === 0 ? (
        <NoMatch filterText={s.filterText} pending={pending} onClear={() => store.setFilter('')} />
      ) : (
        <ErrorBoundary what="token list" resetKey={listed}>
          <TokenList
            entries={listed}
            rowOf={(c) => store.rowOf(c)}
            selected={s.selected}
            now={s.now}
            clockSkew={s.clockSkew}
            sort={s.sort}
            onSort={(column) => store.sortBy(column)}
            onSelect={(t) => store.select(t)}
            onOpen={onOpen}
            onVisible={(tokens) => store.visible(tokens)}
            compact={compact}
            hiddenColumns={s.layout.hiddenColumns}
            onToggleColumn={(id) => store.toggleColumn(id)}
            onRowMenu={onRowMenu}
            busy={pending}
            recycleOn={`${s.filterText}\n${s.sort.column}\n${s.sort.descending}`}
          />
        </ErrorBoundary>
      )}
    </>
  );
}
