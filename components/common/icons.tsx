import type { ComponentChildren } from 'preact';

// Icons as inline SVG: a stock Linux has no emoji font, and symbol glyphs render as boxes there.

function Svg({ children, label }: { children: ComponentChildren; label?: string }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 16 16"
      width="12"
      height="12"
      focusable="false"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' })}
    >
      {children}
    </svg>
  );
}

/** A cross (close, invalid). */
export function CloseIcon({ label }: { label?: string }) {
  return (
    <Svg {...(label ? { label } : {})}>
      <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="2" />
    </Svg>
  );
}

/** A tick (verified). */
export function TickIcon() {
  return (
    <Svg>
      <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" />
    </Svg>
  );
}

/** A key (no matching key). */
export function KeyIcon() {
  return (
    <Svg>
      <circle cx="5" cy="8" r="3" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path d="M8 8h7M12 8v3M14.5 8v2.5" fill="none" stroke="currentColor" stroke-width="1.8" />
    </Svg>
  );
}

/** A warning triangle. */
export function WarnIcon() {
  return (
    <Svg>
      <path d="M8 1.5L15 14.5H1z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
      <path d="M8 6v4M8 11.5v1.5" stroke="currentColor" stroke-width="1.6" />
    </Svg>
  );
}

/** A dot (not verifiable). */
export function DotIcon() {
  return (
    <Svg>
      <circle cx="8" cy="8" r="3" fill="currentColor" />
    </Svg>
  );
}
