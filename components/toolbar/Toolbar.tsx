import { useEffect, useRef } from 'preact/hooks';
import type { CaptureState } from '../state/capture-state.ts';
import { SkewSetting } from './SkewSetting.tsx';
import './toolbar.css';

/** `/` focuses the filter, as in DevTools' Network panel (not while typing in a field). */
function useSlashFocus(): { current: HTMLInputElement | null } {
  const filterRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' ||
          target.tagName === 'TEXTAREA' ||
          target.tagName === 'SELECT' ||
          target.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return filterRef;
}

/** The panel toolbar: clear, preserve log, rescan, filter, counts, key ring, export, connection. */
export function Toolbar(props: {
  capture: CaptureState;
  onPreserveLog(enabled: boolean): void;
  /** Seconds of clock-skew tolerance, and its setter (the skew input is shown when given). */
  clockSkew?: number;
  onClockSkew?(seconds: number): void;
  rescanStorage?: () => Promise<number>;
  onClear(): void;
  filterText: string;
  filterWarnings: string[];
  onFilter(text: string): void;
  count: { listed: number; total: number };
  keyCount: number;
  keysOpen: boolean;
  onToggleKeys(): void;
  onAddKey(): void;
  onExport(): void;
  canExport: boolean;
}) {
  const { capture, count } = props;
  const status = capture.status;
  const filterRef = useSlashFocus();
  return (
    <div class="toolbar" role="toolbar" aria-label="JWT Lens toolbar">
      <button
        type="button"
        class="tool-button"
        onClick={props.onClear}
        title="Clear captured and pasted tokens"
        aria-label="Clear"
      >
        Clear
      </button>
      <label class="tool-check" title="Keep tokens when the page navigates">
        <input
          type="checkbox"
          data-testid="preserve-log"
          checked={capture.preserveLog}
          onChange={(e) => props.onPreserveLog((e.currentTarget as HTMLInputElement).checked)}
        />
        Preserve log
      </label>
      {props.onClockSkew && <SkewSetting seconds={props.clockSkew ?? 0} onChange={props.onClockSkew} />}
      {props.rescanStorage && (
        <button
          type="button"
          class="tool-button"
          data-testid="rescan-storage"
          title="Read the page's localStorage and sessionStorage again"
          onClick={() => void props.rescanStorage?.()}
        >
          Rescan storage
        </button>
      )}
      <span class="toolbar-sep" />
      <input
        ref={filterRef}
        type="search"
        class={`filter-input${props.filterWarnings.length ? ' has-warning' : ''}`}
        data-testid="token-filter"
        placeholder="Filter  (e.g. url:/api/me  status:401  name:Authorization  expired)"
        aria-label="Filter tokens (press / to focus)"
        title={
          props.filterWarnings.length
            ? props.filterWarnings.join('; ')
            : 'Free text over claims, URLs, hosts, names, sources and rule ids; url:, path:, method:, status:, name:, host:, alg:, source:, iss:, sub:, rule:, severity:, kind:, is:, any claim:value; -term negates'
        }
        value={props.filterText}
        onInput={(e) => props.onFilter((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onFilter('');
        }}
      />
      <span class="toolbar-count" data-testid="token-count">
        {count.listed === count.total ? count.total : `${count.listed} of ${count.total}`} token
        {count.total === 1 ? '' : 's'}
        {capture.dropped > 0 && ` · ${capture.dropped} older sightings dropped`}
      </span>
      {capture.notices.map((n) => (
        <span key={n.code} class="toolbar-notice" role="status" data-testid="capture-notice" data-code={n.code}>
          {n.message}
        </span>
      ))}
      <span class="toolbar-spacer" />
      <button
        type="button"
        class="tool-button"
        data-testid="add-key"
        onClick={props.onAddKey}
        title="Add a key to verify tokens"
      >
        + Add key
      </button>
      <button
        type="button"
        class="tool-button"
        data-testid="key-ring-toggle"
        aria-pressed={props.keysOpen}
        onClick={props.onToggleKeys}
        title="Show the key ring"
      >
        Keys ({props.keyCount})
      </button>
      <button
        type="button"
        class="tool-button"
        data-testid="export-open"
        disabled={!props.canExport}
        onClick={props.onExport}
      >
        Export
      </button>
      <span class={`connection connection-${status.state}`} data-testid="connection" data-state={status.state}>
        {status.state === 'connected'
          ? 'Live'
          : status.state === 'connecting'
            ? 'Connecting…'
            : status.state === 'disconnected'
              ? 'Reconnecting…'
              : status.message}
      </span>
    </div>
  );
}
