import { Menu } from '../common/Menu.tsx';
import type { PanelStore } from '../state/panel-store.ts';
import type { TokenAction } from '../state/token-actions.ts';

/** An open context menu: where, what for, and its actions. */
export interface OpenMenu {
  x: number;
  y: number;
  actions: TokenAction[];
  label: string;
}

/** The context menu of a row or a sighting: copy actions go to the clipboard, filter actions to the filter. */
export function ActionMenu({ menu, store, onClose }: { menu: OpenMenu; store: PanelStore; onClose: () => void }) {
  return (
    <Menu
      label={menu.label}
      x={menu.x}
      y={menu.y}
      onClose={onClose}
      entries={menu.actions.map((a) => ({
        id: a.id,
        label: a.label.length > 72 ? `${a.label.slice(0, 71)}…` : a.label,
        onSelect: () => (a.kind === 'copy' ? void store.copy(a.text, a.what) : store.setFilter(a.text)),
      }))}
    />
  );
}
