import { ruleInfo } from '../../lib/rules/index.ts';
import type { Finding } from '../../lib/rules/index.ts';
import { referenceParts } from './reference-links.ts';
import { VisibleText } from '../common/VisibleText.tsx';

/** A secret a finding names, and how to put it on the key ring. */
export interface FoundSecret {
  secret: string;
  /** Already on the key ring. */
  inRing: boolean;
  onAdd(): void;
}

/**
 * The findings of a token, most severe first: message, explanation and fix, reference links; a
 * guessable-secret finding offers "Add to key ring" for the secret it names.
 */
export function FindingsList({ findings, weakSecret }: { findings: readonly Finding[]; weakSecret?: FoundSecret }) {
  if (findings.length === 0)
    return (
      <p class="muted" data-testid="no-findings">
        No weaknesses found.
      </p>
    );
  return (
    <ul class="findings" aria-label="Findings">
      {findings.map((f) => {
        const info = ruleInfo(f.rule) as (ReturnType<typeof ruleInfo> & { fix?: string }) | undefined;
        return (
          <li
            key={`${f.rule}\u0000${f.message}`}
            class={`finding sev-border-${f.severity}`}
            data-testid="finding"
            data-rule={f.rule}
            data-severity={f.severity}
          >
            <div class="finding-head">
              <span class={`sev sev-${f.severity}`}>{f.severity}</span>
              <strong class="finding-title">{info?.title ?? f.rule}</strong>
              <code class="muted">{f.rule}</code>
              {f.count !== undefined && f.count > 1 && (
                <span class="muted" data-testid="finding-count" title={`Found ${f.count} times`}>
                  ×{f.count}
                </span>
              )}
            </div>
            <p class="finding-message">
              <VisibleText text={f.message} />
            </p>
            {f.rule === 'weak-hmac-secret' && weakSecret && weakSecret.secret !== '' && (
              <div class="form-row">
                <button
                  type="button"
                  class="tool-button bordered"
                  data-testid="finding-add-key"
                  disabled={weakSecret.inRing}
                  onClick={weakSecret.onAdd}
                >
                  {weakSecret.inRing ? 'On the key ring' : 'Add to key ring'}
                </button>
                <span class="muted">so the token verifies with it</span>
              </div>
            )}
            {info && (
              <details class="finding-more">
                <summary>Why it matters and how to fix it</summary>
                <p>{info.explanation}</p>
                {info.fix && <p>{info.fix}</p>}
                <p class="finding-ref">
                  Reference:{' '}
                  {referenceParts(info.reference).map((p, i) => (
                    <span key={i}>
                      {i > 0 && '; '}
                      {p.href ? (
                        <a href={p.href} target="_blank" rel="noreferrer noopener">
                          {p.text}
                        </a>
                      ) : (
                        p.text
                      )}
                    </span>
                  ))}
                </p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
