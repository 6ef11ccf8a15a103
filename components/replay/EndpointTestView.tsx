import type { EndpointTestState, ReplayModel } from '../state/replay-state.ts';
import { VisibleText } from '../common/VisibleText.tsx';

const VERDICT_TEXT = { accepted: 'accepted — a hole', refused: 'refused — passed', inconclusive: 'inconclusive' };

/**
 * "Test this endpoint": progress and cancel while the playbook runs, then one row per request —
 * variant, forgery, status, size, whether the server accepted it like the original, and why.
 */
export function EndpointTestView({ state, model }: { state: EndpointTestState; model: ReplayModel }) {
  const { results, total, running } = state;
  const accepted = results.filter((r) => r.step.variant !== 'original' && r.acceptance.verdict === 'accepted');
  const finished = !running && !state.error;
  return (
    <div class="section endpoint-test" data-testid="endpoint-test" aria-label="Endpoint test">
      <div class="section-head">
        <h3>Test this endpoint</h3>
        {running ? (
          <button
            type="button"
            class="tool-button bordered"
            data-testid="endpoint-test-cancel"
            onClick={() => model.cancelTest()}
          >
            Cancel
          </button>
        ) : (
          <button type="button" class="tool-button" data-testid="endpoint-test-close" onClick={() => model.closeTest()}>
            Close
          </button>
        )}
      </div>
      <p class="replay-target">
        <code>{state.target.method}</code>{' '}
        <span class="url-cell">
          <VisibleText text={state.target.url} />
        </span>
      </p>
      {state.error && (
        <p class="form-error" role="alert" data-testid="endpoint-test-error" data-code={state.error.code}>
          <VisibleText text={state.error.message} />
        </p>
      )}
      {running && (
        <p class="muted" aria-live="polite">
          <progress
            data-testid="endpoint-test-progress"
            value={results.length}
            max={total || 1}
            aria-label="Requests answered"
          />{' '}
          {total === 0 ? 'Making the variants…' : `${results.length} of ${total} answered`}
        </p>
      )}
      {finished && (
        <p
          data-testid="endpoint-test-done"
          data-accepted={accepted.length}
          class={accepted.length ? 'status-bad' : 'form-ok'}
        >
          {state.cancelled ? `Cancelled after ${results.length} of ${total}. ` : ''}
          {accepted.length === 0
            ? 'The server refused every forged variant it got.'
            : `The server accepted ${accepted.length} forged variant${accepted.length === 1 ? '' : 's'}: see the findings.`}
        </p>
      )}
      {results.length > 0 && (
        <div class="endpoint-results-wrap" tabIndex={0} role="region" aria-label="Endpoint test results">
          <table class="endpoint-results">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr
                  key={r.step.id}
                  data-testid="endpoint-result"
                  data-variant={r.step.variant}
                  data-step={r.step.id}
                  data-status={r.status}
                  data-accepted={String(r.acceptance.verdict === 'accepted')}
                  data-verdict={r.acceptance.verdict}
                  class={
                    r.step.variant !== 'original' && r.acceptance.verdict === 'accepted' ? 'endpoint-hole' : undefined
                  }
                >
                  <td>
                    <code>{r.step.variant}</code>
                    <div class="muted">
                      <VisibleText text={r.step.label} />
                    </div>
                  </td>
                  <td class={r.status === 0 || r.status >= 400 ? 'status-bad' : undefined}>{r.status || '—'}</td>
                  <td>{r.size ?? ''}</td>
                  <td>
                    {r.step.variant === 'original' ? 'baseline' : VERDICT_TEXT[r.acceptance.verdict]}
                    <div class="muted">
                      <VisibleText text={r.acceptance.evidence} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
