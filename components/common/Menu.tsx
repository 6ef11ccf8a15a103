import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { TickIcon } from './icons.tsx';
import './menu.css';

/** One entry of a {@link Menu}. */
export interface MenuEntry {
  id: string;
  label: string;
  onSelect(): void;
  /** Set for a checkbox entry (menuitemcheckbox). */
  checked?: boolean;
  disabled?: boolean;
  testId?: string;
}

/** Where a menu of size w × h opened at (x, y) goes so that it stays inside a vw × vh viewport. */
export function placeMenu(
  x: number,
  y: number,
  w: number,
  h: number,
  vw: number,
  vh: number,
): { left: number; top: number } {
  const left = x + w > vw ? Math.max(0, vw - w) : Math.max(0, x);
  const top = y + h > vh ? Math.max(0, y - h > 0 ? y - h : vh - h) : Math.max(0, y);
  return { left, top };
}

/**
 * A popup menu (role="menu") at a point: ↑/↓/Home/End move, Enter or Space picks, Esc, Tab or a
 * click outside closes; focus goes to the first entry and back to the opener on close.
 */
export function Menu({
  entries,
  x,
  y,
  label,
  onClose,
  testId = 'context-menu',
}: {
  entries: readonly MenuEntry[];
  x: number;
  y: number;
  label: string;
  onClose(): void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });
  const opener = useRef<Element | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    opener.current = el.ownerDocument.activeElement;
    const view = el.ownerDocument.defaultView;
    setPos(placeMenu(x, y, el.offsetWidth, el.offsetHeight, view?.innerWidth ?? 1e6, view?.innerHeight ?? 1e6));
    el.querySelector<HTMLElement>('[role^="menuitem"]:not([disabled])')?.focus();
    return () => {
      const o = opener.current as HTMLElement | null;
      if (o && o.isConnected && typeof o.focus === 'function') o.focus();
    };
  }, [x, y]);

  useEffect(() => {
    const doc = ref.current?.ownerDocument;
    if (!doc) return;
    const outside = (e: Event) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    doc.addEventListener('mousedown', outside, true);
    doc.defaultView?.addEventListener('blur', onClose);
    doc.defaultView?.addEventListener('resize', onClose);
    return () => {
      doc.removeEventListener('mousedown', outside, true);
      doc.defaultView?.removeEventListener('blur', onClose);
      doc.defaultView?.removeEventListener('resize', onClose);
    };
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])') ?? [])];
    const i = items.indexOf(e.target as HTMLElement);
    const go = (n: number) => {
      e.preventDefault();
      items[(n + items.length) % items.length]?.focus();
    };
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div
      ref={ref}
      class="menu"
      role="menu"
      aria-label={label}
      data-testid={testId}
      style={{ left: `${pos.left}px`, top: `${pos.top}px` }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {entries.map((m) => (
        <button
          key={m.id}
          type="button"
          class="menu-item"
          role={m.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={m.checked === undefined ? undefined : m.checked}
          tabIndex={-1}
          disabled={m.disabled}
          data-testid={m.testId ?? `menu-${m.id}`}
          data-action={m.id}
          onClick={() => {
            onClose();
            m.onSelect();
          }}
        >
          <span class="menu-check" aria-hidden="true">
            {m.checked ? <TickIcon /> : null}
          </span>
          <span class="menu-label">{m.label}</span>
        </button>
      ))}
    </div>
  );
}

/** Whether a key event asks for a context menu (the ContextMenu key or Shift+F10). */
export function isMenuKey(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): boolean {
  return e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey);
}
