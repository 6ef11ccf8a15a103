import { useRef } from 'preact/hooks';
import { timeStatus } from '../lib/time-claims.ts';
import { ValidityBadge } from './TimeClaims.tsx';
import type { TokenView } from './token-view.ts';

const SOURCE_TEXT: Record<string, string> = {
  header: 'header',
  cookie: 'cookie',
  'set-cookie': 'set-cookie',
  url: 'url',
  body: 'body',
  'local-storage': 'storage',
  'session-storage': 'storage',
  pasted: 'pasted',
};

function shortUrl(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/** The list of tokens, newest first; ↑/↓ move the selection. */
export function TokenList(props: {
  views: TokenView[];
  selected: string | null;
  now: number;
  onSelect(token: string): void;
}) {
  const { views, selected, now, onSelect } = props;
  const listRef = useRef<HTMLUListElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const i = views.findIndex((v) => v.token === selected);
    const next = e.key === 'ArrowDown' ? Math.min(views.length - 1, i + 1) : Math.max(0, i - 1);
    const v = views[next];
    if (v) onSelect(v.token);
  };
  return (
    <ul class="token-list" role="listbox" aria-label="Captured tokens" tabIndex={0} ref={listRef} onKeyDown={onKeyDown}>
      {views.map((v) => {
        const c = v.captured;
        const last = c?.sightings[c.sightings.length - 1];
        const sources = c ? [...new Set(c.sightings.map((s) => SOURCE_TEXT[s.source] ?? s.source))] : ['pasted'];
        return (
          <li
            key={v.token}
            role="option"
            aria-selected={v.token === selected}
            class={`token-row${v.token === selected ? ' selected' : ''}`}
            data-testid="token-row"
            onClick={() => onSelect(v.token)}
          >
            <div class="row-main">
              <ValidityBadge status={timeStatus(v.decoded.payload, now / 1000)} compact />
              <span class="row-alg">{v.alg}</span>
              <span class="row-label">{v.label}</span>
              {c && (
                <span class="row-count" title="sightings">
                  ×{c.count}
                </span>
              )}
            </div>
            <div class="row-sub">
              {sources.map((s) => (
                <span key={s} class="chip">
                  {s}
                </span>
              ))}
              {last && (
                <span class="row-request" title={last.url}>
                  {last.method} {shortUrl(last.url)}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
