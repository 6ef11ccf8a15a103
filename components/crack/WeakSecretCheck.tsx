import { useEffect, useRef, useState } from 'preact/hooks';
import { binaryBytes, megabytes } from '../../lib/capture/sighting-label.ts';
import type { CrackJob, CrackProgress, CrackRunner } from '../host.ts';
import { QUICK_CHECK_MAX_INPUT } from '../state/inspect-token.ts';
import './crack.css';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; progress: CrackProgress; started: number; speed: number }
  | { phase: 'done'; tried: number; ms: number; found: boolean }
  | { phase: 'cancelled'; tried: number }
  | { phase: 'error'; message: string };

/** Runs the wordlist search for an HS* token's secret, with progress, speed and cancel. */
export function WeakSecretCheck({
  token,
  crack,
  found,
  onFound,
  onAddKey,
}: {
  token: string;
  crack: CrackRunner;
  /** The secret already found for this token, if any. */
  found?: string;
  onFound(secret: string): void;
  onAddKey(secret: string): void;
}) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [wordlist, setWordlist] = useState<File | undefined>();
  const job = useRef<CrackJob | null>(null);
  const run = useRef(0);

  useEffect(() => crack.prepare?.(), [crack]);

  useEffect(() => {
    setState({ phase: 'idle' });
    return () => job.current?.cancel();
  }, [token]);

  const start = () => {
    job.current?.cancel();
    const id = ++run.current;
    const started = Date.now();
    setState({ phase: 'running', progress: { tried: 0, total: 0 }, started, speed: 0 });
    const j = crack(token, {
      ...(wordlist ? { wordlistFile: wordlist } : {}),
      onProgress: (progress) =>
        setState((s) =>
          s.phase === 'running' && run.current === id
            ? {
                ...s,
                progress,
                speed: progress.rate ?? progress.tried / Math.max(0.001, (Date.now() - started) / 1000),
              }
            : s,
        ),
    });
    job.current = j;
    j.done.then(
      (r) => {
        if (run.current !== id) return;
        job.current = null;
        if (r.aborted) setState({ phase: 'cancelled', tried: r.tried });
        else {
          setState({ phase: 'done', tried: r.tried, ms: Date.now() - started, found: r.secret !== null });
          if (r.secret !== null) onFound(r.secret);
        }
      },
      (e: unknown) => {
        if (run.current !== id) return;
        job.current = null;
        setState({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  };

  const running = state.phase === 'running';
  // The compact signing input is everything before the last dot (ASCII: characters are bytes).
  const signingInput = token.lastIndexOf('.');
  return (
    <div class="weak-secret" data-testid="weak-secret">
      {signingInput > QUICK_CHECK_MAX_INPUT && found === undefined && (
        <p class="muted" data-testid="quick-check-skipped" role="note">
          Quick check skipped: signing input {megabytes(signingInput)} &gt; {binaryBytes(QUICK_CHECK_MAX_INPUT)}; the
          1,000 common secrets were not tried. Run the full search.
        </p>
      )}
      <div class="form-row">
        <button type="button" class="tool-button bordered" data-testid="crack-start" disabled={running} onClick={start}>
          Check for a weak secret
        </button>
        <label class="file-label">
          {wordlist ? `+ ${wordlist.name}` : 'Add a wordlist…'}
          <input
            type="file"
            accept=".txt,.lst,.dic,text/plain"
            data-testid="crack-wordlist"
            disabled={running}
            onChange={(e) => setWordlist((e.currentTarget as HTMLInputElement).files?.[0])}
          />
        </label>
        {running && (
          <button type="button" class="tool-button" data-testid="crack-cancel" onClick={() => job.current?.cancel()}>
            Cancel
          </button>
        )}
      </div>
      {running && (
        <div class="crack-progress" data-testid="crack-progress">
          <progress max={state.progress.total || 1} value={state.progress.tried} aria-label="Secrets tried" />
          <span>
            {state.progress.tried.toLocaleString('en-US')}
            {state.progress.total ? ` / ${state.progress.total.toLocaleString('en-US')}` : ''} ·{' '}
            <span data-testid="crack-speed">{Math.round(state.speed).toLocaleString('en-US')} candidates/s</span>
            {state.progress.etaMs !== undefined && ` · ${formatEta(state.progress.etaMs)} left`}
          </span>
        </div>
      )}
      <p class="muted" data-testid="crack-result" role="status">
        {state.phase === 'idle' &&
          (found === undefined
            ? 'Tries the built-in list of ~100k leaked JWT secrets (and your wordlist) against the signature, offline.'
            : '')}
        {state.phase === 'done' &&
          (state.found
            ? `Secret found after ${state.tried.toLocaleString('en-US')} candidates.`
            : `Not found in ${state.tried.toLocaleString('en-US')} candidates (${(state.ms / 1000).toFixed(1)} s).`)}
        {state.phase === 'cancelled' && `Cancelled after ${state.tried.toLocaleString('en-US')} candidates.`}
        {state.phase === 'error' && `The search failed: ${state.message}`}
      </p>
      {found !== undefined && (
        <div class="form-row crack-found" data-testid="crack-found">
          <span>
            Secret: <code>{JSON.stringify(found)}</code>
          </span>
          <button
            type="button"
            class="tool-button bordered"
            data-testid="crack-add-key"
            onClick={() => onAddKey(found)}
          >
            Add to key ring
          </button>
        </div>
      )}
    </div>
  );
}

function formatEta(ms: number): string {
  const sec = Math.ceil(ms / 1000);
  return sec < 60 ? `${sec} s` : `${Math.floor(sec / 60)} min ${sec % 60} s`;
}
