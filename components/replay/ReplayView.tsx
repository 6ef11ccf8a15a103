import type { RequestRecord } from '../../lib/types.ts';
import type { ReplayModel, ReplayViewState } from '../state/replay-state.ts';
import { VisibleText } from '../common/VisibleText.tsx';
import { BodyPreview, HeaderList } from './ResponseView.tsx';

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KiB`;
}

/**
 * The replay of one captured request: a chooser of the token to send (as captured, the workbench's
 * token, each forged variant, none), Send, and the answer — status, time, size, headers, body —
 * beside the original answer when it was captured.
 */
export function ReplayView({
  state,
  model,
  original,
}: {
  state: ReplayViewState;
  model: ReplayModel;
  /** The captured request (its status and response headers are the original answer). */
  original?: RequestRecord;
}) {
  const { target, outcome } = state;
  const answer = outcome?.answer;
  return (
    <div class="section replay-view" data-testid="replay-view" aria-label="Replay">
      <div class="section-head">
        <h3>Replay</h3>
        <button type="button" class="tool-button" data-testid="replay-close" onClick={() => model.closeReplay()}>
          Close
        </button>
      </div>
      <p class="replay-target">
        <code>{target.method}</code>{' '}
        <span class="url-cell">
          <VisibleText text={target.url} />
        </span>
      </p>
      <div class="form-row">
        <label class="grow">
          Token to send
          <select
            data-testid="replay-variant"
            value={state.choice}
            onChange={(e) => model.choose((e.currentTarget as HTMLSelectElement).value)}
          >
            {state.choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.variant === 'original' || c.variant === 'workbench' || c.variant === 'no-token'
                  ? c.label
                  : `${c.variant}: ${c.label}`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="primary-button"
          data-testid="replay-send"
          disabled={state.sending}
          onClick={() => void model.sendReplay()}
        >
          {state.sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {state.planning && <p class="muted">Making the variants…</p>}
      {outcome?.error && (
        <p class="form-error" role="alert" data-testid="replay-error" data-code={outcome.error.code}>
          <VisibleText text={outcome.error.message} />
        </p>
      )}
      {answer && (
        <div class="replay-compare">
          <div class="replay-answer" data-testid="replay-result" data-status={answer.status}>
            <h4>
              Replay:{' '}
              <span class={answer.status >= 400 || answer.status === 0 ? 'status-bad' : undefined}>
                {answer.redirected ? 'redirect (not followed)' : `${answer.status} ${answer.statusText}`}
              </span>
            </h4>
            <p class="muted">
              {answer.ms} ms · {sizeText(answer.size)}
              {answer.bodyTruncated ? ' (preview: first 256 KiB)' : ''} · sent{' '}
              <VisibleText text={outcome.choice.label} />
            </p>
            {(outcome.dropped.length > 0 || outcome.ruleHeaders.length > 0) && (
              <p class="muted">
                {outcome.ruleHeaders.length > 0 && (
                  <>Set by a one-request network rule: {outcome.ruleHeaders.join(', ')}. </>
                )}
                {outcome.dropped.length > 0 && <>Set by the browser: {outcome.dropped.join(', ')}.</>}
              </p>
            )}
            <details>
              <summary>Response headers ({answer.headers.length})</summary>
              <HeaderList headers={answer.headers} label="Replay response headers" />
            </details>
            <BodyPreview body={answer.body} testId="replay-body" />
          </div>
          {original?.status !== undefined && (
            <div class="replay-answer replay-original" data-testid="replay-original" data-status={original.status}>
              <h4>
                Original:{' '}
                <span class={original.status >= 400 || original.status === 0 ? 'status-bad' : undefined}>
                  {original.status || 'failed'}
                </span>
              </h4>
              {original.responseHeaders && (
                <details>
                  <summary>Response headers ({original.responseHeaders.length})</summary>
                  <HeaderList headers={original.responseHeaders} label="Original response headers" />
                </details>
              )}
              <p class="muted">The original body is not kept.</p>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
