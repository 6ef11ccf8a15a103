import { splitAfterKey } from '../state/layout-settings.ts';
import './layout.css';

/**
 * The draggable line between the list and the detail (role="separator"): drag it, or focus it and
 * use ←/→ (Shift: bigger steps), Home and End. `onChange(fraction, done)`: `done` when the drag or
 * key press ends, so the host stores it once.
 */
export function SplitHandle({
  fraction,
  container,
  controls,
  onChange,
}: {
  fraction: number;
  container: { current: HTMLElement | null };
  controls: string;
  onChange(fraction: number, done: boolean): void;
}) {
  const at = (clientX: number) => {
    const r = container.current?.getBoundingClientRect();
    return r && r.width > 0 ? (clientX - r.left) / r.width : fraction;
  };
  return (
    <div
      class="split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the token list"
      aria-controls={controls}
      aria-valuemin={15}
      aria-valuemax={85}
      aria-valuenow={Math.round(fraction * 100)}
      tabIndex={0}
      data-testid="split-handle"
      onPointerDown={(e) => {
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
      }}
      onPointerMove={(e) => {
        if ((e.currentTarget as HTMLElement).hasPointerCapture?.(e.pointerId)) onChange(at(e.clientX), false);
      }}
      onPointerUp={(e) => {
        const el = e.currentTarget as HTMLElement;
        if (!el.hasPointerCapture?.(e.pointerId)) return;
        el.releasePointerCapture(e.pointerId);
        onChange(at(e.clientX), true);
      }}
      onKeyDown={(e) => {
        const next = splitAfterKey(fraction, e.key, e.shiftKey);
        if (next === undefined) return;
        e.preventDefault();
        onChange(next, true);
      }}
    />
  );
}
