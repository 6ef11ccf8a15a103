import { VisibleText } from '../common/VisibleText.tsx';
import type { Verdict } from '../../lib/timeline/model.ts';

const STATUS_WORDS: Readonly<Record<Verdict['status'], string>> = {
  pass: 'Pass',
  fail: 'Fail',
  info: 'Info',
  unknown: 'Unknown',
};

/** One session's verdicts, each with its status and its evidence (human sentences with times). */
export function VerdictList({ verdicts }: { verdicts: readonly Verdict[] }) {
  if (verdicts.length === 0)
    return (
      <p class="tl-verdicts-empty muted" data-testid="verdicts">
        No verdicts for this session.
      </p>
    );
  return (
    <ul class="tl-verdicts" data-testid="verdicts" aria-label="Verdicts">
      {verdicts.map((v) => (
        <li
          key={v.id}
          class={`tl-verdict tl-verdict-${v.status}`}
          data-testid="verdict"
          data-verdict={v.id}
          data-status={v.status}
        >
          <details>
            <summary>
              <span class={`tl-verdict-status tl-status-${v.status}`}>{STATUS_WORDS[v.status]}</span>{' '}
              <span class="tl-verdict-title" data-testid="verdict-title">
                <VisibleText text={v.title} />
              </span>
            </summary>
            {v.evidence.length > 0 ? (
              <ul class="tl-evidence" data-testid="verdict-evidence">
                {v.evidence.map((line, i) => (
                  <li key={i}>
                    <VisibleText text={line} />
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">No evidence in this capture.</p>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
