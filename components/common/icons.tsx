// Icons are CSS masks over currentColor (see icons.css): a stock Linux has no emoji font, symbol
// glyphs render as boxes there, and the panel renders no <svg> of its own.
import './icons.css';

function Icon({ name }: { name: string }) {
  return <span class={`icon icon-${name}`} aria-hidden="true" />;
}

/** A cross (close, invalid). */
export function CloseIcon() {
  return <Icon name="close" />;
}

/** A tick (verified, a checked menu entry). */
export function TickIcon() {
  return <Icon name="tick" />;
}

/** A key (no matching key). */
export function KeyIcon() {
  return <Icon name="key" />;
}

/** A warning triangle. */
export function WarnIcon() {
  return <Icon name="warn" />;
}

/** A dot (not verifiable). */
export function DotIcon() {
  return <Icon name="dot" />;
}

/** Two chevrons (the toolbar's » menu). */
export function MoreIcon() {
  return <Icon name="more" />;
}
